import check from '../../../checks/pull/head-get-agree.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_MANIFEST_DIGEST, har, oci, sha256Digest } from '../../support/har.js';

const OTHER = sha256Digest('a platform manifest');

checkTester.run(check, {
  valid: [
    { name: 'HEAD then GET of a manifest agree', har: har(oci.pullManifest({ head: true }), oci.pullManifest()) },
    { name: 'HEAD then GET of a blob agree', har: har(oci.headBlob(), oci.pullBlob()) },
    { name: 'missing, then pushed, then present', har: har(oci.pullManifest({ ref: 'v1', head: true, status: 404 }), oci.pushManifest({ ref: 'v1' }), oci.pullManifest({ ref: 'v1' })) },
    {
      name: 'different Accept may negotiate another representation',
      har: har(oci.pullManifest({ head: true, digest: OTHER, accept: 'application/vnd.docker.distribution.manifest.v2+json' }), oci.pullManifest()),
    },
  ],
  invalid: [
    { name: 'HEAD says present, GET says missing', har: har(oci.pullManifest({ head: true }), oci.pullManifest({ status: 404 })), findings: [{ messageId: 'existence', entry: 1 }] },
    {
      name: 'HEAD digest of a tag differs from GET (Docker Hub list bug, §6 item 9)',
      har: har(oci.pullManifest({ head: true, digest: OTHER }), oci.pullManifest({ digest: DEFAULT_MANIFEST_DIGEST })),
      findings: [{ messageId: 'digest', entry: 1 }],
    },
    {
      name: 'HEAD Content-Length differs from the GET body',
      har: har(oci.headBlob({ resHeaders: { 'Content-Length': '999' } }), oci.pullBlob()),
      findings: [{ messageId: 'length', entry: 1 }],
    },
  ],
});
