import check from '../../../checks/pull/range-response.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_LAYER, har, oci, sha256Digest } from '../../support/har.js';

const DIGEST = sha256Digest(DEFAULT_LAYER); // 1024 bytes
const partial = (range: string, contentRange: string | null, bytes: Uint8Array, status = 206) =>
  oci.pullBlob({ digest: DIGEST, content: bytes, status, reqHeaders: { Range: range }, resHeaders: contentRange === null ? {} : { 'Content-Range': contentRange } });

checkTester.run(check, {
  valid: [
    { name: '206 with the right Content-Range', har: har(partial('bytes=0-99', 'bytes 0-99/1024', DEFAULT_LAYER.slice(0, 100))) },
    { name: 'open-ended range clipped to the size', har: har(partial('bytes=1000-', 'bytes 1000-1023/1024', DEFAULT_LAYER.slice(1000))) },
    { name: 'suffix range', har: har(partial('bytes=-24', 'bytes 1000-1023/1024', DEFAULT_LAYER.slice(1000))) },
    { name: '416 with bytes */size', har: har(oci.pullBlob({ digest: DIGEST, status: 416, reqHeaders: { Range: 'bytes=5000-' }, resHeaders: { 'Content-Range': 'bytes */1024' } })) },
    { name: 'no Range header', har: har(oci.pullBlob()) },
    { name: 'before 1.1.1 range support is not asked for', har: har(oci.pullBlob({ reqHeaders: { Range: 'bytes=0-99' } })), spec: '1.1.0' },
  ],
  invalid: [
    { name: 'Range ignored (200, whole blob)', har: har(oci.pullBlob({ reqHeaders: { Range: 'bytes=0-99' } })), findings: [{ messageId: 'ignored', entry: 0, severity: 'warning' }] },
    { name: '206 without Content-Range', har: har(partial('bytes=0-99', null, DEFAULT_LAYER.slice(0, 100))), findings: [{ messageId: 'noContentRange', entry: 0, severity: 'error' }] },
    { name: '206 naming other bytes', har: har(partial('bytes=0-99', 'bytes 0-199/1024', DEFAULT_LAYER.slice(0, 200))), findings: [{ messageId: 'wrongRange', entry: 0 }] },
    { name: '206 body shorter than its Content-Range', har: har(partial('bytes=0-99', 'bytes 0-99/1024', DEFAULT_LAYER.slice(0, 50))), findings: [{ messageId: 'wrongLength', entry: 0 }] },
    {
      name: '416 without bytes */size',
      har: har(oci.pullBlob({ digest: DIGEST, status: 416, reqHeaders: { Range: 'bytes=5000-' } })),
      findings: [{ messageId: 'unsatisfiedHeader', entry: 0 }],
    },
  ],
  notEvaluable: [{ name: '206 body not captured', har: har(oci.pullBlob({ digest: DIGEST, status: 206, reqHeaders: { Range: 'bytes=0-99' }, resHeaders: { 'Content-Range': 'bytes 0-99/1024' }, resBody: { absent: true, size: 100 } })) }],
});
