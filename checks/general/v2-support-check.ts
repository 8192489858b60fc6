import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import { clientLabel } from '../../src/model/client.js';
import type { Exchange } from '../../src/model/exchange.js';
import { onEveryOperation } from '../../src/oci/operation-kinds.js';
import { specLink } from '../../src/spec.js';

// spec.md#determining-support: "If the response is 200 OK, then the registry implements this
// specification. This endpoint MAY be used for authentication/authorization purposes";
// #legacy-docker-support-http-headers: Docker-Distribution-API-Version is OPTIONAL "and clients
// SHOULD NOT depend on them". Docker's api.md "API Version Check": on 401, act on
// WWW-Authenticate; only other answers (404, …) mean the registry is not a v2 registry.
export default defineCheck({
  meta: {
    id: 'general/v2-support-check',
    title: 'A /v2/ answer of 200 or 401 means the API is there: no fallback to the v1 API',
    category: 'general',
    side: 'client',
    level: 'SHOULD NOT',
    requirements: ['BASE-06', 'BASE-04', 'BASE-03'],
    spec: specLink('determining-support'),
    fix: 'Decide v2 support from the status of GET /v2/ alone (200, or 401 with a challenge to answer), not from Docker-Distribution-API-Version; on 401, authenticate and retry.',
    messages: {
      dependsOnHeader: '/v2/ answered {{status}} without Docker-Distribution-API-Version, and the client then turned to the v1 API ({{path}}): it depends on that legacy header.',
      unauthorizedAsUnsupported: '/v2/ answered 401 with a {{scheme}} challenge, and the client then turned to the v1 API ({{path}}) instead of authenticating: a 401 means the API is there and needs credentials.',
    },
  },
  create(ctx) {
    /** Per client and origin: the latest /v2/ request when it was the support check itself. */
    const lastV2 = new BoundedMap<string, Exchange | undefined>(256);
    const keyOf = (at: Exchange) => `${clientLabel(at.client)}\u0000${at.request.origin}`;
    return onEveryOperation(({ at, op }) => {
      const path = at.request.url?.pathname ?? '';
      if (path.startsWith('/v2/')) {
        // Only a ping is remembered; any other /v2/ request forgets the client's pending one
        // (no map write per request: this runs for every exchange).
        if (op.kind === 'base' && at.request.method.toUpperCase() === 'GET' && !at.failed) lastV2.set(keyOf(at), at);
        else if (lastV2.size > 0) lastV2.delete(keyOf(at));
        return;
      }
      // /v1/search is the search API clients use on purpose (podman, docker search), not a fallback.
      if (!path.startsWith('/v1/') || path.startsWith('/v1/search')) return;
      const ping = lastV2.get(keyOf(at));
      if (!ping) return;
      lastV2.set(keyOf(at), undefined);
      const status = ping.response.status;
      if (status !== 200 && status !== 401) return;
      if (!ping.response.headers.has('docker-distribution-api-version')) {
        ctx.report({ messageId: 'dependsOnHeader', at, data: { status, path }, related: [ping] });
      } else if (status === 401) {
        const scheme = ping.response.headers.get('www-authenticate')?.trim().split(/\s+/)[0] ?? 'missing';
        ctx.report({ messageId: 'unauthorizedAsUnsupported', at, data: { scheme, path }, related: [ping] });
      }
    });
  },
});
