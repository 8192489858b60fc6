import check from '../../../checks/push/upload-status-response.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

const start = oci.startUpload();
const location = start.location!;

checkTester.run(check, {
  valid: [
    { name: 'status of a fresh session: 204, Location, Range 0-0', har: har(start, oci.uploadStatus({ location })) },
    {
      name: 'status after a chunk, then the upload goes on at the returned Location',
      har: (() => {
        const chunk = oci.patchChunk({ location, data: 'abcdef' });
        const status = oci.uploadStatus({ location: chunk.location!, offset: 6 });
        return har(start, chunk, status, oci.finishUpload({ location: status.location!, data: '' }));
      })(),
    },
    { name: '404 for an expired session', har: har(start, oci.uploadStatus({ location, status: 404 })) },
  ],
  invalid: [
    { name: '200 instead of 204', har: har(start, oci.uploadStatus({ location, status: 200 })), findings: [{ messageId: 'wrongStatus', entry: 1 }] },
    { name: '204 without Location', har: har(start, oci.uploadStatus({ location, resHeaders: { Location: null } })), findings: [{ messageId: 'missingLocation', entry: 1 }] },
    { name: '204 without Range', har: har(start, oci.uploadStatus({ location, resHeaders: { Range: null } })), findings: [{ messageId: 'missingRange', entry: 1 }] },
    { name: '204 with an RFC 9110 Content-Range-like value', har: har(start, oci.uploadStatus({ location, range: 'bytes 0-5/6' })), findings: [{ messageId: 'missingRange', entry: 1 }] },
  ],
});
