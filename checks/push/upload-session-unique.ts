import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { Exchange } from '../../src/model/exchange.js';
import { specLink } from '../../src/spec.js';

// spec.md#post-then-put: the Location of a new upload session identifies that session (the
// spec's <reference> "MUST" be a unique upload id, BPUSH-02). Two POSTs answered with the same
// session URL (query aside: distribution rotates _state) while the first session was still
// open mean two uploads now write into one session.
export default defineCheck({
  meta: {
    id: 'push/upload-session-unique',
    title: 'Each new upload session gets its own URL',
    category: 'push',
    side: 'registry',
    level: 'MUST',
    requirements: ['BPUSH-02'],
    spec: specLink('post-then-put'),
    fix: 'Give every session-opening POST a fresh unique id in the Location path (a UUID or another unique token).',
    messages: {
      reused: 'The upload session opened here has the same URL ({{location}}) as the session opened at entry #{{first}}, which was neither closed nor cancelled; session ids must be unique.',
    },
  },
  create(ctx) {
    /** Session URL (path, no query) → the POST that opened it, while it is open. */
    const open = new BoundedMap<string, Exchange>(16384);
    return {
      'upload.started'({ at, session }) {
        if (!session.key) return;
        const earlier = open.get(session.key);
        if (earlier && earlier !== at) ctx.report({ messageId: 'reused', at, data: { location: session.key, first: earlier.index }, related: [earlier] });
        open.set(session.key, at);
      },
      'upload.closed'({ at, session }) {
        if (!at.failed && at.response.status === 201) open.delete(session.key);
      },
      'upload.cancelled'({ session }) {
        open.delete(session.key);
      },
    };
  },
});
