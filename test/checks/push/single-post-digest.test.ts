import check from '../../../checks/push/single-post-digest.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_LAYER, REGISTRY, edit, har, type HarEntry, oci, sha256Digest, withRequestText } from '../../support/har.js';

const single = oci.pushBlob({ style: 'single-post' });
const post = single[0]!;

/** The single POST with another ?digest= value. */
function namingDigest(digest: string): HarEntry {
  return edit(post, { url: `${REGISTRY}/v2/library/hello/blobs/uploads/?digest=${encodeURIComponent(digest)}` });
}

checkTester.run(check, {
  valid: [
    { name: 'single POST with the right digest and length', har: har(single) },
    { name: 'bodiless POST ?digest= answered 202, then PUT', har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER })) },
    { name: 'monolithic and chunked uploads are not single POSTs', har: har(oci.pushBlob(), oci.pushBlob({ style: 'chunked' })) },
    { name: 'sha512 digest (only sha256 is computed)', har: har(namingDigest(`sha512:${'ab'.repeat(64)}`)) },
  ],
  invalid: [
    { name: 'digest of other bytes', har: har(namingDigest(sha256Digest('other bytes'))), findings: [{ messageId: 'digestMismatch', entry: 0 }] },
    {
      // (A larger Content-Length cannot be told from a capture that cut the body: the reader
      // marks that body truncated, so only a smaller one is evidence.)
      name: 'Content-Length smaller than the body',
      har: har(edit(post, { reqHeaders: { 'Content-Length': String(DEFAULT_LAYER.length - 24) } })),
      findings: [{ messageId: 'lengthMismatch', entry: 0 }],
    },
  ],
  notEvaluable: [{ name: 'body not kept by the capture', har: har(withRequestText(single, 0, undefined)) }],
});
