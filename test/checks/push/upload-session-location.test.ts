import check from '../../../checks/push/upload-session-location.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_LAYER, editAt, har, oci } from '../../support/har.js';

const OFFLOAD = 'https://uploads.test/sessions/6f1c?signature=abc';

checkTester.run(check, {
  valid: [
    { name: 'whole image push (POST → PUT per blob, manifest PUT)', har: har(oci.pushImage()) },
    { name: 'chunked image push', har: har(oci.pushImage({ style: 'chunked' })) },
    { name: 'token-authenticated push: the 401 to the POST opens no session', har: har(oci.bearerFlow(oci.pushBlob())) },
    { name: 'relative Location (path only)', har: har(oci.startUpload({ location: '/v2/library/hello/blobs/uploads/u1' })) },
    { name: 'absolute Location', har: har(oci.pushBlob({ absoluteLocation: true })) },
    {
      name: 'Location on another host (upload offloaded to a storage service)',
      har: har(oci.startUpload({ location: OFFLOAD }), oci.finishUpload({ location: OFFLOAD, data: DEFAULT_LAYER })),
    },
    {
      name: 'HTTP/2 capture: lower-case location header',
      har: har(editAt(oci.startUpload(), 0, { resHeaders: { Location: null, location: '/v2/library/hello/blobs/uploads/u1' } })),
    },
    { name: 'mount that fell back to an upload session (202 with Location)', har: har(oci.mount({ status: 202 })) },
    { name: 'mount 201: no session is opened', har: har(oci.mount()) },
    { name: 'single POST 201: no session is opened', har: har(oci.pushBlob({ style: 'single-post' })) },
    { name: 'POST refused with 404: no session, no Location needed', har: har(oci.startUpload({ status: 404 })) },
  ],
  invalid: [
    { name: '202 without Location', har: har(oci.startUpload({ location: null })), findings: [{ messageId: 'missing', entry: 0 }] },
    {
      name: '202 with an empty Location value',
      har: har(oci.startUpload({ location: '' })),
      findings: [{ messageId: 'missing', entry: 0, severity: 'error' }],
    },
    {
      name: 'mount fallback 202 without Location',
      har: har(oci.mount({ status: 202, resHeaders: { Location: null } })),
      findings: [{ messageId: 'missing', entry: 0 }],
    },
    {
      name: 'after a bearer challenge, the retried POST gets 202 without Location',
      har: har(oci.bearerFlow(oci.startUpload({ location: null }))),
      findings: [{ messageId: 'missing', entry: 2 }],
    },
    {
      name: 'second session of an image push has no Location',
      har: har(editAt(oci.pushImage(), 4, { resHeaders: { Location: null } })),
      findings: [{ messageId: 'missing', entry: 4 }],
    },
  ],
});
