import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { Exchange } from '../../src/model/exchange.js';
import { specLink } from '../../src/spec.js';

/** The advertised minimum, when the session-opening answer carried a usable one. */
export function advertisedMinimum(opened: Exchange): number | undefined {
  const value = opened.response.headers.get('oci-chunk-min-length');
  return value !== undefined && /^\s*[1-9]\d{0,14}\s*$/.test(value) ? Number(value) : undefined;
}

// spec.md#pushing-a-blob-in-chunks (v1.1.0): when the registry advertises OCI-Chunk-Min-Length
// on the POST answer, every chunk but the last SHOULD be at least that long; the last MAY be
// shorter (CHUNK-06). A chunk is known not to be the last once another chunk follows it, or
// once the closing PUT carries more bytes.
export default defineCheck({
  meta: {
    id: 'push/chunk-min-length',
    title: 'Chunks before the last respect OCI-Chunk-Min-Length',
    category: 'push',
    side: 'client',
    level: 'SHOULD',
    versions: ['1.1.0', '1.1.1', 'main'],
    requirements: ['CHUNK-06'],
    spec: specLink('pushing-a-blob-in-chunks'),
    fix: 'Read OCI-Chunk-Min-Length from the POST answer and make every chunk except the last at least that many bytes.',
    messages: {
      tooSmall: 'Chunk of {{size}} bytes is shorter than the {{minimum}} bytes the registry advertised in OCI-Chunk-Min-Length, and it was not the last chunk ({{next}} followed).',
    },
  },
  create(ctx) {
    /** Session key → its latest chunk, when shorter than the minimum (not yet known to be last). */
    const short = new BoundedMap<string, { at: Exchange; size: number; minimum: number }>(4096);
    function followedBy(key: string, next: Exchange) {
      const pending = short.get(key);
      if (!pending) return;
      short.delete(key);
      ctx.report({ messageId: 'tooSmall', at: pending.at, data: { size: pending.size, minimum: pending.minimum, next: `${next.request.method} #${next.index}` }, related: [next] });
    }
    return {
      'upload.chunk-sent'({ at, session, chunk }) {
        followedBy(session.key, at);
        const minimum = advertisedMinimum(session.opened);
        const size = chunk.bodySize ?? chunk.contentLength ?? (chunk.range ? chunk.range.end - chunk.range.start + 1 : undefined);
        if (minimum === undefined) return;
        if (size === undefined) {
          ctx.notEvaluable('chunk length unknown (no Content-Length or Content-Range, body not captured)', at);
          return;
        }
        if (size < minimum) short.set(session.key, { at, size, minimum });
      },
      'upload.closed'({ at, session }) {
        const length = at.request.headers.get('content-length');
        const carriesBytes = length !== undefined ? /^\s*0*[1-9]/.test(length) : at.request.body.size > 0;
        if (carriesBytes) followedBy(session.key, at);
        else short.delete(session.key);
      },
    };
  },
});
