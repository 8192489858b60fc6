import check from '../../../checks/push/blob-digest-verified.js';
import { checkTester } from '../../support/check-tester.js';
import { appendQuery, DEFAULT_LAYER, editAt, exchange, har, type HarEntry, MT, oci, sha256Digest, resumedChunkedUpload, withRequestText } from '../../support/har.js';
import { chunkedPush, chunksOutOfFileOrder } from '../../support/chunked.js';

const LAYER_DIGEST = sha256Digest(DEFAULT_LAYER);
const OTHER_DIGEST = sha256Digest('other bytes');

/** POST ?digest=<digest> with the layer as body, answered 201 (single-POST upload). */
function singlePost(digest: string, status = 201): HarEntry {
  return exchange({
    method: 'POST',
    url: appendQuery('/v2/library/hello/blobs/uploads/', 'digest', digest),
    status,
    reqBody: DEFAULT_LAYER,
    reqHeaders: { 'Content-Type': MT.octet },
    resHeaders: status === 201 ? { Location: `/v2/library/hello/blobs/${digest}`, 'Docker-Content-Digest': digest } : {},
  });
}

checkTester.run(check, {
  valid: [
    { name: 'three PATCHes then an empty PUT: the reassembled bytes match the digest', har: har(chunkedPush({ chunks: 3 })) },
    { name: 'two PATCHes, the last part in the closing PUT', har: har(chunkedPush({ chunks: 2, lastInPut: true })) },
    { name: 'chunked push of the default two PATCHes', har: har(oci.pushBlob({ style: 'chunked' })) },
    { name: 'whole image push, every blob hashed as named', har: har(oci.pushImage()) },
    { name: 'single POST whose body matches the digest', har: har(oci.pushBlob({ style: 'single-post' })) },
    { name: 'mount 201 (no bytes travel)', har: har(oci.mount()) },
    {
      name: 'mismatching PUT refused with 400 DIGEST_INVALID',
      har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER, digest: OTHER_DIGEST, status: 400 })),
    },
    { name: 'three-chunk upload with the wrong digest refused with 400', har: har(chunkedPush({ chunks: 3, digest: OTHER_DIGEST, closeStatus: 400 })) },
    { name: 'mismatching single POST refused with 400', har: har(singlePost(OTHER_DIGEST, 400)) },
    { name: 'empty blob', har: har(oci.startUpload(), oci.finishUpload({ data: '' })) },
    {
      name: 'upper-case hex digest accepted: a malformed digest, left to push/upload-close-digest',
      har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER, digest: LAYER_DIGEST.toUpperCase().replace('SHA256', 'sha256') })),
    },
    { name: 'closing PUT without digest: left to push/upload-close-digest', har: har(editAt(oci.pushBlob(), 1, { url: oci.pushBlob()[1]!.request.url.replace(/&digest=[^&]*/, '') })) },
  ],
  invalid: [
    {
      name: 'three-chunk upload accepted with 201 although the reassembled bytes hash differently',
      har: har(chunkedPush({ chunks: 3, digest: OTHER_DIGEST })),
      findings: [{ messageId: 'accepted', entry: 4 }],
    },
    {
      name: 'last part in the closing PUT, accepted under the wrong digest',
      har: har(chunkedPush({ chunks: 2, lastInPut: true, digest: OTHER_DIGEST })),
      findings: [{ messageId: 'accepted', entry: 3 }],
    },
    {
      name: 'closing PUT accepted with 201 although the bytes hash differently',
      har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER, digest: OTHER_DIGEST })),
      findings: [{ messageId: 'accepted', entry: 1, severity: 'error' }],
    },
    {
      name: 'mismatching closing PUT accepted with 204',
      har: har(editAt([...oci.startUpload(), ...oci.finishUpload({ data: DEFAULT_LAYER, digest: OTHER_DIGEST })], 1, { status: 204 })),
      findings: [{ messageId: 'accepted', entry: 1 }],
    },
    {
      name: 'second blob of a bearer-authenticated push accepted under the wrong digest',
      har: (() => {
        const second = oci.startUpload({ uuid: 'u2' });
        const close = oci.finishUpload({ location: second.location!, data: 'config bytes', digest: OTHER_DIGEST });
        return har(oci.bearerFlow([...oci.pushBlob(), ...second, ...close]));
      })(),
      findings: [{ messageId: 'accepted', entry: 5 }],
    },
    {
      name: 'single POST accepted although the body hashes differently',
      har: har(singlePost(OTHER_DIGEST)),
      findings: [{ messageId: 'accepted', entry: 0 }],
    },
  ],
  notEvaluable: [
    { name: 'chunked upload: a PATCH was lost, then resumed after a status GET (reassembly cannot follow)', har: har(resumedChunkedUpload()) },
    { name: 'chunked upload replayed out of file order', har: chunksOutOfFileOrder() },
    { name: 'PUT body not kept by the capture', har: har(withRequestText(oci.pushBlob(), 1, undefined)) },
    { name: 'PUT body replaced by a redaction placeholder', har: har(withRequestText(oci.pushBlob(), 1, '[REDACTED]')) },
    { name: 'single POST body not kept by the capture', har: har(withRequestText([singlePost(LAYER_DIGEST)], 0, undefined)) },
    {
      name: 'sha512 digest accepted (only sha256 is computed)',
      har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER, digest: `sha512:${'ab'.repeat(64)}` })),
    },
  ],
});
