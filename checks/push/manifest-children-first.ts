import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { Exchange } from '../../src/model/exchange.js';
import { specLink } from '../../src/spec.js';

// spec.md#push: a registry "MAY reject a manifest … that references blobs or manifests that do
// not exist" (PUSH-02), so content is pushed bottom-up: blobs and child manifests first, then
// the manifest or index that points to them (MPUSH-07).
export default defineCheck({
  meta: {
    id: 'push/manifest-children-first',
    title: 'Blobs and child manifests are pushed before the manifest that references them',
    category: 'push',
    side: 'client',
    level: 'heuristic',
    severity: 'warning',
    requirements: ['MPUSH-07', 'PUSH-02'],
    spec: specLink('push'),
    fix: 'Upload every layer, the config and every child manifest, and only then PUT the manifest or index that references them.',
    messages: {
      afterParent: 'Manifest was pushed before content it references: {{digests}} stored later (first at entry #{{later}}); registries that validate references reject this push.',
    },
  },
  create(ctx) {
    /** repo + digest → the manifest push that referenced it before it existed. */
    const waiting = new BoundedMap<string, Exchange>(4096);
    const late = new BoundedMap<Exchange, { digests: string[]; first: Exchange }>(1024);
    return {
      'manifest.pushed'({ at, op, missingBefore }) {
        for (const digest of missingBefore) waiting.set(`${op.name} ${digest}`, at);
      },
      'content.stored'({ at, repo, digest }) {
        const parent = waiting.get(`${repo} ${digest}`);
        if (!parent || parent.startMs > at.startMs) return;
        waiting.delete(`${repo} ${digest}`);
        const entry = late.get(parent);
        if (entry) entry.digests.push(digest);
        else late.set(parent, { digests: [digest], first: at });
      },
      'capture.end'() {
        for (const [parent, { digests, first }] of late) {
          ctx.report({
            messageId: 'afterParent',
            at: parent,
            data: { digests: digests.map((d) => d.slice(0, 19)).join(', '), later: first.index },
            related: [first],
          });
        }
      },
    };
  },
});
