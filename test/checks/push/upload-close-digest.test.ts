import check from '../../../checks/push/upload-close-digest.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_LAYER, editAt, har, type HarEntry, locationOf, oci, REGISTRY, sha256Digest, resumedChunkedUpload, withRequestText } from '../../support/har.js';
import { chunkedPush, chunksOutOfFileOrder } from '../../support/chunked.js';

const LAYER_HEX = sha256Digest(DEFAULT_LAYER).slice('sha256:'.length);

/** Monolithic push whose closing PUT names no digest. */
function putWithoutDigest(): HarEntry[] {
  const b = oci.pushBlob();
  return editAt(b, 1, { url: `${REGISTRY}${locationOf(b[0]!)!}` });
}

checkTester.run(check, {
  valid: [
    { name: 'three PATCHes then an empty PUT: the reassembled bytes match the digest', har: har(chunkedPush({ chunks: 3 })) },
    { name: 'two PATCHes, the last part in the closing PUT', har: har(chunkedPush({ chunks: 2, lastInPut: true })) },
    { name: 'chunked push of the default two PATCHes', har: har(oci.pushBlob({ style: 'chunked' })) },
    { name: 'whole image push: each PUT names the digest of its bytes', har: har(oci.pushImage()) },
    { name: 'bearer-authenticated monolithic push', har: har(oci.bearerFlow(oci.pushBlob())) },
    { name: 'empty blob (sha256 of no bytes)', har: har(oci.startUpload(), oci.finishUpload({ data: '' })) },
    {
      name: 'monolithic PUT after a mount fell back to an upload session',
      har: (() => {
        const m = oci.mount({ status: 202 });
        return har(m, oci.finishUpload({ location: m.location!, data: DEFAULT_LAYER }));
      })(),
    },
    { name: 'docker-style streamed upload: one PATCH carries the whole blob', har: har(oci.pushBlob({ style: 'streamed' })) },
    {
      name: 'blob captured as UTF-8 text rather than base64',
      har: har(oci.startUpload(), oci.finishUpload({ data: '{"architecture":"amd64","os":"linux"}' })),
    },
  ],
  invalid: [
    {
      name: 'three PATCHes then a PUT naming the digest of the first chunk only',
      har: har(chunkedPush({ chunks: 3, digest: sha256Digest(DEFAULT_LAYER.subarray(0, 342)) })),
      findings: [{ messageId: 'mismatch', entry: 4 }],
    },
    {
      name: 'last part in the closing PUT, digest of the PATCHed bytes only',
      har: har(chunkedPush({ chunks: 2, lastInPut: true, digest: sha256Digest(DEFAULT_LAYER.subarray(0, 684)) })),
      findings: [{ messageId: 'mismatch', entry: 3 }],
    },
    { name: 'closing PUT without ?digest=', har: har(putWithoutDigest()), findings: [{ messageId: 'missing', entry: 1, severity: 'error' }] },
    {
      name: 'upper-case hex digest',
      har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER, digest: `sha256:${LAYER_HEX.toUpperCase()}` })),
      findings: [{ messageId: 'malformed', entry: 1 }],
    },
    {
      name: 'sha256 digest of the wrong length',
      har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER, digest: `sha256:${LAYER_HEX.slice(0, 63)}` })),
      findings: [{ messageId: 'malformed', entry: 1 }],
    },
    {
      name: 'digest names other bytes (registry accepted)',
      har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER, digest: sha256Digest('other bytes') })),
      findings: [{ messageId: 'mismatch', entry: 1 }],
    },
    {
      name: 'digest names other bytes (registry refused with 400 DIGEST_INVALID): still the client\'s mistake',
      har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER, digest: sha256Digest('other bytes'), status: 400 })),
      findings: [{ messageId: 'mismatch', entry: 1 }],
    },
    {
      name: 'streamed PATCH then a PUT naming another digest',
      har: (() => {
        const b = oci.pushBlob({ style: 'streamed' });
        const put = b[b.length - 1]!;
        return har(editAt(b, -1, { url: put.request.url.replace(/digest=[^&]+/, `digest=${encodeURIComponent(sha256Digest('other bytes'))}`) }));
      })(),
      findings: [{ messageId: 'mismatch', entry: 2 }],
    },
  ],
  notEvaluable: [
    { name: 'chunked upload: a PATCH was lost, then resumed after a status GET (reassembly cannot follow)', har: har(resumedChunkedUpload()) },
    { name: 'chunked upload replayed out of file order', har: chunksOutOfFileOrder() },
    { name: 'PUT body not kept by the capture', har: har(withRequestText(oci.pushBlob(), 1, undefined)) },
    { name: 'PUT body replaced by a redaction placeholder', har: har(withRequestText(oci.pushBlob(), 1, '[REDACTED]')) },
    {
      name: 'sha512 digest (only sha256 is computed)',
      har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER, digest: `sha512:${'ab'.repeat(64)}` })),
    },
  ],
});
