import { defineCheck } from '../../src/check.js';
import { BoundedSet } from '../../src/engine/bounded-map.js';
import type { Exchange } from '../../src/model/exchange.js';
import type { UploadSession } from '../../src/engine/facts.js';
import { parseChunkRange } from '../../src/oci/range.js';
import { specAtLeast, specLink } from '../../src/spec.js';

// spec.md#pushing-a-blob-in-chunks: chunks go in order (next start = previous end + 1), and a
// chunk that breaks the order is answered "416 Requested Range Not Satisfiable". Up to v1.1.1
// the 416 is stated for PATCH only; main (PR #593, digest §6 item 15) lists it for the closing
// PUT that carries an out-of-order final chunk too.
export default defineCheck({
  meta: {
    id: 'push/chunk-out-of-order-refused',
    title: 'Out-of-order chunk is refused with 416',
    category: 'push',
    side: 'registry',
    level: 'MUST',
    requirements: ['CHUNK-10'],
    spec: specLink('pushing-a-blob-in-chunks'),
    fix: 'Compare each chunk\'s Content-Range start with the bytes already held; when they differ, answer 416 and keep the session as it was.',
    messages: {
      accepted: 'PATCH with Content-Range {{value}} starts at byte {{start}} but the session holds {{expected}} bytes; the registry answered {{status}} instead of 416 (it accepted an out-of-order chunk).',
      wrongStatus: 'PATCH with Content-Range {{value}} starts at byte {{start}} but the session holds {{expected}} bytes; the registry refused it with {{status}}, but an out-of-order chunk must get 416.',
      closeAccepted: 'Closing PUT carries a final chunk with Content-Range {{value}} starting at byte {{start}} but the session holds {{expected}} bytes; the registry answered {{status}} instead of 416 (main, PR #593).',
      closeWrongStatus: 'Closing PUT carries a final chunk with Content-Range {{value}} starting at byte {{start}} but the session holds {{expected}} bytes; the registry refused it with {{status}}, but main requires 416 (PR #593).',
    },
  },
  create(ctx) {
    // Sessions whose byte count is uncertain: an accepted chunk of unknown size, or whose
    // Content-Range span differs from the bytes it carried. A status GET's Range settles it.
    const uncertain = new BoundedSet<UploadSession>(4096);

    /** Refusals about something else than the range (auth, unknown session, rate limit) say nothing here. */
    const unrelated = (status: number) => status === 401 || status === 403 || status === 404 || status === 405 || status === 429 || status >= 500 || status < 200;

    function judge(at: Exchange, session: UploadSession, value: string, expected: number, close: boolean): void {
      const parsed = parseChunkRange(value);
      if (!parsed.ok || parsed.form !== 'oci') return; // malformed: push/chunk-content-range (client side)
      if (parsed.start === expected || at.failed) return;
      const status = at.response.status;
      if (status === 416 || unrelated(status)) return;
      if (uncertain.has(session)) {
        ctx.notEvaluable('the session\'s byte count is uncertain (an earlier chunk\'s size was unknown or disagreed with its Content-Range)', at);
        return;
      }
      const data = { value, start: parsed.start, expected, status };
      const accepted = status < 300;
      const messageId = close ? (accepted ? 'closeAccepted' : 'closeWrongStatus') : accepted ? 'accepted' : 'wrongStatus';
      ctx.report({ messageId, at, data, related: [session.opened] });
    }

    return {
      'upload.chunk-sent'({ at, session, chunk }) {
        if (chunk.contentRange !== undefined) judge(at, session, chunk.contentRange, chunk.expectedStart, false);
        // A streamed PATCH claims no offset; either way, note what the chunk did to the count.
        if (at.failed || at.response.status !== 202) return;
        const size = chunk.bodySize ?? chunk.contentLength;
        const span = chunk.range ? chunk.range.end - chunk.range.start + 1 : undefined;
        if (size === undefined ? span === undefined : span !== undefined && span !== size) uncertain.add(session);
      },
      'upload.status-checked'({ at, session }) {
        // The engine resumes from the registry's Range on a 204: the count is the registry's again.
        if (!at.failed && at.response.status === 204 && at.response.headers.has('range')) uncertain.delete(session);
      },
      // The final chunk in the closing PUT; `session.bytesSent` does not count it yet.
      'upload.closed'({ at, session }) {
        if (!specAtLeast(ctx.spec, 'main')) return; // the PUT's 416 exists only on main
        const value = at.request.headers.get('content-range');
        if (value === undefined) return;
        const header = at.request.headers.get('content-length');
        const body = at.request.body;
        const length = header !== undefined && /^\s*\d{1,15}\s*$/.test(header) ? Number(header) : body.fidelity === 'exact' ? body.size : body.declaredSize;
        if (length === 0) return; // no chunk in this PUT
        judge(at, session, value, session.bytesSent, true);
      },
    };
  },
});
