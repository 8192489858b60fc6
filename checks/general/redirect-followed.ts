import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { Handlers, OperationEvent } from '../../src/engine/events.js';
import { clientLabel } from '../../src/model/client.js';
import type { Exchange } from '../../src/model/exchange.js';
import type { OperationKind } from '../../src/oci/operation.js';
import { onEveryOperation } from '../../src/oci/operation-kinds.js';
import { specAtLeast, specLink } from '../../src/spec.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]); // bounded: constant table

interface Pending {
  from: Exchange;
  client: string;
  target: string;
  /** What the chain was first asked for (a blob GET, a manifest GET, …). */
  kind: OperationKind;
  /** The first request the same client started after the redirect answer had arrived. */
  later?: Exchange;
}

const endOf = (at: Exchange) => at.startMs + (at.timeMs !== undefined && at.timeMs > 0 ? at.timeMs : 0);
const requestLine = (at: Exchange) => `${at.request.method.toUpperCase()} ${at.request.url?.href ?? ''}`;

// spec.md#api (main): "Registries MAY respond to any request with a redirect per RFC 9110
// (section 15.4); clients SHOULD follow such redirects". Before main the OCI text is silent,
// but Docker's api.md "Pulling a Layer" says a blob GET may be answered 307/302 and "clients
// should be prepared to handle redirects".
export default defineCheck({
  meta: {
    id: 'general/redirect-followed',
    title: 'A client follows the redirects the registry answers with',
    category: 'general',
    side: 'client',
    level: 'SHOULD',
    requirements: ['BASE-10', 'BLOB-07', 'BASE-09'],
    spec: specLink('api', 'main'),
    fix: 'Follow 301/302/303/307/308 answers to the Location (resolved against the request URL), as an HTTP library does by default; do not treat them as errors or retry the original URL.',
    messages: {
      notFollowed: '{{request}} was answered {{status}} with Location {{location}}, but the client never requested it; its next request was {{next}}.',
    },
  },
  create(ctx) {
    // Before main only blob GETs have a redirect rule (Docker api.md "Pulling a Layer"); main covers every request.
    const everyRequest = specAtLeast(ctx.spec, 'main');
    const pending = new BoundedMap<Exchange, Pending>(256);
    /** First operation of a chain, for hops that redirect again. */
    const chainKind = new BoundedMap<Exchange, OperationKind>(256);

    const onOperation = ({ at, op }: OperationEvent) => {
      const href = at.request.url?.href;
      const client = clientLabel(at.client);
      for (const p of pending.values()) {
        if (p.from === at) continue;
        if (href === p.target && at.startMs >= p.from.startMs) pending.delete(p.from);
        else if (!p.later && p.client === client && at.startMs >= endOf(p.from)) p.later = at;
      }
      if (at.failed || !REDIRECT_STATUSES.has(at.response.status) || !at.response.redirectURL) return;
      if (op.kind === 'unknown' || op.kind === 'token') return;
      const kind = chainKind.get(at) ?? op.kind;
      if (!everyRequest && kind !== 'blob.get') return;
      pending.set(at, { from: at, client, target: at.response.redirectURL, kind });
    };

    const handlers: Handlers = {
      ...onEveryOperation(onOperation),
      'redirect.followed'({ from, at }) {
        const p = pending.get(from);
        if (!p) return;
        chainKind.set(at, p.kind);
        pending.delete(from);
      },
      'capture.end'() {
        for (const p of pending.values()) {
          if (!p.later) {
            ctx.notEvaluable('the capture ends before the client sent anything after this redirect', p.from);
            continue;
          }
          ctx.report({
            messageId: 'notFollowed',
            at: p.from,
            related: [p.later],
            confidence: 'inferred',
            data: { request: requestLine(p.from), status: p.from.response.status, location: p.target, next: requestLine(p.later) },
          });
        }
      },
    };
    return handlers;
  },
});
