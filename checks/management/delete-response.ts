import { defineCheck } from '../../src/check.js';
import type { Exchange } from '../../src/model/exchange.js';
import { specLink } from '../../src/spec.js';

// spec.md#deleting-tags / #deleting-manifests / #deleting-blobs: "Upon success, the registry
// MUST respond with a 202 Accepted code"; when deletion is disabled "the registry MUST
// respond with either a 400 Bad Request or a 405 Method Not Allowed" (v1.1.1).
export default defineCheck({
  meta: {
    id: 'management/delete-response',
    title: 'Deletes answer 202 Accepted (or 400/405 when disabled)',
    category: 'management',
    side: 'registry',
    level: 'MUST',
    requirements: ['DEL-02', 'DEL-03', 'DEL-05'],
    spec: specLink('deleting-manifests'),
    fix: 'Answer a successful DELETE of a tag, manifest or blob with 202 Accepted; answer 400 or 405 when deletion is disabled.',
    messages: {
      wrongSuccess: 'DELETE of {{what}} succeeded with {{status}}; the spec requires 202 Accepted.',
      disabledStatus: 'DELETE of {{what}} was refused with {{status}} {{code}}; a registry with deletion disabled answers 400 or 405.',
    },
  },
  create(ctx) {
    function verify(at: Exchange, what: string) {
      if (at.failed) return;
      const status = at.response.status;
      if (status === 200 || status === 204) ctx.report({ messageId: 'wrongSuccess', at, data: { what, status } });
      const code = /"code"\s*:\s*"UNSUPPORTED"/.test(at.response.body.text?.slice(0, 4096) ?? '') ? 'UNSUPPORTED' : undefined;
      if (code && status !== 400 && status !== 405 && ctx.spec !== '1.0.1') {
        ctx.report({ messageId: 'disabledStatus', at, data: { what, status, code } });
      }
    }
    return {
      'manifest.deleted'({ at, op }) {
        verify(at, op.reference.kind === 'tag' ? `tag ${op.reference.value}` : `manifest ${op.reference.value}`);
      },
      'blob.deleted'({ at, op }) {
        verify(at, `blob ${op.digest}`);
      },
    };
  },
});
