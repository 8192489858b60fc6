import check from '../../../checks/capture/body-fidelity.js';
import { checkTester } from '../../support/check-tester.js';
import { har, type HarEntry, oci } from '../../support/har.js';

/** A copy of `entries` with entry `index` changed by `change`. */
function alter(entries: readonly HarEntry[], index: number, change: (e: HarEntry) => void): HarEntry[] {
  return entries.map((entry, i) => {
    if (i !== index) return entry;
    const e = structuredClone(entry);
    change(e);
    return e;
  });
}

/** The tool kept only the first `keep` bytes of the response (content.size still declares the whole body). */
const truncateResponse = (keep: number) => (e: HarEntry) => {
  const c = e.response.content;
  c.text = c.encoding === 'base64' ? Buffer.from(c.text ?? '', 'base64').subarray(0, keep).toString('base64') : (c.text ?? '').slice(0, keep);
};
/** The tool recorded the request's size but not its bytes. */
const dropRequestBody = (e: HarEntry) => {
  delete e.request.postData!.text;
  delete e.request.postData!.encoding;
};
/** Binary bytes decoded as UTF-8 text by the tool (U+FFFD for every invalid sequence). */
const decodeAsText = (e: HarEntry) => {
  const c = e.response.content;
  c.text = Buffer.from(c.text ?? '', 'base64').toString('utf8');
  delete c.encoding;
};

checkTester.run(check, {
  valid: [
    {
      name: 'push an image, pull it back: every body exact (binary as base64)',
      har: har(oci.pushImage(), oci.pullManifest(), oci.pullBlob(), oci.pullBlob({ redirectTo: true })),
    },
    { name: 'chunked and streamed uploads', har: har(oci.pushBlob({ style: 'chunked' }), oci.pushBlob({ style: 'streamed', data: 'streamed bytes' })) },
    { name: 'HEAD and 204 responses carry no body', har: har(oci.headBlob(), oci.pullManifest({ head: true }), oci.startUpload(), oci.cancelUpload()) },
    { name: 'pull behind token auth (JSON text bodies)', har: har(oci.authedPull()) },
    { name: 'empty body with content.size 0', har: har(oci.pullManifest({ status: 404, resBody: '' })) },
  ],
  invalid: [
    {
      name: 'blob response truncated by the capture tool',
      har: har(oci.ping(), alter(oci.pullBlob(), 0, truncateResponse(500))),
      findings: [{ messageId: 'notExact', entry: 1, severity: 'info' }],
    },
    {
      name: 'manifest (text) response truncated',
      har: har(alter(oci.pullManifest(), 0, truncateResponse(40))),
      findings: [{ messageId: 'notExact', entry: 0 }],
    },
    {
      name: 'response body not captured (size declared, no text)',
      har: har(oci.pullBlob({ resBody: { absent: true, size: 1024 } })),
      findings: [{ messageId: 'notExact', entry: 0 }],
    },
    {
      name: 'request body of the closing PUT not captured',
      har: har(alter(oci.pushBlob(), 1, dropRequestBody)),
      findings: [{ messageId: 'notExact', entry: 1 }],
    },
    {
      name: 'binary blob decoded as text (lossy)',
      har: har(alter(oci.pullBlob(), 0, decodeAsText)),
      findings: [{ messageId: 'notExact', entry: 0 }],
    },
    {
      name: 'token response replaced by a placeholder (redacted)',
      har: har(oci.token({ resBody: '[REDACTED]' })),
      findings: [{ messageId: 'notExact', entry: 0 }],
    },
    {
      name: 'request and response both not exact: one finding for the entry',
      har: har(oci.ping(), alter(oci.pushManifest({ resBody: { absent: true, size: 30 }, resHeaders: { 'Content-Type': 'application/json' } }), 0, dropRequestBody)),
      findings: [{ messageId: 'notExact', entry: 1 }],
    },
    {
      name: 'several damaged entries: one finding each',
      har: har(alter(oci.pullBlob(), 0, truncateResponse(10)), oci.pullManifest(), alter(oci.pullBlob(), 0, truncateResponse(10))),
      findings: [{ messageId: 'notExact', entry: 0 }, { messageId: 'notExact', entry: 2 }],
    },
  ],
});
