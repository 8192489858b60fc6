import { defineCheck } from '../../src/check.js';
import { specLink } from '../../src/spec.js';

// spec.md#pushing-a-blob-in-chunks describes PATCH with Content-Range and Content-Length.
// Docker's "streamed" PATCH without them is de-facto (distribution-spec #303, PR #404) but
// not in the OCI text: interop advice, not a violation.
export default defineCheck({
  meta: {
    id: 'push/streamed-upload',
    title: 'Chunk uploads declare Content-Range and Content-Length',
    category: 'push',
    side: 'client',
    level: 'heuristic',
    severity: 'info',
    requirements: ['CHUNK-04'],
    spec: specLink('pushing-a-blob-in-chunks'),
    fix: 'Send Content-Range and Content-Length with each PATCH, or upload monolithically with POST + PUT.',
    messages: {
      streamed: 'PATCH sends the blob as a Docker-style stream (no Content-Range{{noLength}}); OCI registries are not required to accept it.',
    },
  },
  create(ctx) {
    return {
      'upload.chunk-sent'({ at, chunk }) {
        if (chunk.contentRange !== undefined) return;
        ctx.report({ messageId: 'streamed', at, data: { noLength: chunk.contentLength === undefined ? ', no Content-Length' : '' } });
      },
    };
  },
});
