import { defineCheck } from '../../src/check.js';
import type { Exchange } from '../../src/model/exchange.js';
import { parseChunkRange } from '../../src/oci/range.js';
import { specLink } from '../../src/spec.js';

// spec.md#pushing-a-blob-in-chunks: "The Content-Range header MUST be … inclusive … matching
// ^[0-9]+-[0-9]+$" and "Chunks MUST be uploaded in order, with the first byte of a chunk
// being the last chunk's <end-of-range> plus one." The final chunk MAY travel in the closing
// PUT ("Content-Range: <range of chunk, if present>"), under the same rules.
export default defineCheck({
  meta: {
    id: 'push/chunk-content-range',
    title: 'Chunk Content-Range is inclusive, well-formed and in order',
    category: 'push',
    side: 'client',
    level: 'MUST',
    requirements: ['CHUNK-05', 'CHUNK-09', 'CHUNK-04', 'CHUNK-12'],
    spec: specLink('pushing-a-blob-in-chunks'),
    fix: 'Send Content-Range: <start>-<end> (inclusive, no unit, no total), starting at 0 and continuing at the previous end + 1.',
    messages: {
      malformed: "Content-Range '{{value}}' does not match the spec's <start>-<end> form (no 'bytes' unit, no '/total').",
      notInOrder: 'Chunk starts at byte {{start}} but the session has {{expected}} bytes so far; chunks must continue at the previous end + 1.',
      lengthMismatch: 'Content-Range {{value}} spans {{span}} bytes but the chunk carries {{length}} (the range end is inclusive).',
    },
  },
  create(ctx) {
    function judge(at: Exchange, value: string, expected: number, length: number | undefined, opened: Exchange): void {
      const parsed = parseChunkRange(value);
      if (!parsed.ok || parsed.form !== 'oci') {
        ctx.report({ messageId: 'malformed', at, data: { value } });
        return;
      }
      if (parsed.start !== expected) {
        ctx.report({ messageId: 'notInOrder', at, data: { start: parsed.start, expected }, related: [opened] });
      }
      const span = parsed.end - parsed.start + 1;
      if (length === undefined) ctx.notEvaluable('chunk length unknown (no Content-Length, body not captured)', at);
      else if (length !== span) ctx.report({ messageId: 'lengthMismatch', at, data: { value, span, length } });
    }
    return {
      'upload.chunk-sent'({ at, session, chunk }) {
        if (chunk.contentRange === undefined) return; // streamed PATCH: push/streamed-upload covers it
        judge(at, chunk.contentRange, chunk.expectedStart, chunk.contentLength ?? chunk.bodySize, session.opened);
      },
      // The final chunk sent with the closing PUT; `session.bytesSent` does not count it yet.
      'upload.closed'({ at, session }) {
        const value = at.request.headers.get('content-range');
        if (value === undefined) return;
        const header = at.request.headers.get('content-length');
        const body = at.request.body;
        const length = header !== undefined && /^\s*\d{1,15}\s*$/.test(header)
          ? Number(header)
          : body.fidelity === 'exact' ? body.size : body.declaredSize;
        if (length === 0) return; // no chunk in this PUT
        judge(at, value, session.bytesSent, length, session.opened);
      },
    };
  },
});
