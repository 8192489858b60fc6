import check from '../../../checks/push/chunk-out-of-order-refused.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_LAYER, edit, editAt, har, type HarEntry, locationOf, oci, resumedChunkedUpload, sha256Digest } from '../../support/har.js';

const LAYER_DIGEST = sha256Digest(DEFAULT_LAYER);

/** POST, PATCH 0-511, PATCH 512-1023, PUT. */
const chunked = (): HarEntry[] => oci.pushBlob({ style: 'chunked' });

/** POST, PATCH 0-511, then a second PATCH claiming to start at 600, answered `status`. */
function skipAhead(status: number): HarEntry[] {
  const [post, first, second] = chunked();
  const out = edit(second!, { reqHeaders: { 'Content-Range': '600-1111' }, status });
  if (status !== 202) out.response.headers = out.response.headers.filter((h) => !/^(location|range)$/i.test(h.name));
  return [post!, first!, out];
}

/** POST, PATCH 0-511, closing PUT carrying bytes 512-1023 under `contentRange`, answered `status`. */
function finalChunkInPut(contentRange: string, status = 201): HarEntry[] {
  const [post, first] = chunked();
  return [post!, first!, ...oci.finishUpload({ location: locationOf(first!)!, data: DEFAULT_LAYER.subarray(512), digest: LAYER_DIGEST, contentRange, status })];
}

checkTester.run(check, {
  valid: [
    { name: 'in-order chunked push', har: har(chunked()) },
    { name: 'out-of-order chunk answered 416', har: har(skipAhead(416)) },
    { name: 'out-of-order chunk answered 401 (an auth refusal says nothing about ranges)', har: har(skipAhead(401)) },
    { name: 'streamed PATCH without Content-Range', har: har(oci.pushBlob({ style: 'streamed' })) },
    { name: 'resume at the offset a status GET reported', har: har(resumedChunkedUpload()) },
    { name: 'in-order final chunk in the closing PUT (main)', spec: 'main', har: har(finalChunkInPut('512-1023')) },
    { name: 'out-of-order final chunk in the PUT answered 416 (main)', spec: 'main', har: har(finalChunkInPut('600-1111', 416)) },
    { name: 'v1.1.1 states no 416 for the closing PUT: an accepted out-of-order final chunk is not judged', har: har(finalChunkInPut('600-1111')) },
  ],
  invalid: [
    {
      name: 'out-of-order PATCH accepted with 202',
      har: har(skipAhead(202)),
      findings: [{ messageId: 'accepted', entry: 2, severity: 'error' }],
    },
    {
      name: 'first chunk not at 0 accepted with 202',
      har: har(editAt(chunked(), 1, { reqHeaders: { 'Content-Range': '5-516' } })),
      findings: [{ messageId: 'accepted', entry: 1 }],
    },
    {
      name: 'out-of-order PATCH refused with 400 instead of 416',
      har: har(skipAhead(400)),
      findings: [{ messageId: 'wrongStatus', entry: 2 }],
    },
    {
      name: 'main: out-of-order final chunk in the closing PUT accepted with 201',
      spec: 'main',
      har: har(finalChunkInPut('600-1111')),
      findings: [{ messageId: 'closeAccepted', entry: 2, severity: 'error' }],
    },
    {
      name: 'main: out-of-order final chunk in the closing PUT refused with 400 (distribution before PR #593)',
      spec: 'main',
      har: har(finalChunkInPut('600-1111', 400)),
      findings: [{ messageId: 'closeWrongStatus', entry: 2 }],
    },
  ],
  notEvaluable: [
    {
      name: 'first chunk carried 512 bytes under Content-Range 0-599, next starts at 600: the count is uncertain',
      har: har(editAt(skipAhead(202), 1, { reqHeaders: { 'Content-Range': '0-599' } })),
    },
  ],
});
