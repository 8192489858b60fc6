import check from '../../../checks/general/endpoint-family-complete.js';
import { checkTester } from '../../support/check-tester.js';
import { errorBody, har, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'push then pull an image', har: har(oci.ping(), oci.pushImage(), oci.pullManifest()) },
    { name: 'a read-only registry refuses the first POST with 405: push not offered', har: har(oci.ping(), oci.startUpload({ status: 405 }), oci.pullManifest()) },
    { name: 'deletes disabled (405) are allowed', har: har(oci.pushImage(), oci.deleteManifest({ status: 405 })) },
    { name: 'referrers API missing (404) is a separate capability', har: har(oci.listReferrers({ status: 404 })) },
    { name: '406 UNSUPPORTED is content negotiation, not a missing endpoint', har: har(oci.pullManifest({ status: 406, resBody: errorBody('UNSUPPORTED') })) },
    { name: 'manifest PUT 415 UNSUPPORTED refuses a media type, not the endpoint', har: har(oci.pushBlob(), oci.pushManifest({ status: 415, resBody: errorBody('UNSUPPORTED') })) },
    { name: 'a 404 for unknown content', har: har(oci.pullManifest({ status: 404 }), oci.pullBlob({ status: 404 })) },
    { name: 'manifest PUT refused with 405 on a registry that never took a push', har: har(oci.pushManifest({ status: 405 })) },
  ],
  invalid: [
    {
      name: 'manifest GET answered 405',
      har: har(oci.ping(), oci.pullManifest({ status: 405 })),
      findings: [{ messageId: 'pullMissing', entry: 1, severity: 'error' }],
    },
    {
      name: 'blob HEAD answered 501',
      har: har(oci.headBlob({ status: 501, resBody: '' })),
      findings: [{ messageId: 'pullMissing', entry: 0, severity: 'error' }],
    },
    {
      name: 'blob GET answered 400 UNSUPPORTED (warning: the code alone)',
      har: har(oci.pullBlob({ status: 400, resBody: errorBody('UNSUPPORTED') })),
      findings: [{ messageId: 'pullMissing', entry: 0, severity: 'warning' }],
    },
    {
      name: 'session opened (202), then PATCH answered 405',
      har: har(oci.startUpload(), oci.patchChunk({ status: 405 })),
      findings: [{ messageId: 'pushIncomplete', entry: 1, severity: 'error' }],
    },
    {
      name: 'blob pushed, then manifest PUT answered 405',
      har: har(oci.pushBlob(), oci.pushManifest({ status: 405 })),
      findings: [{ messageId: 'pushIncomplete', entry: 2 }],
    },
    {
      name: 'upload status GET answered 405 (1.1.0+)',
      har: har(oci.startUpload(), oci.uploadStatus({ status: 405 })),
      findings: [{ messageId: 'pushIncomplete', entry: 1 }],
    },
  ],
});

checkTester.run(check, {
  valid: [{ name: 'upload status GET is not part of push in 1.0.1', har: har(oci.startUpload(), oci.uploadStatus({ status: 405 })), spec: '1.0.1' }],
  invalid: [{ name: 'PATCH 405 is a push gap in 1.0.1 too', spec: '1.0.1', har: har(oci.startUpload(), oci.patchChunk({ status: 405 })), findings: [{ messageId: 'pushIncomplete', entry: 1 }] }],
});
