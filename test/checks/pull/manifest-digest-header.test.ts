import check from '../../../checks/pull/manifest-digest-header.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_MANIFEST_DIGEST, har, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'push an image, then GET and HEAD its manifest', har: har(oci.pushImage(), oci.pullManifest(), oci.pullManifest({ head: true })) },
    { name: 'pull behind token auth (the 401 is not judged)', har: har(oci.authedPull()) },
    { name: 'GET by digest', har: har(oci.pullManifest({ ref: DEFAULT_MANIFEST_DIGEST })) },
    { name: '404 for an unknown tag', har: har(oci.pullManifest({ status: 404 })) },
    { name: 'a blob GET is not a manifest', har: har(oci.pullBlob({ omitDigestHeader: true })) },
  ],
  invalid: [
    {
      name: 'GET without Docker-Content-Digest (v1.1.1: SHOULD)',
      har: har(oci.pullManifest({ omitDigestHeader: true })),
      findings: [{ messageId: 'missing', entry: 0, severity: 'warning' }],
    },
    {
      name: 'HEAD without Docker-Content-Digest (main: MUST)',
      spec: 'main',
      har: har(oci.ping(), oci.pullManifest({ head: true, omitDigestHeader: true })),
      findings: [{ messageId: 'missing', entry: 1, severity: 'error' }],
    },
    {
      name: 'GET by digest without the header (main)',
      spec: 'main',
      har: har(oci.pullManifest({ ref: DEFAULT_MANIFEST_DIGEST, omitDigestHeader: true })),
      findings: [{ messageId: 'missing', entry: 0, severity: 'error' }],
    },
    {
      name: 'empty Docker-Content-Digest',
      har: har(oci.pullManifest({ digest: '' })),
      findings: [{ messageId: 'empty', entry: 0, severity: 'warning' }],
    },
  ],
});
