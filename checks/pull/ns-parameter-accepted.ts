import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { OperationEvent } from '../../src/engine/events.js';
import { entryRef, type EntryRef, type Exchange } from '../../src/model/exchange.js';
import { isDigestSyntax } from '../../src/oci/digest.js';
import { isValidRepositoryName } from '../../src/oci/name.js';
import { specLink } from '../../src/spec.js';

// spec.md (main) #registry-proxying: "A ns query parameter on pull operations is OPTIONAL … A proxy
// registry MAY use the ns query parameter to resolve an upstream registry host. A registry MAY
// choose to ignore the ns query parameter." A registry either uses ns or ignores it; refusing an
// otherwise valid pull because of it breaks #pulling-manifests / #pulling-blobs ("A GET request to
// an existing manifest URL MUST provide the expected manifest, with a response code that MUST be
// 200 OK").

/** The request without its ns parameter: method, origin, path and the other query parameters. */
function withoutNs(at: Exchange): string | undefined {
  const url = at.request.url;
  if (!url) return undefined;
  const params = new URLSearchParams(url.search);
  params.delete('ns');
  params.sort();
  return `${at.request.method.toUpperCase()} ${url.origin}${url.pathname}?${params.toString()}`;
}

export default defineCheck({
  meta: {
    id: 'pull/ns-parameter-accepted',
    title: 'A registry uses or ignores the ns parameter of a pull, never refuses the pull for it',
    category: 'pull',
    side: 'registry',
    level: 'MUST',
    requirements: ['PROXY-01', 'PULL-09', 'BLOB-01'],
    spec: specLink('registry-proxying', 'main'),
    fix: 'Ignore the ns query parameter (or use it to pick the upstream, and echo it in OCI-Namespace); never answer 400 because it is present.',
    messages: {
      refusedConfirmed: '{{method}} {{path}} with ns={{ns}} was answered {{status}}, but the same request without ns was answered {{okStatus}} (#{{other}}): the registry refused the pull because of the OPTIONAL ns parameter.',
      refused: '{{method}} {{path}} with ns={{ns}} was answered 400 although its repository name and reference are valid: most likely the registry refuses the OPTIONAL ns parameter instead of ignoring it.',
    },
  },
  create(ctx) {
    // ns is defined on main; before, a registry that refuses an unknown parameter is an interop problem, not a broken MUST.
    const confirmedSeverity = ctx.spec === 'main' ? undefined : ('warning' as const);
    const refused = new BoundedMap<string, Exchange[]>(1024);
    // what a later report needs of a served request, not the exchange (bounded, short-lived memory)
    const served = new BoundedMap<string, { ref: EntryRef; status: number }>(1024);
    const report = (at: Exchange, ok: { ref: EntryRef; status: number }) => {
      const url = at.request.url!;
      ctx.report({
        messageId: 'refusedConfirmed',
        at,
        data: { method: at.request.method, path: url.pathname, ns: url.searchParams.get('ns') ?? '', status: at.response.status, okStatus: ok.status, other: ok.ref.index },
        related: [ok.ref],
        severity: confirmedSeverity,
      });
    };
    /** 400s of requests whose name and reference are valid, the only ones ns can explain. */
    const wellFormed = new WeakSet<Exchange>();
    const onPull = ({ at, op }: OperationEvent<'manifest.get' | 'manifest.head' | 'blob.get' | 'blob.head'>) => {
      const key = withoutNs(at);
      if (!key || at.failed) return;
      const hasNs = at.request.url!.searchParams.has('ns');
      const status = at.response.status;
      if (hasNs && status === 400) {
        const reference = 'reference' in op ? op.reference.kind !== 'invalid' : isDigestSyntax(op.digest);
        if (reference && isValidRepositoryName(op.name)) wellFormed.add(at);
        const ok = served.get(key);
        if (ok) report(at, ok);
        else refused.set(key, [...(refused.get(key) ?? []), at].slice(-16));
      } else if (!hasNs && status >= 200 && status < 300) {
        const ok = { ref: entryRef(at), status };
        if (!served.has(key)) served.set(key, ok);
        for (const r of refused.get(key) ?? []) report(r, ok);
        refused.delete(key);
      }
    };
    return {
      'op:manifest.get': onPull,
      'op:manifest.head': onPull,
      'op:blob.get': onPull,
      'op:blob.head': onPull,
      'capture.end'() {
        for (const list of refused.values()) {
          for (const at of list) {
            if (!wellFormed.has(at)) continue;
            const url = at.request.url!;
            ctx.report({ messageId: 'refused', at, data: { method: at.request.method, path: url.pathname, ns: url.searchParams.get('ns') ?? '' }, confidence: 'inferred', severity: 'info' });
          }
        }
      },
    };
  },
});
