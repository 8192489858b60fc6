import { defineCheck } from '../../src/check.js';
import { BoundedMap, BoundedSet } from '../../src/engine/bounded-map.js';
import { isRecord } from '../../src/engine/json-body.js';
import type { Exchange } from '../../src/model/exchange.js';
import { referrersTagForDigest } from '../../src/oci/digest.js';
import { onEveryOperation } from '../../src/oci/operation-kinds.js';
import { specLink } from '../../src/spec.js';

interface PendingCleanup {
  deleted: string;
  deletedAt: Exchange;
  tag: string;
  later?: Exchange;
}

function originOf(at: Exchange): string {
  return at.request.url?.origin ?? '';
}

// spec.md#deleting-manifests (v1.1.0): a client deleting a manifest that has a `subject`, on a
// registry without the referrers API, SHOULD also remove it from the referrers tag of the
// subject: pull the tag's index, drop the entry, push it back (DEL-04). The registry shows it
// lacks the API by a 404 on a referrers request, or by storing a manifest with a subject
// without answering OCI-Subject.
export default defineCheck({
  meta: {
    id: 'management/referrers-tag-cleanup',
    title: 'Deleting a referrer updates the referrers tag on registries without the API',
    category: 'management',
    side: 'client',
    level: 'SHOULD',
    versions: ['1.1.0', '1.1.1', 'main'],
    requirements: ['DEL-04'],
    spec: specLink('deleting-manifests'),
    fix: 'After deleting a manifest with a subject on a registry without the referrers API, GET the referrers tag of the subject, remove the deleted descriptor, and PUT the index back.',
    messages: {
      notUpdated:
        'The client deleted {{deleted}}, a referrer of {{subject}}, on a registry without the referrers API, and never pushed the referrers tag {{tag}} again, although it went on with other requests ({{later}}).',
      stillListed: 'The referrers tag {{tag}} pushed after deleting {{deleted}} still lists the deleted manifest.',
    },
  },
  create(ctx) {
    /** Manifest digest → its subject digest, from pushed or pulled bodies. */
    const subjectOf = new BoundedMap<string, string>(8192);
    /** Registry origins that showed they lack the referrers API. */
    const withoutApi = new BoundedSet<string>(256);
    /** `origin repo tag` → a delete waiting for the referrers tag to be pushed again. */
    const pending = new BoundedMap<string, PendingCleanup & { subject: string }>(1024);
    const everyOperation = onEveryOperation(({ at }) => {
      for (const p of pending.values()) if (!p.later && p.deletedAt !== at && at.startMs >= p.deletedAt.startMs && at.request.method !== 'DELETE') p.later = at;
    });
    return {
      ...everyOperation,
      'op:referrers.list'({ at }) {
        if (!at.failed && at.response.status === 404) withoutApi.add(originOf(at));
      },
      'manifest.pulled'({ manifest }) {
        if (manifest.subject && manifest.bodyDigest) subjectOf.set(manifest.bodyDigest, manifest.subject);
      },
      'manifest.pushed'({ at, op, manifest }) {
        if (at.failed || at.response.status !== 201) return;
        if (manifest.subject && manifest.bodyDigest) {
          subjectOf.set(manifest.bodyDigest, manifest.subject);
          if (!at.response.headers.has('oci-subject')) withoutApi.add(originOf(at));
        }
        if (op.reference.kind !== 'tag') return;
        const key = `${originOf(at)} ${op.name} ${op.reference.value}`;
        const waiting = pending.get(key);
        if (!waiting) return;
        pending.delete(key);
        const list = manifest.json && Array.isArray(manifest.json.manifests) ? manifest.json.manifests : undefined;
        if (list?.some((d) => isRecord(d) && d.digest === waiting.deleted)) {
          ctx.report({ messageId: 'stillListed', at, data: { tag: waiting.tag, deleted: waiting.deleted }, related: [waiting.deletedAt] });
        }
      },
      'manifest.deleted'({ at, op }) {
        if (at.failed || at.response.status !== 202 || op.reference.kind !== 'digest') return;
        const subject = subjectOf.get(op.reference.value);
        if (!subject || !withoutApi.has(originOf(at))) return;
        const tag = referrersTagForDigest(subject);
        if (!tag) return;
        pending.set(`${originOf(at)} ${op.name} ${tag}`, { deleted: op.reference.value, deletedAt: at, tag, subject });
      },
      'capture.end'() {
        for (const p of pending.values()) {
          if (!p.later) ctx.notEvaluable('the capture ends right after a referrer was deleted', p.deletedAt);
          else ctx.report({ messageId: 'notUpdated', at: p.deletedAt, data: { deleted: p.deleted, subject: p.subject, tag: p.tag, later: `${p.later.request.method} #${p.later.index}` }, related: [p.later], confidence: 'inferred' });
        }
      },
    };
  },
});
