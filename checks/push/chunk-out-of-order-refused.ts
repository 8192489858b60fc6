import { defineCheck } from '../../src/check.js';
import type { Exchange } from '../../src/model/exchange.js';
import { parseChunkRange } from '../../src/oci/range.js';
import { specLink } from '../../src/spec.js';

// spec.md#pushing-a-blob-in-chunks: "If a chunk is uploaded out of order, the registry MUST
// respond with a 416 Requested Range Not Satisfiable" (CHUNK-10, all versions). main extends the
// same answer to a closing PUT whose final chunk is out of order (PR #593); before main the
// closing PUT's error table lacked 416 (distribution answered 400 and appended the data, issue
// #590), so that part is judged on main only.
export default defineCheck({
  meta: {
    id: 'push/chunk-out-of-order-refused',
    title: 'An out-of-order chunk is refused with 416',
    category: 'push',
    side: 'registry',
    level: 'MUST',
    requirements: ['CHUNK-10'],
    spec: specLink('pushing-a-blob-in-chunks'),
    fix: 'Compare each chunk’s Content-Range start with the bytes the session holds; when they differ, answer 416 with Range: 0-<last byte held> and keep the session unchanged.',
    messages: {
      accepted: '{{method}} carried Content-Range {{range}} but the session held {{held}} bytes, so the chunk is out of order; the registry answered {{status}} instead of 416.',
      wrongStatus: '{{method}} carried the out-of-order Content-Range {{range}} (the session held {{held}} bytes); the registry refused it with {{status}}, but the spec requires 416.',
    },
  },
  create(ctx) {
    function judge(at: Exchange, value: string, held: number) {
      const parsed = parseChunkRange(value);
      if (!parsed.ok || parsed.form !== 'oci' || parsed.start === held || at.failed) return;
      const status = at.response.status;
      const data = { method: at.request.method, range: value, held, status };
      if (status >= 200 && status < 300) ctx.report({ messageId: 'accepted', at, data });
      // 401/403/429 come before the range is looked at.
      else if (status !== 416 && status >= 400 && status < 500 && ![401, 403, 404, 429].includes(status)) ctx.report({ messageId: 'wrongStatus', at, data });
    }
    return {
      'upload.chunk-sent'({ at, chunk }) {
        if (chunk.contentRange !== undefined) judge(at, chunk.contentRange, chunk.expectedStart);
      },
      'upload.closed'({ at, session }) {
        if (ctx.spec !== 'main') return;
        const value = at.request.headers.get('content-range');
        if (value !== undefined && at.request.headers.get('content-length') !== '0') judge(at, value, session.bytesSent);
      },
    };
  },
});
