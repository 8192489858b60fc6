import { defineCheck } from '../../src/check.js';
import { specLink } from '../../src/spec.js';

// spec.md#pushing-a-blob-in-chunks: "The Content-Range header MUST be … inclusive … matching
// ^[0-9]+-[0-9]+$" and "Chunks MUST be uploaded in order, with the first byte of a chunk
// being the last chunk's <end-of-range> plus one."
export default defineCheck({
  meta: {
    id: 'push/chunk-content-range',
    title: 'Chunk Content-Range is inclusive, well-formed and in order',
    category: 'push',
    side: 'client',
    level: 'MUST',
    requirements: ['CHUNK-05', 'CHUNK-09', 'CHUNK-04'],
    spec: specLink('pushing-a-blob-in-chunks'),
    fix: 'Send Content-Range: <start>-<end> (inclusive, no unit, no total), starting at 0 and continuing at the previous end + 1.',
    messages: {
      malformed: "Content-Range '{{value}}' does not match the spec's <start>-<end> form (no 'bytes' unit, no '/total').",
      notInOrder: 'Chunk starts at byte {{start}} but the session has {{expected}} bytes so far; chunks must continue at the previous end + 1.',
      lengthMismatch: 'Content-Range {{value}} spans {{span}} bytes but the chunk carries {{length}} (the range end is inclusive).',
    },
  },
  create(ctx) {
    return {
      'upload.chunk-sent'({ at, session, chunk }) {
        if (chunk.contentRange === undefined) return; // streamed PATCH: push/streamed-upload covers it
        if (!chunk.range) {
          ctx.report({ messageId: 'malformed', at, data: { value: chunk.contentRange } });
          return;
        }
        if (chunk.range.start !== chunk.expectedStart) {
          ctx.report({ messageId: 'notInOrder', at, data: { start: chunk.range.start, expected: chunk.expectedStart }, related: [session.opened] });
        }
        const length = chunk.contentLength ?? chunk.bodySize;
        const span = chunk.range.end - chunk.range.start + 1;
        if (length === undefined) ctx.notEvaluable('chunk length unknown (no Content-Length, body not captured)', at);
        else if (length !== span) {
          ctx.report({ messageId: 'lengthMismatch', at, data: { value: chunk.contentRange, span, length } });
        }
      },
    };
  },
});
