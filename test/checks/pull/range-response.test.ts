import check from '../../../checks/pull/range-response.js';
import { checkTester } from '../../support/check-tester.js';
import { describe, expect, it } from 'vitest';
import { selectChecks } from '../../../src/select.js';
import { edit, har, oci, type HarEntry, type HeaderSpec } from '../../support/har.js';

const BLOB = '0123456789abcdefghij'; // 20 bytes

/** GET of BLOB with a Range header, answered `status` with `body` and response headers. */
function rangeGet(range: string, status: number, body: string, resHeaders: HeaderSpec = {}) {
  return oci.pullBlob({ content: BLOB, status, resBody: body, reqHeaders: { Range: range }, resHeaders });
}

/** A redirected GET whose storage hop answers 206 with `body`. */
function redirected206(range: string, body: string, contentRange: string): HarEntry[] {
  const [first, storage] = oci.pullBlob({ content: BLOB, redirectTo: true, reqHeaders: { Range: range } });
  const hop = edit(storage!, { status: 206, reqHeaders: { Range: range }, resHeaders: { 'Content-Range': contentRange, 'Content-Length': String(body.length) } });
  hop.response.content.text = body;
  hop.response.content.size = body.length;
  hop.response.bodySize = body.length;
  return [first!, hop];
}

describe('pull/range-response by spec version', () => {
  it('exists from v1.1.1 (v1.1.0 and v1.0.1 did not mention Range on blob GET)', () => {
    expect(selectChecks([check], { spec: '1.1.0' })).toEqual([]);
    expect(selectChecks([check], { spec: '1.0.1' })).toEqual([]);
    expect(selectChecks([check], { spec: '1.1.1' })).toEqual([check]);
    expect(selectChecks([check], { spec: 'main' })).toEqual([check]);
  });
});

checkTester.run(check, {
  valid: [
    { name: '206 with the asked slice', har: har(rangeGet('bytes=2-5', 206, '2345', { 'Content-Range': 'bytes 2-5/20' })) },
    { name: 'open-ended range clamped to the size', har: har(rangeGet('bytes=15-', 206, 'fghij', { 'Content-Range': 'bytes 15-19/20' })) },
    { name: 'last byte past the end is clamped', har: har(rangeGet('bytes=18-100', 206, 'ij', { 'Content-Range': 'bytes 18-19/20' })) },
    { name: 'suffix range', har: har(rangeGet('bytes=-3', 206, 'hij', { 'Content-Range': 'bytes 17-19/20' })) },
    { name: 'complete length unknown (*)', har: har(rangeGet('bytes=2-5', 206, '2345', { 'Content-Range': 'bytes 2-5/*' })) },
    { name: '416 with bytes */size for a range past the end', har: har(rangeGet('bytes=30-40', 416, '', { 'Content-Range': 'bytes */20' })) },
    { name: 'bytes=0- answered 200 is the same answer', har: har(rangeGet('bytes=0-', 200, BLOB)) },
    { name: 'If-Range answered 200', har: har(oci.pullBlob({ content: BLOB, reqHeaders: { Range: 'bytes=2-5', 'If-Range': '"etag"' } })) },
    { name: 'no Range header', har: har(oci.pullBlob({ content: BLOB })) },
    { name: 'unparsable Range is ignored by servers', har: har(rangeGet('bytes=x-y', 200, BLOB)) },
    {
      name: 'redirected: storage answers 206',
      har: har(redirected206('bytes=2-5', '2345', 'bytes 2-5/20')),
    },
  ],
  invalid: [
    {
      name: '200 with the whole blob: Range ignored (1.1.1)',
      har: har(rangeGet('bytes=2-5', 200, BLOB)),
      findings: [{ messageId: 'ignored', entry: 0, severity: 'warning' }],
    },
    {
      name: '200 with the whole blob: Range ignored (main)',
      spec: 'main',
      har: har(rangeGet('bytes=2-5', 200, BLOB)),
      findings: [{ messageId: 'ignored', entry: 0, severity: 'warning' }],
    },
    { name: '206 without Content-Range', har: har(rangeGet('bytes=2-5', 206, '2345')), findings: [{ messageId: 'noContentRange', entry: 0, severity: 'error' }] },
    { name: '206 with an OCI-style Content-Range', har: har(rangeGet('bytes=2-5', 206, '2345', { 'Content-Range': '2-5' })), findings: [{ messageId: 'badContentRange', entry: 0 }] },
    { name: '206 with bytes */size', har: har(rangeGet('bytes=2-5', 206, '2345', { 'Content-Range': 'bytes */20' })), findings: [{ messageId: 'badContentRange', entry: 0 }] },
    { name: '206 with another range', har: har(rangeGet('bytes=2-5', 206, '0123', { 'Content-Range': 'bytes 0-3/20' })), findings: [{ messageId: 'wrongRange', entry: 0 }] },
    { name: '206 to a suffix range with the wrong start', har: har(rangeGet('bytes=-3', 206, 'ghij', { 'Content-Range': 'bytes 16-19/20' })), findings: [{ messageId: 'wrongRange', entry: 0 }] },
    { name: '206 for a range wholly past the end', har: har(rangeGet('bytes=30-', 206, 'j', { 'Content-Range': 'bytes 19-19/20' })), findings: [{ messageId: 'wrongRange', entry: 0 }] },
    { name: '206 with size unknown, start off', har: har(rangeGet('bytes=2-5', 206, '3456', { 'Content-Range': 'bytes 3-6/*' })), findings: [{ messageId: 'wrongRange', entry: 0 }] },
    { name: '206 body longer than the range', har: har(rangeGet('bytes=2-5', 206, '23456', { 'Content-Range': 'bytes 2-5/20' })), findings: [{ messageId: 'wrongLength', entry: 0, severity: 'error' }] },
    { name: '416 without Content-Range', har: har(rangeGet('bytes=30-40', 416, '')), findings: [{ messageId: 'no416Range', entry: 0, severity: 'warning' }] },
    { name: 'redirected: storage 206 with another range', har: har(redirected206('bytes=2-5', '0123', 'bytes 0-3/20')), findings: [{ messageId: 'wrongRange', entry: 1 }] },
    { name: '416 although the range fits', har: har(rangeGet('bytes=2-5', 416, '', { 'Content-Range': 'bytes */20' })), findings: [{ messageId: 'satisfiable416', entry: 0 }] },
  ],
  notEvaluable: [
    { name: 'several ranges', har: har(rangeGet('bytes=0-1,4-5', 206, '--', { 'Content-Type': 'multipart/byteranges; boundary=x' })) },
    { name: '206 body not captured and no Content-Length', har: har(rangeGet('bytes=2-5', 206, { absent: true, size: 4 }, { 'Content-Range': 'bytes 2-5/20', 'Content-Length': null })) },
  ],
});
