import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { ManifestFacts } from '../../src/engine/facts.js';
import type { Exchange } from '../../src/model/exchange.js';
import { referrersTagForDigest } from '../../src/oci/digest.js';
import { specLink } from '../../src/spec.js';

// spec.md#deleting-manifests (v1.1.0+): when a client deletes a manifest that has a subject and
// the registry has no referrers API (it answers 404 there), the client SHOULD pull the
// referrers tag-schema index, drop the deleted manifest's entry and push the index back
// (DEL-04; tag name per #referrers-tag-schema, RTS-01).

// When the body was seen (startMs), not the exchange: thousands of manifests stay in this map.
type Seen =
  /** The exact body was seen: `subject` is its subject digest, if any. */
  | { exact: true; startMs: number; subject?: string }
  /** Only a body the capture did not keep exactly. */
  | { exact: false; startMs: number; reason: string };

interface Pending {
  at: Exchange;
  origin: string;
  repo: string;
  digest: string;
  subject: string;
  tag: string;
  /** Why the rule holds that the registry lacks the referrers API. */
  evidence: Exchange;
}

const originOf = (at: Exchange) => at.request.origin;
const ok = (at: Exchange) => !at.failed && at.response.status >= 200 && at.response.status < 300;

export default defineCheck({
  meta: {
    id: 'management/referrers-tag-cleanup',
    title: 'Deleting a manifest with subject updates the referrers tag when the registry has no referrers API',
    category: 'management',
    side: 'client',
    level: 'SHOULD',
    versions: ['1.1.0', '1.1.1', 'main'],
    requirements: ['DEL-04', 'RTS-01', 'RTS-02'],
    spec: specLink('deleting-manifests'),
    fix: 'After deleting a manifest with subject on a registry without the referrers API, GET the <alg>-<hex> tag of the subject, remove the deleted descriptor and PUT the index back.',
    messages: {
      notUpdated: 'Manifest {{digest}} (subject {{subject}}) was deleted on a registry without the referrers API, but the client never pushed the referrers tag {{tag}} afterwards.',
      entryKept: 'The referrers tag {{tag}} was pushed after manifest {{digest}} was deleted, but its index still lists the deleted manifest.',
    },
  },
  create(ctx) {
    /** `origin repo digest` → what the capture saw of that manifest's body. */
    const seen = new BoundedMap<string, Seen>(4096);
    /** Per origin: the latest exchange that showed the referrers API missing (true) or present (false). */
    const lacksApi = new BoundedMap<string, { lacks: boolean; at: Exchange }>(256);
    /** `origin repo tag` → the latest push of a referrers tag and the digests its index listed. */
    const tagPushed = new BoundedMap<string, { at: Exchange; references?: readonly string[] }>(1024);
    /** `origin repo tag` → deletes waiting for the tag to be updated. */
    const pending = new BoundedMap<string, Pending[]>(1024);

    const remember = (at: Exchange, repo: string, manifest: ManifestFacts, digestRef: string | undefined) => {
      if (manifest.body.fidelity === 'exact' && manifest.bodyDigest && manifest.json) {
        const entry: Seen = manifest.subject ? { exact: true, startMs: at.startMs, subject: manifest.subject } : { exact: true, startMs: at.startMs };
        seen.set(`${originOf(at)} ${repo} ${manifest.bodyDigest}`, entry);
        return;
      }
      const digest = digestRef ?? manifest.digestHeader;
      if (!digest) return;
      const key = `${originOf(at)} ${repo} ${digest}`;
      if (seen.get(key)?.exact) return;
      seen.set(key, { exact: false, startMs: at.startMs, reason: manifest.body.reason ?? `body ${manifest.body.fidelity}` });
    };

    const onTagPush = (at: Exchange, repo: string, tag: string, manifest: ManifestFacts) => {
      const key = `${originOf(at)} ${repo} ${tag}`;
      tagPushed.set(key, manifest.json ? { at, references: manifest.references } : { at });
      const waiting = pending.get(key);
      if (!waiting) return;
      pending.delete(key);
      for (const p of waiting) {
        if (!manifest.json) {
          ctx.notEvaluable(`the push of referrers tag ${tag} after deleting ${p.digest} has no exact body`, at);
        } else if (manifest.references.includes(p.digest)) {
          ctx.report({ messageId: 'entryKept', at, data: { tag, digest: p.digest }, related: [p.at] });
        }
      }
    };

    return {
      'manifest.pushed'({ at, op, manifest }) {
        if (manifest.referrersTagFor && op.reference.kind === 'tag') {
          // The client's attempt counts, whatever the registry answered (e.g. 412 on If-Match).
          onTagPush(at, op.name, op.reference.value, manifest);
          return;
        }
        if (!ok(at)) return;
        remember(at, op.name, manifest, op.reference.kind === 'digest' ? op.reference.value : undefined);
        if (manifest.subject) lacksApi.set(originOf(at), { lacks: !at.response.headers.has('oci-subject'), at });
      },
      'manifest.pulled'({ at, op, manifest }) {
        if (op.kind !== 'manifest.get') return;
        if (manifest.referrersTagFor && op.reference.kind === 'tag') {
          // The tag as the client read it: if it does not list the deleted manifest, there is nothing to remove.
          const key = `${originOf(at)} ${op.name} ${op.reference.value}`;
          const waiting = pending.get(key);
          if (waiting && manifest.json) {
            const left = waiting.filter((p) => manifest.references.includes(p.digest));
            if (left.length) pending.set(key, left);
            else pending.delete(key);
          }
          return;
        }
        remember(at, op.name, manifest, op.reference.kind === 'digest' ? op.reference.value : undefined);
      },
      'op:manifest.get'({ at, op }) {
        // No tag at all: nothing to update.
        if (at.failed || at.response.status !== 404 || op.reference.kind !== 'tag') return;
        pending.delete(`${originOf(at)} ${op.name} ${op.reference.value}`);
      },
      'op:referrers.list'({ at }) {
        if (at.failed) return;
        if (at.response.status === 404) lacksApi.set(originOf(at), { lacks: true, at });
        else if (at.response.status === 200) lacksApi.set(originOf(at), { lacks: false, at });
      },
      'manifest.deleted'({ at, op }) {
        if (!ok(at)) return;
        const origin = originOf(at);
        if (op.reference.kind === 'tag') {
          // Deleting the referrers tag itself also takes the entry away.
          pending.delete(`${origin} ${op.name} ${op.reference.value}`);
          return;
        }
        const digest = op.reference.value;
        const body = seen.get(`${origin} ${op.name} ${digest}`);
        if (!body) {
          ctx.notEvaluable(`the capture never showed the body of deleted manifest ${digest}, so whether it had a subject is unknown`, at);
          return;
        }
        if (!body.exact) {
          ctx.notEvaluable(`the body of deleted manifest ${digest} was not captured exactly (${body.reason})`, at);
          return;
        }
        if (!body.subject) return;
        const tag = referrersTagForDigest(body.subject);
        if (!tag) return;
        const api = lacksApi.get(origin);
        if (!api) {
          ctx.notEvaluable(`the capture does not show whether ${origin} supports the referrers API (no referrers request, no push of a manifest with subject)`, at);
          return;
        }
        if (!api.lacks) return;
        const key = `${origin} ${op.name} ${tag}`;
        // Updated before the DELETE (after the manifest was seen) to an index without it: done already.
        const before = tagPushed.get(key);
        if (before?.references && before.at.startMs >= body.startMs && !before.references.includes(digest)) return;
        const list = pending.get(key) ?? [];
        list.push({ at, origin, repo: op.name, digest, subject: body.subject, tag, evidence: api.at });
        if (list.length > 256) list.shift();
        pending.set(key, list);
      },
      'capture.end'({ info }) {
        for (const list of pending.values()) {
          for (const p of list) {
            // Only inferred: the client may update the tag after the recording stopped.
            ctx.report({
              messageId: 'notUpdated',
              at: p.at,
              data: { digest: p.digest, subject: p.subject, tag: p.tag },
              related: [p.evidence],
              confidence: 'inferred',
              severity: info.stoppedAt ? 'info' : undefined,
            });
          }
        }
      },
    };
  },
});
