import check from '../../../checks/push/chunk-out-of-order-refused.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

// Two 4-byte chunks; the second claims to start at 10 although the session holds 4 bytes.
const first = () => oci.patchChunk({ data: 'abcd', start: 0 });
const skipping = (status = 202) => oci.patchChunk({ data: 'efgh', start: 10, status, range: status === 202 ? '0-13' : '0-3' });

checkTester.run(check, {
  valid: [
    { name: 'chunked upload in order', har: har(oci.pushBlob({ style: 'chunked' })) },
    { name: 'out-of-order chunk refused with 416', har: har(oci.startUpload(), first(), skipping(416)) },
    {
      name: 'out-of-order final chunk in the closing PUT accepted: not judged before main',
      har: har(oci.startUpload(), first(), oci.finishUpload({ data: 'efgh', contentRange: '10-13', digest: 'sha256:' + '0'.repeat(64) })),
    },
  ],
  invalid: [
    { name: 'out-of-order chunk accepted with 202', har: har(oci.startUpload(), first(), skipping()), findings: [{ messageId: 'accepted', entry: 2 }] },
    { name: 'out-of-order chunk refused with 400', har: har(oci.startUpload(), first(), skipping(400)), findings: [{ messageId: 'wrongStatus', entry: 2 }] },
    {
      name: 'main: out-of-order final chunk in the closing PUT accepted (PR #593)',
      har: har(oci.startUpload(), first(), oci.finishUpload({ data: 'efgh', contentRange: '10-13', digest: 'sha256:' + '0'.repeat(64) })),
      spec: 'main',
      findings: [{ messageId: 'accepted', entry: 2 }],
    },
  ],
});
