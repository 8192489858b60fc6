import check from '../../../checks/push/chunk-min-length-header.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'advertised on the POST answer', har: har(oci.startUpload({ chunkMinLength: 4 }), oci.patchChunk({ data: 'abcd' }), oci.finishUpload()) },
    { name: 'no minimum at all', har: har(oci.pushBlob({ style: 'chunked' })) },
  ],
  invalid: [
    { name: 'not a byte count', har: har(oci.startUpload({ resHeaders: { 'OCI-Chunk-Min-Length': '5MB' } })), findings: [{ messageId: 'malformed', entry: 0 }] },
    {
      name: 'only on the closing PUT answer (release-candidate wording)',
      har: har(oci.startUpload(), oci.patchChunk({ data: 'abcd' }), oci.finishUpload({ resHeaders: { 'OCI-Chunk-Min-Length': '4' } })),
      findings: [{ messageId: 'misplaced', entry: 2 }],
    },
  ],
});
