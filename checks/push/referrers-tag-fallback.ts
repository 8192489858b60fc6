import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { Exchange } from '../../src/model/exchange.js';
import { referrersTagForDigest } from '../../src/oci/digest.js';
import { specLink } from '../../src/spec.js';

// spec.md#pushing-manifests-with-subject: "If the registry does not return OCI-Subject, the
// client MUST … update the referrers tag" with a descriptor of the pushed manifest (v1.1.0+),
// and #unavailable-referrers-api: a client pushing a manifest with subject must either see the
// referrers API confirmed or maintain the tag schema (SUBJ-03).
export default defineCheck({
  meta: {
    id: 'push/referrers-tag-fallback',
    title: 'Without OCI-Subject, the client maintains the referrers tag',
    category: 'push',
    side: 'client',
    level: 'MUST',
    requirements: ['SUBJ-02', 'SUBJ-03', 'RTS-01'],
    spec: specLink('pushing-manifests-with-subject'),
    versions: ['1.1.0', '1.1.1', 'main'],
    fix: 'When a manifest with subject is accepted without OCI-Subject, GET the <alg>-<hex> tag of the subject, add a descriptor of the new manifest and PUT the index back.',
    messages: {
      notMaintained: 'Manifest with subject {{subject}} was accepted without OCI-Subject, but the client never pushed the referrers tag {{tag}} in this capture.',
      entryMissing: 'Referrers tag {{tag}} was pushed without a descriptor of the referring manifest {{digest}}.',
    },
  },
  create(ctx) {
    type Pending = { at: Exchange; digest?: string; tag: string; subject: string };
    // Every accepted manifest with subject and no OCI-Subject waits for its tag, keyed by
    // repository and subject: several artifacts may refer to the same subject before the tag is
    // pushed, and each one must be listed.
    const pending = new BoundedMap<string, Pending[]>(1024);
    return {
      'manifest.pushed'({ at, op, manifest }) {
        if (at.failed || at.response.status < 200 || at.response.status > 299) return;
        const subjectFor = manifest.referrersTagFor;
        if (subjectFor) {
          const key = `${op.name} ${subjectFor}`;
          const waiting = pending.get(key);
          if (!waiting) return;
          pending.delete(key);
          const listed = manifest.references;
          for (const w of waiting) {
            if (w.digest && manifest.json && !listed.includes(w.digest)) {
              ctx.report({ messageId: 'entryMissing', at, data: { tag: w.tag, digest: w.digest }, related: [w.at] });
            }
          }
          return;
        }
        if (!manifest.subject || at.response.headers.has('oci-subject')) return;
        const tag = referrersTagForDigest(manifest.subject);
        if (!tag) return;
        const entry: Pending = { at, tag, subject: manifest.subject };
        const digest = manifest.bodyDigest ?? manifest.digestHeader;
        if (digest) entry.digest = digest;
        const key = `${op.name} ${manifest.subject}`;
        const list = pending.get(key) ?? [];
        list.push(entry);
        if (list.length > 1024) list.shift();
        pending.set(key, list);
      },
      'manifest.pulled'({ at, op, manifest }) {
        // The client read the tag and found the descriptor already listed (SUBJ-02: no duplicate
        // entry), so there is nothing left to push for that manifest.
        if (at.failed || at.response.status !== 200 || !manifest.referrersTagFor || !manifest.json) return;
        const key = `${op.name} ${manifest.referrersTagFor}`;
        const waiting = pending.get(key);
        if (!waiting) return;
        const left = waiting.filter((w) => !w.digest || !manifest.references.includes(w.digest));
        if (left.length) pending.set(key, left);
        else pending.delete(key);
      },
      'capture.end'({ info }) {
        for (const list of pending.values()) {
          for (const { at, tag, subject } of list) {
            // Absence is only inferred: the capture may have stopped before the client got there.
            ctx.report({ messageId: 'notMaintained', at, data: { subject, tag }, confidence: 'inferred', severity: info.stoppedAt ? 'warning' : undefined });
          }
        }
      },
    };
  },
});
