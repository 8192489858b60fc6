import check from '../../../checks/push/chunk-response-range.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_LAYER, editAt, har, type HarEntry, locationOf, oci, resumedChunkedUpload, sha256Digest } from '../../support/har.js';

const LAYER_DIGEST = sha256Digest(DEFAULT_LAYER);

/** POST, PATCH 0-511 (202 Range 0-511), PATCH 512-1023 (202 Range 0-1023), PUT. */
const chunked = (): HarEntry[] => oci.pushBlob({ style: 'chunked' });

/** POST, a streamed PATCH with an empty body (202 Range 0-0), PUT of the empty blob. */
function emptyPatch(): HarEntry[] {
  const post = oci.startUpload();
  const patch = oci.patchChunk({ data: '', streamed: true });
  return [...post, ...patch, ...oci.finishUpload({ location: patch.location!, data: '' })];
}

/** Streamed PATCH whose body the capture did not keep, with no size anywhere. */
function streamedSizeUnknown(): HarEntry[] {
  const entries = oci.pushBlob({ style: 'streamed' });
  const copy = structuredClone(entries[1]!);
  delete copy.request.postData!.text;
  delete copy.request.postData!.encoding;
  copy.request.bodySize = -1;
  return entries.map((e, i) => (i === 1 ? copy : e));
}

const OFFLOAD = 'https://uploads.test/s/1';

checkTester.run(check, {
  valid: [
    { name: 'whole chunked image push', har: har(oci.pushImage({ style: 'chunked' })) },
    { name: 'three chunks: Range grows with the whole blob (0-399, 0-799, 0-1023)', har: har(oci.pushBlob({ style: 'chunked', chunkSize: 400 })) },
    { name: 'streamed PATCH counted by its body', har: har(oci.pushBlob({ style: 'streamed' })) },
    { name: 'one-byte blob: Range 0-0 after one byte', har: har(oci.pushBlob({ style: 'chunked', data: 'a' })) },
    { name: 'empty PATCH answered 0-0 (distribution on an empty session)', har: har(emptyPatch()) },
    {
      name: 'client sent an exclusive Content-Range; registry reports the bytes it received',
      har: har(editAt(chunked(), 1, { reqHeaders: { 'Content-Range': '0-512' } })),
    },
    { name: 'resume after a status GET', har: har(resumedChunkedUpload()) },
    {
      name: 'chunks offloaded to another host (absolute Locations)',
      har: har(
        oci.startUpload({ location: OFFLOAD }),
        oci.patchChunk({ location: OFFLOAD, responseLocation: `${OFFLOAD}?part=2` }),
        oci.finishUpload({ location: `${OFFLOAD}?part=2`, digest: LAYER_DIGEST }),
      ),
    },
    {
      name: 'HTTP/2 capture: lower-case header names',
      har: har(editAt(chunked(), 1, { resHeaders: { Location: null, Range: null, location: locationOf(chunked()[1]!)!, range: '0-511' } })),
    },
    { name: 'chunk refused with 416 (no 202, nothing to judge)', har: har(editAt(chunked(), 2, { status: 416 })) },
    { name: 'v1.0.1 defines no Range on the 202', spec: '1.0.1', har: har(editAt(chunked(), 1, { resHeaders: { Range: null } })) },
    { name: 'v1.0.1: a Range the spec did not define is not judged', spec: '1.0.1', har: har(editAt(chunked(), 1, { resHeaders: { Range: '0-512' } })) },
  ],
  invalid: [
    {
      name: '202 without Location',
      har: har(editAt(chunked(), 1, { resHeaders: { Location: null } })),
      findings: [{ messageId: 'missingLocation', entry: 1, severity: 'error' }],
    },
    {
      name: 'v1.0.1: 202 without Location is still wrong',
      spec: '1.0.1',
      har: har(editAt(chunked(), 2, { resHeaders: { Location: null } })),
      findings: [{ messageId: 'missingLocation', entry: 2 }],
    },
    {
      name: '202 without Range (v1.1.1)',
      har: har(editAt(chunked(), 1, { resHeaders: { Range: null } })),
      findings: [{ messageId: 'missingRange', entry: 1 }],
    },
    {
      name: '202 without Range (main)',
      spec: 'main',
      har: har(editAt(chunked(), 1, { resHeaders: { Range: null } })),
      findings: [{ messageId: 'missingRange', entry: 1, severity: 'error' }],
    },
    {
      name: 'Range end off by one (exclusive)',
      har: har(editAt(chunked(), 1, { resHeaders: { Range: '0-512' } })),
      findings: [{ messageId: 'wrongEnd', entry: 1 }],
    },
    {
      name: 'Range end counts only the last chunk, not the whole blob',
      har: har(editAt(chunked(), 2, { resHeaders: { Range: '0-511' } })),
      findings: [{ messageId: 'wrongEnd', entry: 2 }],
    },
    {
      name: 'Range of the chunk instead of 0-<end>',
      har: har(editAt(chunked(), 2, { resHeaders: { Range: '512-1023' } })),
      findings: [{ messageId: 'malformedRange', entry: 2, severity: 'error' }],
    },
    {
      name: 'RFC 9110 Content-Range syntax in Range',
      har: har(editAt(chunked(), 1, { resHeaders: { Range: 'bytes 0-511/1024' } })),
      findings: [{ messageId: 'malformedRange', entry: 1, severity: 'error' }],
    },
    {
      name: 'bytes= prefix (Docker docs variant): warning',
      har: har(editAt(chunked(), 1, { resHeaders: { Range: 'bytes=0-511' } })),
      findings: [{ messageId: 'malformedRange', entry: 1, severity: 'warning' }],
    },
    {
      name: "empty session answered 0--1 (zot's old form): warning",
      har: har(editAt(emptyPatch(), 1, { resHeaders: { Range: '0--1' } })),
      findings: [{ messageId: 'malformedRange', entry: 1, severity: 'warning' }],
    },
  ],
  notEvaluable: [{ name: 'streamed PATCH of unknown size', har: har(streamedSizeUnknown()) }],
});
