import check from '../../../checks/capture/truncated-capture.js';
import { checkTester } from '../../support/check-tester.js';
import { harText, oci } from '../../support/har.js';

const full = harText(oci.ping(), oci.pullManifest(), oci.pullBlob());
/** Offset of the `n`-th entry's opening brace in `full` (entries are objects inside log.entries). */
function entryStart(n: number): number {
  let at = full.indexOf('"entries": [');
  for (let i = 0; i <= n; i++) at = full.indexOf('\n      {', at + 1);
  return at + '\n      '.length;
}

checkTester.run(check, {
  valid: [
    { name: 'complete capture: push an image and pull it', har: harText(oci.pushImage(), oci.pullManifest(), oci.pullBlob()) },
    { name: 'complete capture with trailing whitespace', har: `${full}\n\n  ` },
    { name: 'compact JSON on one line', har: JSON.stringify(JSON.parse(full)) },
  ],
  invalid: [
    {
      name: 'file ends inside the second entry',
      har: full.slice(0, entryStart(1) + 200),
      findings: [{ messageId: 'truncated', entry: 1, severity: 'warning' }],
    },
    {
      name: 'file ends inside the first entry: nothing complete',
      har: full.slice(0, entryStart(0) + 50),
      findings: [{ messageId: 'truncated', entry: 0 }],
    },
    {
      name: 'file ends between two entries',
      har: full.slice(0, entryStart(2) - 1),
      findings: [{ messageId: 'truncated', entry: 2 }],
    },
    {
      name: 'file ends after log.entries, before the closing braces',
      har: full.slice(0, full.lastIndexOf(']') + 1),
      findings: [{ messageId: 'truncated', entry: 3 }],
    },
    {
      name: 'binary garbage inside the third entry',
      har: `${full.slice(0, entryStart(2) + 30)}\u0000\u0001garbage${full.slice(entryStart(2) + 30)}`,
      findings: [{ messageId: 'truncated', entry: 2 }],
    },
  ],
});
