import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import { isRecord } from '../../src/engine/json-body.js';
import { clientLabel } from '../../src/model/client.js';
import { entryRef, type EntryRef, type Exchange } from '../../src/model/exchange.js';
import { specLink } from '../../src/spec.js';

// spec.md#listing-referrers: "If filtering is requested and applied, the response MUST include a
// header OCI-Filters-Applied: artifactType" (REF-08). The header is the registry's only word that
// it filtered; without it the list is the whole list, and a client that asked for one
// artifactType has to drop the other entries itself. The spec states no client keyword here, so
// this rule is a SHOULD (see the doc).

interface Unfiltered {
  at: EntryRef;
  scope: string;
  requested: string;
  /** Digests of entries whose artifactType is not the requested one. */
  others: Set<string>;
  reported: boolean;
}

export default defineCheck({
  meta: {
    id: 'discovery/referrers-client-filter',
    title: 'A client that asked for one artifactType filters an unfiltered referrers list itself',
    category: 'discovery',
    side: 'client',
    level: 'SHOULD',
    requirements: ['REF-08'],
    spec: specLink('listing-referrers'),
    versions: ['1.1.0', '1.1.1', 'main'],
    fix: 'When a referrers answer to ?artifactType=<type> has no OCI-Filters-Applied: artifactType, drop the entries of other artifact types before using the list.',
    messages: {
      usedUnfiltered: 'The client asked for referrers of artifactType {{requested}}; the answer was not filtered (no OCI-Filters-Applied), and the client then fetched {{digest}}, an entry of type {{artifactType}} it should have filtered out itself.',
    },
  },
  create(ctx) {
    /** client, origin, repository: what one client reads in one repository. */
    const scopeOf = (at: Exchange, repo: string) => `${clientLabel(at.client)}\u0000${at.request.origin}\u0000${repo}`;
    /** Digests the client learned from somewhere else than an other-type entry (pushes, manifests, matching entries), per scope. */
    const known = new BoundedMap<string, Set<string>>(1024);
    /** Unfiltered answers to filtered requests, newest last. */
    const unfiltered: Unfiltered[] = [];
    /** digest → artifactType of the other-type entries, per answer (for the message). */
    const typeOf = new BoundedMap<string, string>(16384);
    const learn = (scope: string, digests: Iterable<string>) => {
      let set = known.get(scope);
      if (!set) known.set(scope, (set = new Set())); // bounded: 65536 digests per scope, below
      for (const d of digests) if (set.size < 65536) set.add(d);
    };

    return {
      'manifest.pushed'({ at, op, manifest }) {
        const scope = scopeOf(at, op.name);
        learn(scope, manifest.references);
        const digest = manifest.bodyDigest ?? (op.reference.kind === 'digest' ? op.reference.value : undefined);
        if (digest) learn(scope, [digest]);
      },
      'manifest.pulled'({ at, op, manifest }) {
        learn(scopeOf(at, op.name), manifest.references);
      },
      'referrers.listed'({ at, op, body }) {
        if (body.kind !== 'json' || !isRecord(body.value) || !Array.isArray(body.value.manifests)) return;
        const scope = scopeOf(at, op.name);
        const requested = op.artifactType;
        const entries = body.value.manifests.filter(isRecord).filter((e): e is Record<string, unknown> & { digest: string } => typeof e.digest === 'string');
        const filtered = at.response.headers.getList('oci-filters-applied').some((f) => f.trim().toLowerCase() === 'artifacttype');
        if (requested === undefined || filtered) {
          // An answer the client may use whole: every entry is one it may fetch.
          learn(scope, entries.map((e) => e.digest));
          return;
        }
        learn(scope, entries.filter((e) => e.artifactType === requested).map((e) => e.digest));
        const others = new Set<string>(); // bounded: one answer's entries
        for (const e of entries) {
          if (e.artifactType === requested) continue;
          others.add(e.digest);
          typeOf.set(`${at.index}\u0000${e.digest}`, typeof e.artifactType === 'string' ? e.artifactType : '(none)');
        }
        if (others.size === 0) return;
        unfiltered.push({ at: entryRef(at), scope, requested, others, reported: false });
        if (unfiltered.length > 256) unfiltered.shift();
      },
      'op:manifest.get'({ at, op }) {
        if (op.reference.kind !== 'digest') return;
        const scope = scopeOf(at, op.name);
        const digest = op.reference.value;
        if (known.get(scope)?.has(digest)) return;
        for (const answer of unfiltered) {
          if (answer.reported || answer.scope !== scope || !answer.others.has(digest)) continue;
          answer.reported = true;
          const artifactType = typeOf.get(`${answer.at.index}\u0000${digest}`) ?? '(unknown)';
          // Inferred: why the client fetched it is concluded from the request, not seen.
          ctx.report({ messageId: 'usedUnfiltered', at, data: { requested: answer.requested, digest, artifactType }, related: [answer.at], confidence: 'inferred' });
        }
      },
    };
  },
});
