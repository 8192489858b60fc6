import check from '../../../checks/push/upload-session-unique.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_LAYER, har, oci } from '../../support/har.js';

const SAME = '/v2/library/hello/blobs/uploads/same-id-0001';

checkTester.run(check, {
  valid: [
    { name: 'two sessions, two ids', har: har(oci.startUpload({ uuid: 'one-0001' }), oci.startUpload({ uuid: 'two-0002' })) },
    {
      name: 'an id reused after its session was closed',
      har: har(oci.startUpload({ location: SAME }), oci.finishUpload({ location: SAME, data: DEFAULT_LAYER }), oci.startUpload({ location: SAME })),
    },
    {
      name: 'an id reused after its session was cancelled',
      har: har(oci.startUpload({ location: `${SAME}?_state=a` }), oci.cancelUpload({ location: `${SAME}?_state=a` }), oci.startUpload({ location: `${SAME}?_state=b` })),
    },
  ],
  invalid: [
    {
      name: 'second POST answered with the open session’s URL (query differs)',
      har: har(oci.startUpload({ location: `${SAME}?_state=a` }), oci.startUpload({ location: `${SAME}?_state=b` })),
      findings: [{ messageId: 'reused', entry: 1 }],
    },
  ],
});
