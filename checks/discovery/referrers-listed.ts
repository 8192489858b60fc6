import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import { isRecord, referrersEntries } from '../../src/engine/json-body.js';
import { entryRef, type EntryRef, type Exchange } from '../../src/model/exchange.js';
import { specLink } from '../../src/spec.js';

// spec.md#listing-referrers: the referrers response is an image index whose descriptors are "of
// an image manifest or index in the same <name> namespace with a subject field that specifies
// the value of <digest>"; #enabling-the-referrers-api: "Registries MUST include all newly pushed
// image manifests with a valid subject field in the referrers API response" (REF-05).

interface Referrer {
  at: EntryRef;
  /** When the push's response was complete, when the capture says (start + time). */
  doneMs?: number;
  /** What the referrers API must give as its artifactType: the manifest's, else config.mediaType. */
  artifactType?: string;
}

/** The artifactType a referrers entry of this manifest carries (REF-05). */
function artifactTypeOf(json: Record<string, unknown>): string | undefined {
  if (typeof json.artifactType === 'string' && json.artifactType !== '') return json.artifactType;
  if (isRecord(json.config) && typeof json.config.mediaType === 'string') return json.config.mediaType;
  return undefined;
}

const ok = (at: Exchange) => !at.failed && at.response.status >= 200 && at.response.status < 300;

export default defineCheck({
  meta: {
    id: 'discovery/referrers-listed',
    title: 'The referrers API lists every manifest pushed with that subject',
    category: 'discovery',
    side: 'registry',
    level: 'MUST',
    requirements: ['REF-05'],
    spec: specLink('listing-referrers'),
    versions: ['1.1.0', '1.1.1', 'main'],
    fix: 'Index every accepted manifest (and index) by its subject digest and list it in GET /v2/<name>/referrers/<subject> of the same repository until the manifest is deleted.',
    messages: {
      missing: 'Referrers list for {{subject}} lacks {{digest}}, pushed with that subject at entry #{{entry}}.',
    },
  },
  create(ctx) {
    /** `origin repo subject` → digest → the accepted push of a manifest with that subject. */
    const referrers = new BoundedMap<string, Map<string, Referrer>>(4096);
    /** `origin repo digest` → the subject key it is filed under (to forget it on delete). */
    const subjectOf = new BoundedMap<string, string>(16384);
    const keyOf = (at: Exchange, repo: string, value: string) => `${at.request.origin}\u0000${repo}\u0000${value}`;

    return {
      'manifest.pushed'({ at, op, manifest }) {
        if (!ok(at) || !manifest.subject || manifest.referrersTagFor) return;
        const digest = manifest.bodyDigest ?? manifest.digestHeader ?? (op.reference.kind === 'digest' ? op.reference.value : undefined);
        if (!digest) return;
        const key = keyOf(at, op.name, manifest.subject);
        let list = referrers.get(key);
        if (!list) referrers.set(key, (list = new Map())); // bounded: 1024 referrers per subject, below
        const entry: Referrer = { at: entryRef(at) };
        if (at.timeMs !== undefined) entry.doneMs = at.startMs + at.timeMs;
        const type = manifest.json ? artifactTypeOf(manifest.json) : undefined;
        if (type !== undefined) entry.artifactType = type;
        list.delete(digest);
        list.set(digest, entry);
        if (list.size > 1024) list.delete(list.keys().next().value!);
        subjectOf.set(keyOf(at, op.name, digest), key);
      },
      'manifest.deleted'({ at, op }) {
        if (!ok(at) || op.reference.kind !== 'digest') return;
        const digest = op.reference.value;
        const key = subjectOf.get(keyOf(at, op.name, digest));
        if (key) referrers.get(key)?.delete(digest);
      },
      'referrers.listed'({ at, op, body }) {
        const pushed = referrers.get(keyOf(at, op.name, op.digest));
        if (!pushed || pushed.size === 0) return;
        const read = referrersEntries(body);
        if ('notEvaluable' in read) {
          ctx.notEvaluable(read.notEvaluable, at);
          return;
        }
        const listed = new Set<string>(); // bounded: one response's entries
        for (const d of read.entries) if (isRecord(d) && typeof d.digest === 'string') listed.add(d.digest);
        const filtered = at.response.headers.getList('oci-filters-applied').some((f) => f.trim().toLowerCase() === 'artifacttype');
        const missing: [string, Referrer][] = [];
        for (const [digest, referrer] of pushed) {
          if (listed.has(digest)) continue;
          if (referrer.doneMs !== undefined && referrer.doneMs > at.startMs) {
            ctx.notEvaluable(`the push of ${digest} had not completed when the referrers request started`, at);
            continue;
          }
          if (op.artifactType !== undefined && referrer.artifactType !== op.artifactType) {
            // Filtered out and said so: that is what the client asked for. Without the header the
            // registry may still have filtered (discovery/referrers-filter judges the header).
            if (!filtered) ctx.notEvaluable(`the request asked for artifactType ${op.artifactType} and ${digest} has ${referrer.artifactType ?? 'none'}: the registry may have filtered it out`, at);
            continue;
          }
          missing.push([digest, referrer]);
        }
        if (missing.length === 0) return;
        if (at.response.headers.has('link')) {
          ctx.notEvaluable(`the referrers list is paged (Link header): ${missing.length} referrer(s) pushed with subject ${op.digest} may be on another page`, at);
          return;
        }
        for (const [digest, referrer] of missing) {
          ctx.report({ messageId: 'missing', at, data: { subject: op.digest, digest, entry: referrer.at.index }, related: [referrer.at] });
        }
      },
    };
  },
});
