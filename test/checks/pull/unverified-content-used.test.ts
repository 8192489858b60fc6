import check from '../../../checks/pull/unverified-content-used.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_CONFIG, DEFAULT_MANIFEST, DEFAULT_MANIFEST_DIGEST, har, oci } from '../../support/har.js';

const OTHER = `sha256:${'ab'.repeat(32)}`;
// The registry serves DEFAULT_MANIFEST's bytes for a digest (or under a header) they do not hash to.
const wrongBodyByDigest = () => oci.pullManifest({ ref: OTHER, digest: OTHER });
const wrongHeaderByTag = () => oci.pullManifest({ ref: 'v1', digest: OTHER });

checkTester.run(check, {
  valid: [
    { name: 'pull by digest: verified manifest, then its config and layer', har: har(oci.pullManifest({ ref: DEFAULT_MANIFEST_DIGEST }), oci.pullBlob({ content: DEFAULT_CONFIG }), oci.pullBlob()) },
    { name: 'pull by tag with a matching Docker-Content-Digest, then the blobs', har: har(oci.pullManifest({ ref: 'v1' }), oci.pullBlob()) },
    { name: 'mismatching manifest, and the client stops there', har: har(wrongBodyByDigest(), oci.ping()) },
    {
      name: 'mismatching manifest, then the right one fetched by digest, then the blobs it lists',
      har: har(wrongBodyByDigest(), oci.pullManifest({ ref: DEFAULT_MANIFEST_DIGEST }), oci.pullBlob()),
    },
    { name: 'mismatch in another repository does not taint this one', har: har(wrongBodyByDigest(), oci.pullBlob({ repo: 'other/repo' })) },
  ],
  invalid: [
    {
      name: 'C8: pulled by digest, body hashes elsewhere, client fetches its layer anyway',
      har: har(wrongBodyByDigest(), oci.pullBlob()),
      findings: [{ messageId: 'byDigest', entry: 1, confidence: 'inferred', severity: 'warning' }],
    },
    {
      name: 'C8: pulled by tag, Docker-Content-Digest disagrees with the body, client fetches config and layer (reported once each)',
      har: har(wrongHeaderByTag(), oci.pullBlob({ content: DEFAULT_CONFIG }), oci.pullBlob(), oci.pullBlob()),
      findings: [
        { messageId: 'byHeader', entry: 1, severity: 'error' },
        { messageId: 'byHeader', entry: 2, severity: 'error' },
      ],
    },
    {
      name: 'a HEAD of a listed blob counts as using it',
      har: har(wrongBodyByDigest(), oci.pullBlob({ head: true })),
      findings: [{ messageId: 'byDigest', entry: 1 }],
    },
  ],
  notEvaluable: [
    {
      name: 'manifest body not kept by the capture',
      har: har(oci.pullManifest({ ref: 'v1', resBody: { absent: true, size: DEFAULT_MANIFEST.length } }), oci.pullBlob()),
    },
  ],
});

// The fixture's premise: the default manifest really lists the default config.
if (!DEFAULT_MANIFEST.includes('"config"')) throw new Error('DEFAULT_MANIFEST lists no config');
