import check from '../../../checks/push/manifest-put-digest.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_MANIFEST, DEFAULT_MANIFEST_DIGEST, har, oci, sha256Digest, withRequestText } from '../../support/har.js';

const OTHER = sha256Digest('other bytes');

checkTester.run(check, {
  valid: [
    { name: 'manifest pushed by its own digest', har: har(oci.pushManifest({ ref: DEFAULT_MANIFEST_DIGEST, manifest: DEFAULT_MANIFEST })) },
    { name: 'manifest pushed by tag (nothing to compare)', har: har(oci.pushManifest()) },
    { name: 'the same under spec 1.0.1', spec: '1.0.1', har: har(oci.pushManifest({ ref: DEFAULT_MANIFEST_DIGEST, manifest: DEFAULT_MANIFEST })) },
  ],
  invalid: [
    {
      name: 'manifest pushed under a digest its bytes do not have (registry accepted)',
      har: har(oci.pushManifest({ ref: OTHER, manifest: DEFAULT_MANIFEST })),
      findings: [{ messageId: 'mismatch', entry: 0, severity: 'error' }],
    },
    {
      name: 'manifest re-serialised after hashing (registry refused with 400): still the client sent it',
      har: har(oci.pushManifest({ ref: DEFAULT_MANIFEST_DIGEST, manifest: JSON.stringify(JSON.parse(DEFAULT_MANIFEST), null, 2), status: 400 })),
      findings: [{ messageId: 'mismatch', entry: 0 }],
    },
    {
      name: 'the same mismatch under spec main',
      spec: 'main',
      har: har(oci.pushManifest({ ref: OTHER, manifest: DEFAULT_MANIFEST })),
      findings: [{ messageId: 'mismatch', entry: 0 }],
    },
  ],
  notEvaluable: [
    { name: 'request body not kept by the capture', har: har(withRequestText(oci.pushManifest({ ref: DEFAULT_MANIFEST_DIGEST, manifest: DEFAULT_MANIFEST }), 0, undefined)) },
    { name: 'sha512 reference (only sha256 is computed)', har: har(oci.pushManifest({ ref: `sha512:${'ab'.repeat(64)}`, manifest: DEFAULT_MANIFEST })) },
  ],
});
