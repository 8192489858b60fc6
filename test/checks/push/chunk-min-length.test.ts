import check from '../../../checks/push/chunk-min-length.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

const opened = (min?: number) => oci.startUpload(min ? { chunkMinLength: min } : {});

checkTester.run(check, {
  valid: [
    {
      name: 'chunks at the minimum, a short last chunk',
      har: har(opened(4), oci.patchChunk({ data: 'abcd' }), oci.patchChunk({ data: 'ef', start: 4 }), oci.finishUpload({ digest: undefined })),
    },
    { name: 'no minimum advertised', har: har(opened(), oci.patchChunk({ data: 'ab' }), oci.patchChunk({ data: 'cd', start: 2 }), oci.finishUpload()) },
    { name: 'spec 1.0.1 has no OCI-Chunk-Min-Length', har: har(opened(4), oci.patchChunk({ data: 'ab' }), oci.patchChunk({ data: 'cd', start: 2 }), oci.finishUpload()), spec: '1.0.1' },
  ],
  invalid: [
    {
      name: 'a short chunk followed by another chunk',
      har: har(opened(4), oci.patchChunk({ data: 'ab' }), oci.patchChunk({ data: 'cdef', start: 2 }), oci.finishUpload()),
      findings: [{ messageId: 'tooSmall', entry: 1 }],
    },
    {
      name: 'a short chunk followed by a closing PUT with the final chunk',
      har: har(opened(4), oci.patchChunk({ data: 'ab' }), oci.finishUpload({ data: 'cd', contentRange: '2-3' })),
      findings: [{ messageId: 'tooSmall', entry: 1 }],
    },
  ],
});
