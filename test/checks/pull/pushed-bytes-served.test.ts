import check from '../../../checks/pull/pushed-bytes-served.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_MANIFEST, har, oci, ociManifest, withRequestText } from '../../support/har.js';

// The same manifest re-serialised with indentation: same JSON, different bytes and digest.
const REWRITTEN = JSON.stringify(ociManifest(), null, 2);

checkTester.run(check, {
  valid: [
    { name: 'pushed by tag, pulled by tag: same bytes', har: har(oci.pushManifest({ ref: 'v1' }), oci.pullManifest({ ref: 'v1' })) },
    {
      name: 'pushed by tag, pulled by digest: same bytes',
      har: har(oci.pushManifest({ ref: 'v1' }), oci.pullManifest({ ref: oci.pushManifest().digest })),
    },
    { name: 'pulled but never pushed in this capture', har: har(oci.pullManifest({ ref: 'v1', manifest: REWRITTEN })) },
    {
      name: 'tag moved by a second push, the pull returns the newer manifest',
      har: har(oci.pushManifest({ ref: 'v1' }), oci.pushManifest({ ref: 'v1', manifest: REWRITTEN }), oci.pullManifest({ ref: 'v1', manifest: REWRITTEN })),
    },
    {
      name: 'spec 1.0.1 has no byte-for-byte requirement',
      har: har(oci.pushManifest({ ref: 'v1' }), oci.pullManifest({ ref: 'v1', manifest: REWRITTEN })),
      spec: '1.0.1',
    },
  ],
  invalid: [
    {
      name: 'registry re-serialised the manifest it was given',
      har: har(oci.pushManifest({ ref: 'v1' }), oci.pullManifest({ ref: 'v1', manifest: REWRITTEN })),
      findings: [{ messageId: 'rewritten', entry: 1 }],
    },
  ],
  notEvaluable: [
    {
      name: 'the push body was not captured',
      har: har(withRequestText(oci.pushManifest({ ref: 'v1' }), 0, undefined), oci.pullManifest({ ref: 'v1', manifest: DEFAULT_MANIFEST })),
    },
  ],
});
