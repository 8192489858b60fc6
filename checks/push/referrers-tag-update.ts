import { defineCheck } from '../../src/check.js';
import { BoundedMap, BoundedSet } from '../../src/engine/bounded-map.js';
import { subjectOfReferrersTag } from '../../src/engine/content.js';
import type { ManifestFacts } from '../../src/engine/facts.js';
import { isRecord } from '../../src/engine/json-body.js';
import { clientLabel } from '../../src/model/client.js';
import { entryRef, type EntryRef, type Exchange } from '../../src/model/exchange.js';
import { specLink } from '../../src/spec.js';

// spec.md#pushing-manifests-with-subject (v1.1.0+): "When pushing a manifest with the subject
// field and the OCI-Subject header was not set, the client MUST: 1. Pull the current referrers
// list using the referrers tag schema. 2. If that pull returns a manifest other than the expected
// image index, the client SHOULD report a failure and skip the remaining steps. 3. If the tag
// returns a 404, the client MUST begin with an empty image index. 4. Verify the descriptor for
// the manifest is not already in the referrers list (duplicate entries SHOULD NOT be created).
// 5. Append a descriptor for the pushed manifest to the manifests in the referrers list. [...]
// 6. Push the updated referrers list using the same referrers tag schema." (SUBJ-02)
// #referrers-tag-schema: the tag "should return an image index matching the expected response of
// the referrers API", kept by the clients that push and delete manifests with subject (RTS-02).

const INDEX = 'application/vnd.oci.image.index.v1+json';

/** One client's update cycle of one referrers tag, from a push with subject to the tag push. */
interface Cycle {
  /** The first accepted push with this subject and without OCI-Subject since the last tag push. */
  needed?: EntryRef;
  /** The digest of that manifest, when known. */
  neededDigest?: string;
  /** Whether the client read (GET/HEAD) the tag after `needed`. */
  read: boolean;
  /** The latest push with this subject that the registry confirmed with OCI-Subject. */
  confirmed?: EntryRef;
}

/** What the client's latest GET of the tag returned, until a tag push consumes it. */
type LastRead =
  | { at: EntryRef; kind: 'index'; digests: string[] }
  | { at: EntryRef; kind: 'other'; problem: string }
  | { at: EntryRef; kind: 'unreadable'; reason: string };

interface Dropped {
  at: EntryRef;
  read: EntryRef;
  repo: string;
  tag: string;
  digests: Set<string>;
}

interface Rejected {
  at: EntryRef;
  refused: EntryRef;
  repo: string;
  tag: string;
  digest: string;
}

const ok = (at: Exchange) => !at.failed && at.response.status >= 200 && at.response.status < 300;
/** A 401 is the auth challenge: the retry that follows is the client's real attempt. */
const judged = (at: Exchange) => !at.failed && at.response.status !== 401;

/** The digests an index lists, in order (duplicates kept). */
function listed(json: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (Array.isArray(json.manifests)) for (const d of json.manifests) if (isRecord(d) && typeof d.digest === 'string') out.push(d.digest);
  return out;
}

/** Why a GET of the tag is not the image index step 2 expects, or undefined when it is one. */
function notAnIndex(manifest: ManifestFacts, json: Record<string, unknown>, subject: string): string | undefined {
  if (manifest.bodyDigest === subject || manifest.digestHeader === subject) return `the subject ${subject} itself`;
  const type = manifest.mediaTypeField ?? manifest.essence;
  if (manifest.mediaTypeField !== undefined && manifest.mediaTypeField !== INDEX) return `a ${manifest.mediaTypeField}`;
  if (manifest.essence !== undefined && manifest.essence !== INDEX) return `a ${manifest.essence}`;
  if (type === undefined) return 'a manifest without a media type';
  if (!Array.isArray(json.manifests)) return 'an index without a manifests array';
  return undefined;
}

export default defineCheck({
  meta: {
    id: 'push/referrers-tag-update',
    title: 'The referrers tag is read, appended to and pushed back, never overwritten',
    category: 'push',
    side: 'client',
    level: 'MUST',
    requirements: ['SUBJ-02', 'RTS-02'],
    spec: specLink('pushing-manifests-with-subject'),
    versions: ['1.1.0', '1.1.1', 'main'],
    fix: 'After a push with subject answered without OCI-Subject: GET the <alg>-<hex> tag, stop if it is not an image index, start from an empty index on 404, append the new descriptor once (keeping every other entry), and PUT it back; leave the tag alone when the registry answered OCI-Subject.',
    messages: {
      notRead: 'The client pushed the referrers tag {{tag}} without reading it after pushing {{digest}} with that subject (accepted without OCI-Subject): referrers other clients listed there may be lost.',
      overwroteNonIndex: 'The referrers tag {{tag}} held {{problem}}, not an image index, yet the client pushed an index over it instead of reporting a failure.',
      entriesDropped: 'The referrers tag {{tag}} was pushed without {{count}} descriptor(s) it listed when the client read it: {{digests}}.',
      duplicateEntry: 'The referrers tag {{tag}} was pushed listing {{digest}} {{times}} times.',
      listsRejected: 'The referrers tag {{tag}} lists {{digest}}, whose manifest push the registry refused ({{status}}) and never accepted in this capture.',
      unneeded: 'The registry answered OCI-Subject for a push with subject {{subject}}, so it has the referrers API, yet the client pushed the fallback tag {{tag}} as well.',
    },
  },
  create(ctx) {
    /** client, origin, repository, subject. */
    const keyOf = (at: Exchange, repo: string, subject: string) => `${clientLabel(at.client)}\u0000${at.request.origin}\u0000${repo}\u0000${subject}`;
    /** origin, repository: what the registry holds, whoever pushed it. */
    const repoOf = (at: Exchange, repo: string) => `${at.request.origin}\u0000${repo}`;

    const cycles = new BoundedMap<string, Cycle>(4096);
    const lastRead = new BoundedMap<string, LastRead>(4096);
    /** `origin repo digest` of manifests deleted (202) in the capture. */
    const deleted = new BoundedSet<string>(16384);
    /** `origin repo digest` → a refused push, and whether the manifest was ever accepted or served. */
    const manifests = new BoundedMap<string, { refused?: EntryRef; accepted: boolean }>(16384);
    const dropped: Dropped[] = [];
    const rejected: Rejected[] = [];

    const accept = (repo: string, digest: string) => {
      const state = manifests.get(`${repo}\u0000${digest}`);
      if (state) state.accepted = true;
      else manifests.set(`${repo}\u0000${digest}`, { accepted: true });
    };

    const onTagPush = (at: Exchange, repo: string, tag: string, subject: string, manifest: ManifestFacts) => {
      const key = keyOf(at, repo, subject);
      const ref = entryRef(at);
      const cycle = cycles.get(key);
      cycles.delete(key);
      if (cycle?.needed && !cycle.read) {
        ctx.report({ messageId: 'notRead', at, data: { tag, digest: cycle.neededDigest ?? 'a manifest' }, related: [cycle.needed], confidence: 'inferred' });
      } else if (cycle?.confirmed && !cycle.needed) {
        ctx.report({ messageId: 'unneeded', at, data: { subject, tag }, related: [cycle.confirmed], severity: 'info' });
      }
      const read = lastRead.get(key);
      lastRead.delete(key);
      const json = manifest.json;
      if (!json) {
        ctx.notEvaluable(`the body of the referrers tag push ${tag} is not readable JSON (${manifest.jsonError ?? `body ${manifest.body.fidelity}`})`, at);
        return;
      }
      const digests = listed(json);
      if (read?.kind === 'unreadable') ctx.notEvaluable(`the client's read of ${tag} before this push is not readable JSON (${read.reason})`, at);
      if (read?.kind === 'other' && Array.isArray(json.manifests)) {
        ctx.report({ messageId: 'overwroteNonIndex', at, data: { tag, problem: read.problem }, related: [read.at], severity: 'warning' });
      }
      const r = repoOf(at, repo);
      if (read?.kind === 'index') {
        const now = new Set(digests); // bounded: one index's entries
        const lost = new Set(read.digests.filter((d) => !now.has(d) && !deleted.has(`${r}\u0000${d}`))); // bounded: one index's entries
        if (lost.size > 0) {
          dropped.push({ at: ref, read: read.at, repo: r, tag, digests: lost });
          if (dropped.length > 256) dropped.shift();
        }
      }
      const counts = new Map<string, number>(); // bounded: one index's entries
      for (const d of digests) counts.set(d, (counts.get(d) ?? 0) + 1);
      for (const [digest, times] of counts) {
        if (times > 1) {
          ctx.report({ messageId: 'duplicateEntry', at, data: { tag, digest, times }, severity: 'warning' });
          break;
        }
      }
      for (const digest of counts.keys()) {
        const state = manifests.get(`${r}\u0000${digest}`);
        if (!state?.refused || state.accepted) continue;
        rejected.push({ at: ref, refused: state.refused, repo: r, tag, digest });
        if (rejected.length > 256) rejected.shift();
      }
    };

    const onRead = (at: Exchange, repo: string, tag: string) => {
      if (!judged(at) || (at.response.status !== 200 && at.response.status !== 404)) return;
      const subject = subjectOfReferrersTag(tag);
      if (!subject) return;
      const key = keyOf(at, repo, subject);
      const cycle = cycles.get(key);
      if (cycle?.needed) cycle.read = true;
      // A 404 is an empty list (step 3): nothing the next push could drop.
      if (at.response.status === 404) lastRead.delete(key);
    };

    return {
      'op:manifest.get'({ at, op }) {
        if (op.reference.kind === 'tag') onRead(at, op.name, op.reference.value);
      },
      'op:manifest.head'({ at, op }) {
        if (op.reference.kind === 'tag') onRead(at, op.name, op.reference.value);
      },
      'manifest.pulled'({ at, op, manifest }) {
        if (op.reference.kind === 'digest') accept(repoOf(at, op.name), op.reference.value);
        const subject = manifest.referrersTagFor;
        if (op.kind !== 'manifest.get' || !subject) return;
        const key = keyOf(at, op.name, subject);
        const ref = entryRef(at);
        const json = manifest.json;
        if (!json) {
          lastRead.set(key, { at: ref, kind: 'unreadable', reason: manifest.jsonError ?? `body ${manifest.body.fidelity}` });
          return;
        }
        const problem = notAnIndex(manifest, json, subject);
        lastRead.set(key, problem ? { at: ref, kind: 'other', problem } : { at: ref, kind: 'index', digests: listed(json) });
      },
      'manifest.pushed'({ at, op, manifest }) {
        if (manifest.referrersTagFor && op.reference.kind === 'tag') {
          if (judged(at)) onTagPush(at, op.name, op.reference.value, manifest.referrersTagFor, manifest);
          return;
        }
        const r = repoOf(at, op.name);
        const digest = manifest.bodyDigest ?? manifest.digestHeader ?? (op.reference.kind === 'digest' ? op.reference.value : undefined);
        if (!at.failed && at.response.status >= 400 && at.response.status < 500 && digest) {
          const state = manifests.get(`${r}\u0000${digest}`);
          if (!state) manifests.set(`${r}\u0000${digest}`, { refused: entryRef(at), accepted: false });
          else if (!state.refused) state.refused = entryRef(at);
        }
        if (!ok(at)) return;
        if (digest) {
          accept(r, digest);
          deleted.delete(`${r}\u0000${digest}`);
        }
        if (!manifest.subject) return;
        const key = keyOf(at, op.name, manifest.subject);
        const cycle = cycles.get(key) ?? { read: false };
        if (at.response.headers.has('oci-subject')) cycle.confirmed = entryRef(at);
        else if (!cycle.needed) {
          cycle.needed = entryRef(at);
          if (digest) cycle.neededDigest = digest;
        }
        cycles.set(key, cycle);
      },
      'manifest.deleted'({ at, op }) {
        if (!ok(at) || op.reference.kind !== 'digest') return;
        const r = repoOf(at, op.name);
        deleted.add(`${r}\u0000${op.reference.value}`);
        // DEL-04: deleting a referrer takes its entry out of the tag legitimately, before or after.
        for (const d of dropped) if (d.repo === r) d.digests.delete(op.reference.value);
      },
      'capture.end'() {
        for (const d of dropped) {
          if (d.digests.size === 0) continue;
          const all = [...d.digests];
          const digests = all.length > 3 ? `${all.slice(0, 3).join(', ')}, …` : all.join(', ');
          ctx.report({ messageId: 'entriesDropped', at: d.at, data: { tag: d.tag, count: all.length, digests }, related: [d.read] });
        }
        for (const x of rejected) {
          const state = manifests.get(`${x.repo}\u0000${x.digest}`);
          if (state?.accepted) continue;
          // Inferred: "never accepted" is concluded from the rest of the capture.
          ctx.report({ messageId: 'listsRejected', at: x.at, data: { tag: x.tag, digest: x.digest, status: x.refused.status }, related: [x.refused], confidence: 'inferred' });
        }
      },
    };
  },
});
