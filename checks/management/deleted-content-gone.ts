import { defineCheck } from '../../src/check.js';
import { specLink } from '../../src/spec.js';

// spec.md#deleting-manifests: after a successful delete "a GET … for the deleted manifest
// (and tags pointing to it) MUST return 404"; #deleting-tags likewise for the tag (v1.1.1).
export default defineCheck({
  meta: {
    id: 'management/deleted-content-gone',
    title: 'Deleted manifests, tags and blobs are no longer served',
    category: 'management',
    side: 'registry',
    level: 'MUST',
    requirements: ['DEL-02', 'DEL-03', 'DEL-05'],
    spec: specLink('deleting-manifests'),
    fix: 'After accepting a DELETE, answer 404 for the deleted tag, digest and every tag that pointed to it.',
    messages: {
      stillServed: '{{method}} of {{reference}} answered {{status}} after the registry accepted its deletion; expected 404.',
    },
  },
  create(ctx) {
    return {
      'content.requested-after-delete'({ at, deletedAt, reference }) {
        if (at.failed) return;
        const status = at.response.status;
        if (status >= 200 && status < 300) {
          ctx.report({ messageId: 'stillServed', at, data: { method: at.request.method, reference, status }, related: [deletedAt] });
        }
      },
    };
  },
});
