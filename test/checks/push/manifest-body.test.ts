import check from '../../../checks/push/manifest-body.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci, withRequestText } from '../../support/har.js';
import { INVALID_BODIES, VALID_BODIES } from '../../support/manifest-bodies.js';

function bad(name: keyof typeof INVALID_BODIES) {
  const { doc, type } = INVALID_BODIES[name];
  return har(oci.pushManifest({ manifest: doc, mediaType: type }));
}

checkTester.run(check, {
  valid: Object.entries(VALID_BODIES).map(([name, { doc, type }]) => ({ name, har: har(oci.pushManifest({ manifest: doc, mediaType: type })) })),
  invalid: [
    { name: 'schemaVersion 3', har: bad('schemaVersion 3'), findings: [{ messageId: 'schema', entry: 0 }] },
    { name: 'index entry without a digest', har: bad('index entry without a digest'), findings: [{ messageId: 'schema', entry: 0 }] },
    { name: 'Docker list entry without platform', har: bad('Docker list entry without platform'), findings: [{ messageId: 'schema', entry: 0 }] },
    { name: 'manifest and index at once (CVE-2021-41190)', har: bad('manifest and index at once (CVE-2021-41190)'), findings: [{ messageId: 'ambiguous', entry: 0 }] },
    { name: 'empty descriptor with the wrong size', har: bad('empty descriptor with the wrong size'), findings: [{ messageId: 'emptyDescriptor', entry: 0 }] },
    { name: 'empty config without artifactType', har: bad('empty config without artifactType'), findings: [{ messageId: 'artifactTypeMissing', entry: 0 }] },
    { name: 'embedded data that is not the content', har: bad('embedded data that is not the content'), findings: [{ messageId: 'dataMismatch', entry: 0 }] },
    { name: 'the removed artifact manifest', har: bad('the removed artifact manifest'), findings: [{ messageId: 'artifactManifest', entry: 0 }] },
  ],
  notEvaluable: [{ name: 'request body not captured', har: har(withRequestText(oci.pushManifest(), 0, undefined)) }],
});
