import check from '../../../checks/push/blob-digest-verified.js';
import { checkTester } from '../../support/check-tester.js';
import { appendQuery, DEFAULT_LAYER, editAt, exchange, har, type HarEntry, MT, oci, sha256Digest, withRequestText } from '../../support/har.js';

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
    { name: 'whole image push, every blob hashed as named', har: har(oci.pushImage()) },
    { name: 'single POST whose body matches the digest', har: har(oci.pushBlob({ style: 'single-post' })) },
    { name: 'mount 201 (no bytes travel)', har: har(oci.mount()) },
    {
      name: 'mismatching PUT refused with 400 DIGEST_INVALID',
      har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER, digest: OTHER_DIGEST, status: 400 })),
    },
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
    { name: 'chunked upload (reassembly not evaluated)', har: har(oci.pushBlob({ style: 'chunked' })) },
    { name: 'PUT body not kept by the capture', har: har(withRequestText(oci.pushBlob(), 1, undefined)) },
    { name: 'PUT body replaced by a redaction placeholder', har: har(withRequestText(oci.pushBlob(), 1, '[REDACTED]')) },
    { name: 'single POST body not kept by the capture', har: har(withRequestText([singlePost(LAYER_DIGEST)], 0, undefined)) },
    {
      name: 'sha512 digest accepted (only sha256 is computed)',
      har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER, digest: `sha512:${'ab'.repeat(64)}` })),
    },
  ],
});
