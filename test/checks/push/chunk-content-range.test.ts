import check from '../../../checks/push/chunk-content-range.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_LAYER, edit, editAt, har, type HarEntry, locationOf, oci, resumedChunkedUpload, sha256Digest } from '../../support/har.js';

const LAYER_DIGEST = sha256Digest(DEFAULT_LAYER);

/** POST, PATCH 0-511, PATCH 512-1023, PUT (the 1024-byte default layer in two chunks). */
const chunked = (): HarEntry[] => oci.pushBlob({ style: 'chunked' });

/** POST, PATCH 0-511, then the closing PUT carrying bytes 512-1023 with `contentRange`. */
function finalChunkInPut(contentRange: string): HarEntry[] {
  const [post, first] = chunked();
  return [post!, first!, ...oci.finishUpload({ location: locationOf(first!)!, data: DEFAULT_LAYER.subarray(512), digest: LAYER_DIGEST, contentRange })];
}

/** Chunk 1 without Content-Length, its body not kept and no size recorded. */
function firstChunkSizeUnknown(): HarEntry[] {
  const entries = editAt(chunked(), 1, { reqHeaders: { 'Content-Length': null } });
  const copy = structuredClone(entries[1]!);
  delete copy.request.postData!.text;
  delete copy.request.postData!.encoding;
  copy.request.bodySize = -1;
  return entries.map((e, i) => (i === 1 ? copy : e));
}

checkTester.run(check, {
  valid: [
    { name: 'whole chunked image push, inclusive ranges', har: har(oci.pushImage({ style: 'chunked' })) },
    { name: 'three chunks (400 + 400 + 224 bytes)', har: har(oci.pushBlob({ style: 'chunked', chunkSize: 400 })) },
    { name: 'one-byte chunks: Content-Range 0-0, 1-1, 2-2', har: har(oci.pushBlob({ style: 'chunked', data: 'abc', chunkSize: 1 })) },
    { name: 'streamed PATCH without Content-Range (push/streamed-upload covers it)', har: har(oci.pushBlob({ style: 'streamed' })) },
    { name: 'bearer-authenticated chunked push', har: har(oci.bearerFlow(chunked())) },
    {
      name: 'chunk retried at the same offset after a 500',
      har: (() => {
        const b = chunked();
        return har(b[0]!, b[1]!, edit(b[2]!, { status: 500 }), b[2]!, b[3]!);
      })(),
    },
    { name: 'resume at the offset a status GET reported after a failed chunk', har: har(resumedChunkedUpload()) },
    { name: 'final chunk sent in the closing PUT with its Content-Range', har: har(finalChunkInPut('512-1023')) },
    {
      name: 'monolithic PUT with Content-Range 0-1023',
      har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER, contentRange: '0-1023' })),
    },
  ],
  invalid: [
    {
      name: 'RFC 9110 form with unit and total',
      har: har(editAt(chunked(), 1, { reqHeaders: { 'Content-Range': 'bytes 0-511/1024' } })),
      findings: [{ messageId: 'malformed', entry: 1, severity: 'error' }],
    },
    {
      name: 'Range-header form bytes=0-511',
      har: har(editAt(chunked(), 1, { reqHeaders: { 'Content-Range': 'bytes=0-511' } })),
      findings: [{ messageId: 'malformed', entry: 1 }],
    },
    {
      name: 'first chunk does not start at 0',
      har: har(editAt(chunked(), 1, { reqHeaders: { 'Content-Range': '1-512' } })),
      findings: [{ messageId: 'notInOrder', entry: 1 }],
    },
    {
      name: 'second chunk skips a byte',
      har: har(editAt(chunked(), 2, { reqHeaders: { 'Content-Range': '513-1024' } })),
      findings: [{ messageId: 'notInOrder', entry: 2 }],
    },
    {
      name: 'exclusive end (off by one)',
      har: har(editAt(chunked(), 1, { reqHeaders: { 'Content-Range': '0-512' } })),
      findings: [{ messageId: 'lengthMismatch', entry: 1 }],
    },
    {
      name: 'exclusive end on every chunk',
      har: har(editAt(editAt(chunked(), 1, { reqHeaders: { 'Content-Range': '0-512' } }), 2, { reqHeaders: { 'Content-Range': '512-1024' } })),
      findings: [
        { messageId: 'lengthMismatch', entry: 1 },
        { messageId: 'lengthMismatch', entry: 2 },
      ],
    },
    {
      name: 'final chunk in the closing PUT restarts at 0',
      har: har(finalChunkInPut('0-511')),
      findings: [{ messageId: 'notInOrder', entry: 2 }],
    },
    {
      name: 'final chunk in the closing PUT in RFC 9110 form',
      har: har(finalChunkInPut('bytes 512-1023/1024')),
      findings: [{ messageId: 'malformed', entry: 2 }],
    },
  ],
  notEvaluable: [{ name: 'chunk without Content-Length whose body the capture did not keep', har: har(firstChunkSizeUnknown()) }],
});
