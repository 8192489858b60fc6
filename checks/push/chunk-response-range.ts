import { defineCheck } from '../../src/check.js';
import { parseProgressRange } from '../../src/oci/range.js';
import { specLink } from '../../src/spec.js';

// spec.md#pushing-a-blob-in-chunks: the 202 to a chunk "MUST include … Location: <location>
// Range: 0-<end-of-range>" (Range since v1.1.0), <end-of-range> being the last byte received.
export default defineCheck({
  meta: {
    id: 'push/chunk-response-range',
    title: 'Accepted chunk answers 202 with Location and Range: 0-<end>',
    category: 'push',
    side: 'registry',
    level: 'MUST',
    requirements: ['CHUNK-07', 'LOC-04'],
    spec: specLink('pushing-a-blob-in-chunks'),
    fix: 'Answer each accepted PATCH with 202, the next upload URL in Location, and Range: 0-<index of the last byte received>.',
    messages: {
      missingLocation: '202 response to a chunk has no Location header.',
      missingRange: '202 response to a chunk has no Range header (required since v1.1.0).',
      malformedRange: "Range '{{value}}' is not of the form 0-<end-of-range>.",
      wrongEnd: 'Range says the registry holds bytes 0-{{end}}, but the client has sent {{sent}} bytes (expected 0-{{expectedEnd}}).',
    },
  },
  create(ctx) {
    return {
      'upload.chunk-sent'({ at, session, chunk }) {
        if (at.failed || at.response.status !== 202) return;
        if (!at.response.headers.has('location')) ctx.report({ messageId: 'missingLocation', at });
        // v1.0.1 defines no Range on this response: nothing about it can be judged there.
        if (ctx.spec === '1.0.1') return;
        const value = at.response.headers.get('range');
        if (value === undefined) {
          ctx.report({ messageId: 'missingRange', at });
          return;
        }
        const progress = parseProgressRange(value);
        if (!progress.ok || progress.start !== 0) {
          ctx.report({ messageId: 'malformedRange', at, data: { value } });
          return;
        }
        // Docker docs' `bytes=0-<end>` and zot's old `0--1` for an empty session: known variants.
        if (progress.form !== 'oci') ctx.report({ messageId: 'malformedRange', at, data: { value }, severity: 'warning' });
        if (progress.form === 'negative-end') return;
        if (!chunk.range && chunk.bodySize === undefined && chunk.contentLength === undefined) {
          ctx.notEvaluable('chunk size unknown (no Content-Range, Content-Length or captured body)', at);
          return;
        }
        const sent = session.bytesSent;
        // distribution answers 0-0 for an empty session (inclusive ranges cannot say "nothing").
        const expectedEnd = Math.max(0, sent - 1);
        if (progress.end !== expectedEnd) {
          ctx.report({ messageId: 'wrongEnd', at, data: { end: progress.end, sent, expectedEnd } });
        }
      },
    };
  },
});
