import check from '../../../checks/push/streamed-upload.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_LAYER, editAt, har, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'whole chunked image push with Content-Range on every PATCH', har: har(oci.pushImage({ style: 'chunked' })) },
    { name: 'whole monolithic image push (no PATCH at all)', har: har(oci.pushImage()) },
    { name: 'single POST upload', har: har(oci.pushBlob({ style: 'single-post' })) },
    {
      name: 'closing PUT carries the whole blob without Content-Range (monolithic, not streamed)',
      har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER })),
    },
    {
      name: 'PATCH with Content-Range but chunked transfer encoding',
      har: har(editAt(oci.pushBlob({ style: 'chunked' }), 1, { reqHeaders: { 'Content-Length': null, 'Transfer-Encoding': 'chunked' } })),
    },
  ],
  invalid: [
    {
      name: 'docker push: POST → PATCH without Content-Range or Content-Length → PUT',
      har: har(oci.pushBlob({ style: 'streamed' })),
      findings: [{ messageId: 'streamed', entry: 1, severity: 'info' }],
    },
    {
      name: 'streamed PATCH that still sends Content-Length',
      har: har(editAt(oci.pushBlob({ style: 'streamed' }), 1, { reqHeaders: { 'Content-Length': '1024', 'Transfer-Encoding': null } })),
      findings: [{ messageId: 'streamed', entry: 1 }],
    },
    {
      name: 'streamed image push (two blobs) behind a bearer challenge',
      har: har(oci.bearerFlow(oci.pushImage({ style: 'streamed', checkExists: false }))),
      findings: [
        { messageId: 'streamed', entry: 3 },
        { messageId: 'streamed', entry: 6 },
      ],
    },
  ],
});
