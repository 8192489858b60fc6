import check from '../../../checks/general/warning-header.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

const warned = (value: string | string[]) => oci.pullManifest({ resHeaders: { Warning: value } });

checkTester.run(check, {
  valid: [
    { name: 'no warnings', har: har(oci.pushImage(), oci.pullManifest()) },
    { name: 'one spec warning', har: har(warned('299 - "this repository is deprecated"')) },
    { name: 'two spec warnings on separate lines', har: har(warned(['299 - "first"', '299 - "second, with a comma"'])) },
    { name: 'escaped quote inside the text', har: har(warned('299 - "say \\"hi\\""')) },
  ],
  invalid: [
    { name: 'another warn-code and agent', har: har(warned('199 registry.test "deprecated"')), findings: [{ messageId: 'badForm', entry: 0 }] },
    { name: 'a warn-date', har: har(warned('299 - "deprecated" "Sun, 22 Nov 2026 10:00:00 GMT"')), findings: [{ messageId: 'badForm', entry: 0 }] },
    { name: 'more than 4096 bytes of warnings', har: har(warned(`299 - "${'x'.repeat(5000)}"`)), findings: [{ messageId: 'tooLong', entry: 0 }] },
  ],
});
