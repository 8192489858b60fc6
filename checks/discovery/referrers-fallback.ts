import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { Exchange } from '../../src/model/exchange.js';
import { clientLabel } from '../../src/model/client.js';
import { referrersTagForDigest } from '../../src/oci/digest.js';
import { onEveryOperation } from '../../src/oci/operation-kinds.js';
import { specLink } from '../../src/spec.js';

// spec.md#listing-referrers: "If the referrers API returns a 404, the client MUST fallback to
// pulling the referrers tag schema"; #unavailable-referrers-api repeats it ("A client querying the
// referrers API and receiving a 404 Not Found MUST fallback to using an image index pushed to a
// tag described by the referrers tag schema").
interface Pending {
  at: Exchange;
  digest: string;
  tag: string;
  /** The first later exchange of the same client that was not the fallback. */
  next?: Exchange;
}

export default defineCheck({
  meta: {
    id: 'discovery/referrers-fallback',
    title: 'After a referrers 404, the client falls back to the referrers tag',
    category: 'discovery',
    side: 'client',
    level: 'MUST',
    requirements: ['REF-09', 'BASE-07', 'RTS-01'],
    spec: specLink('unavailable-referrers-api'),
    versions: ['1.1.0', '1.1.1', 'main'],
    fix: 'When GET /v2/<name>/referrers/<digest> answers 404, GET /v2/<name>/manifests/<alg>-<hex> (the referrers tag schema) and read the referrers from that index (404 there means none).',
    messages: {
      noFallback: 'The referrers API answered 404 for {{digest}} and the client went on ({{next}}) without pulling the referrers tag {{tag}}.',
      endedAfter404: 'The referrers API answered 404 for {{digest}} and the capture ends without the client pulling the referrers tag {{tag}}.',
    },
  },
  create(ctx) {
    // Keyed by client, registry origin, repository and subject digest.
    const pending = new BoundedMap<string, Pending>(1024);
    const keyOf = (at: Exchange, repo: string, digest: string) => `${clientLabel(at.client)}\u0000${at.request.origin}\u0000${repo}\u0000${digest}`;
    return {
      ...onEveryOperation(({ at, op }) => {
        const client = clientLabel(at.client);
        const status = at.failed ? 0 : at.response.status;
        if (op.kind === 'referrers.list') {
          const key = keyOf(at, op.name, op.digest);
          const tag = referrersTagForDigest(op.digest);
          // A later answer from the API itself (after a token, say) settles it as well.
          if (status !== 404) pending.delete(key);
          else if (tag && !pending.has(key)) {
            pending.set(key, { at, digest: op.digest, tag });
            return;
          }
        } else if ((op.kind === 'manifest.get' || op.kind === 'manifest.head') && op.reference.kind === 'tag') {
          for (const [key, p] of pending) {
            // A GET of the tag is the fallback; a HEAD counts too (a client holding the index by
            // digest needs no GET), since what this rule looks for is a client ignoring the tag.
            if (key.startsWith(keyOf(at, op.name, '')) && p.tag === op.reference.value) pending.delete(key);
          }
        }
        for (const [key, p] of pending) {
          if (!p.next && p.at !== at && key.startsWith(`${client}\u0000`)) p.next = at;
        }
      }),
      'capture.end'({ info }) {
        for (const { at, digest, tag, next } of pending.values()) {
          const data = { digest, tag, next: next ? `#${next.index} ${next.request.method} ${next.request.url?.pathname ?? next.request.rawUrl}` : undefined };
          if (next) {
            // The client's next step is in the capture, and it is not the fallback.
            ctx.report({ messageId: 'noFallback', at, data, related: [next], confidence: 'inferred', severity: info.stoppedAt ? 'warning' : undefined });
          } else if (info.stoppedAt) {
            ctx.notEvaluable('the capture file is cut off right after the referrers 404, so the client\'s next request is not in it', at);
          } else {
            // Nothing followed: the client stopped there, or the recording did.
            ctx.report({ messageId: 'endedAfter404', at, data, confidence: 'inferred', severity: 'warning' });
          }
        }
      },
    };
  },
});
