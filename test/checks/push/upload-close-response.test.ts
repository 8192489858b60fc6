import check from '../../../checks/push/upload-close-response.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_LAYER, editAt, har, oci, sha256Digest } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'whole image push (monolithic)', har: har(oci.pushImage()) },
    { name: 'whole image push (chunked)', har: har(oci.pushImage({ style: 'chunked' })) },
    { name: 'streamed blob push', har: har(oci.pushBlob({ style: 'streamed' })) },
    { name: 'single POST answered 201 with Location', har: har(oci.pushBlob({ style: 'single-post' })) },
    { name: 'mount answered 201 with Location', har: har(oci.mount()) },
    { name: 'mount fallback 202 (not a completion)', har: har(oci.mount({ status: 202 })) },
    {
      name: 'blob Location is a signed storage URL on another host',
      har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER, responseLocation: 'https://storage.test/blobs/4d2a?X-Amz-Signature=abc' })),
    },
    {
      name: 'HTTP/2 capture: lower-case location header',
      har: har(editAt(oci.pushBlob(), 1, { resHeaders: { Location: null, location: `/v2/library/hello/blobs/${sha256Digest(DEFAULT_LAYER)}` } })),
    },
    {
      name: 'closing PUT refused with 400 DIGEST_INVALID (not a success)',
      har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER, digest: sha256Digest('other'), status: 400 })),
    },
  ],
  invalid: [
    {
      name: 'closing PUT answered 204 No Content',
      har: har(editAt(oci.pushBlob(), 1, { status: 204 })),
      findings: [{ messageId: 'wrongStatus', entry: 1, severity: 'error' }],
    },
    {
      name: 'chunked upload closed with 200 OK',
      har: har(editAt(oci.pushBlob({ style: 'chunked' }), 3, { status: 200 })),
      findings: [{ messageId: 'wrongStatus', entry: 3 }],
    },
    {
      name: 'closing PUT 201 without Location',
      har: har(oci.startUpload(), oci.finishUpload({ data: DEFAULT_LAYER, responseLocation: null })),
      findings: [{ messageId: 'missingLocation', entry: 1 }],
    },
    {
      name: 'single POST 201 without Location',
      har: har(editAt(oci.pushBlob({ style: 'single-post' }), 0, { resHeaders: { Location: null } })),
      findings: [{ messageId: 'missingLocation', entry: 0 }],
    },
    {
      name: 'mount 201 without Location',
      har: har(oci.mount({ resHeaders: { Location: null } })),
      findings: [{ messageId: 'missingLocation', entry: 0 }],
    },
    {
      name: 'config blob of an image push closed without Location',
      har: har(editAt(oci.pushImage(), 5, { resHeaders: { Location: null } })),
      findings: [{ messageId: 'missingLocation', entry: 5 }],
    },
  ],
});
