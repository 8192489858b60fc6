import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { Exchange } from '../../src/model/exchange.js';
import { onEveryOperation } from '../../src/oci/operation-kinds.js';

/** `host:port` of a CONNECT target, whichever way the tool wrote it (`host:443`, `https://host:443`). */
function tunnelTarget(at: Exchange): string | undefined {
  const raw = at.request.rawUrl.trim();
  const url = at.request.url;
  if (url && url.host) return url.port ? url.host : `${url.hostname}:${url.protocol === 'http:' ? 80 : 443}`;
  return /^[A-Za-z0-9.[\]:-]{1,300}$/.test(raw) ? raw.toLowerCase() : undefined;
}

// HAR 1.2 records what the tool saw. A proxy that does not intercept TLS (Charles or Fiddler
// without SSL proxying for a host, mitmproxy with ignore_hosts) records only the CONNECT that
// opened the tunnel: every registry request inside it is missing, so each rule that would
// judge them has nothing to judge. That is said, not passed over in silence.
export default defineCheck({
  meta: {
    id: 'capture/undecrypted-tunnel',
    title: 'HTTPS traffic is decrypted, not recorded as an opaque tunnel',
    category: 'capture',
    side: 'capture',
    level: 'heuristic',
    severity: 'warning',
    requirements: ['HAR-05'],
    spec: 'https://github.com/ahmadnassri/har-spec/blob/3a6b30c7734efb2584bd76cbf41ede1b2742e4c3/versions/1.2.md#entries',
    fix: 'Let the capture tool intercept TLS for the registry host (trust its CA in the client), or capture where the traffic is plain (the client\'s own recorder).',
    messages: {
      tunnel: 'The capture holds {{count}} CONNECT tunnel(s) to {{target}} but no decrypted request to that host: everything the client sent through it is missing from the capture, so no rule could judge it.',
    },
  },
  create(ctx) {
    /** CONNECT target → first tunnel and how many were opened. */
    const tunnels = new BoundedMap<string, { at: Exchange; count: number }>(1024);
    /** host:port values that also appear as decrypted requests. */
    const decrypted = new BoundedMap<string, true>(1024);
    return {
      ...onEveryOperation(({ at }) => {
        const target = at.request.method.toUpperCase() === 'CONNECT' ? tunnelTarget(at) : undefined;
        if (target) {
          const seen = tunnels.get(target);
          if (seen) seen.count++;
          else tunnels.set(target, { at, count: 1 });
        } else if (at.request.url) {
          const url = at.request.url;
          const host = url.port ? url.host : `${url.hostname}:${url.protocol === 'http:' ? 80 : 443}`;
          if (!decrypted.has(host)) decrypted.set(host, true);
        }
      }),
      'capture.end'() {
        for (const [target, { at, count }] of tunnels) {
          if (decrypted.has(target)) continue;
          ctx.report({ messageId: 'tunnel', at, data: { count, target } });
          ctx.notEvaluable(`HTTPS to ${target} was recorded as ${count} undecrypted CONNECT tunnel(s); the requests inside are absent from the capture`, at);
        }
      },
    };
  },
});
