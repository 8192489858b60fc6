import check from '../../../checks/management/delete-response.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'push an image, then delete its manifest and its layer: 202 each', har: har(oci.pushImage(), oci.deleteManifest(), oci.deleteBlob()) },
    { name: 'delete a tag: 202', har: har(oci.deleteManifest({ ref: 'latest' })) },
    { name: 'deletion disabled: 405 UNSUPPORTED', har: har(oci.deleteManifest({ status: 405 })) },
    { name: 'deletion disabled: 400 UNSUPPORTED', har: har(oci.deleteBlob({ status: 400, errorCode: 'UNSUPPORTED' })) },
    { name: 'unknown manifest: 404 MANIFEST_UNKNOWN', har: har(oci.deleteManifest({ status: 404 })) },
    { name: 'refused by policy: 403 DENIED', har: har(oci.deleteManifest({ status: 403 })) },
    { name: 'v1.0.1 did not fix the status for disabled deletion', spec: '1.0.1', har: har(oci.deleteManifest({ status: 404, errorCode: 'UNSUPPORTED' })) },
    { name: 'an upload cancel (DELETE on a session) is not a content delete', har: har(oci.startUpload(), oci.cancelUpload()) },
  ],
  invalid: [
    {
      name: 'manifest delete answered 200',
      har: har(oci.deleteManifest({ status: 200 })),
      findings: [{ messageId: 'wrongSuccess', entry: 0, severity: 'error' }],
    },
    {
      name: 'tag delete answered 204',
      har: har(oci.ping(), oci.deleteManifest({ ref: 'latest', status: 204 })),
      findings: [{ messageId: 'wrongSuccess', entry: 1 }],
    },
    {
      name: 'blob delete answered 204',
      har: har(oci.deleteBlob({ status: 204 })),
      findings: [{ messageId: 'wrongSuccess', entry: 0 }],
    },
    {
      name: 'deletion disabled answered 403 UNSUPPORTED',
      har: har(oci.deleteManifest({ status: 403, errorCode: 'UNSUPPORTED' })),
      findings: [{ messageId: 'disabledStatus', entry: 0 }],
    },
    {
      name: 'blob deletion disabled answered 404 UNSUPPORTED',
      har: har(oci.deleteBlob({ status: 404, errorCode: 'UNSUPPORTED' })),
      findings: [{ messageId: 'disabledStatus', entry: 0 }],
    },
  ],
});
