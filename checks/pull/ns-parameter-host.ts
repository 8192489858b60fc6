import { defineCheck } from '../../src/check.js';
import type { Exchange } from '../../src/model/exchange.js';
import { onEveryOperation } from '../../src/oci/operation-kinds.js';
import { specLink } from '../../src/spec.js';

// spec.md (main) #registry-proxying: "A ns query parameter on pull operations is OPTIONAL, but when
// used specifies the host in a repository name used by a client … A client SHOULD be aware of
// whether a registry host is a proxy, such as when the ns query parameter differs from the Host
// header. A client SHOULD avoid sending ns query parameters to non-proxy registries."
// The one case the capture settles: ns names the very host the request went to, so that
// registry is the source, not a proxy for it.

/** Docker Hub answers as registry-1.docker.io and index.docker.io for the source host docker.io. */
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']); // bounded: constant

function sameHost(ns: string, host: string): boolean {
  const a = ns.trim().toLowerCase();
  const b = host.trim().toLowerCase();
  return a === b || (DOCKER_HUB.has(a) && DOCKER_HUB.has(b));
}

export default defineCheck({
  meta: {
    id: 'pull/ns-parameter-host',
    title: 'The ns parameter goes only to a proxy, never to the source registry itself',
    category: 'pull',
    side: 'client',
    level: 'SHOULD NOT',
    requirements: ['PROXY-01'],
    spec: specLink('registry-proxying', 'main'),
    fix: 'Add ?ns=<source host> only to requests sent to a mirror or proxy (a host other than the one in the image reference); send requests to the source registry without it.',
    messages: {
      toSourceRegistry: '{{method}} {{path}} carries ns={{ns}}, the host it was sent to ({{host}}): that registry is the source, not a proxy, so ns should not be sent.',
    },
  },
  create(ctx) {
    // Interop advice before main (the 1.1.x texts do not define ns; registries have answered 400 to it).
    const severity = ctx.spec === 'main' ? undefined : ('info' as const);
    let reported = 0;
    const check = (at: Exchange) => {
      const url = at.request.url;
      const ns = url?.searchParams.get('ns');
      if (!url || ns === null || ns === undefined || reported >= 50) return;
      // A registry that echoes OCI-Namespace used ns to scope the request: it is a proxy.
      if (!at.failed && at.response.headers.has('oci-namespace')) return;
      const host = at.request.headers.get('host') ?? at.request.headers.get(':authority') ?? url.host;
      if (!sameHost(ns, host)) return;
      reported++;
      ctx.report({ messageId: 'toSourceRegistry', at, data: { method: at.request.method, path: url.pathname, ns, host }, severity });
    };
    return onEveryOperation(({ at, op }) => {
      if (op.kind !== 'unknown' && op.kind !== 'token' && op.kind !== 'redirect-target') check(at);
    });
  },
});
