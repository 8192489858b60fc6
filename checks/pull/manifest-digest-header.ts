import { defineCheck } from '../../src/check.js';
import { specLink } from '../../src/spec.js';

// spec.md#pulling-manifests: "The Docker-Content-Digest header, if present on the response,
// returns the canonical digest … (SHOULD be present through v1.1.1; MUST on main, PR #595)".
// spec.md#checking-if-content-exists-in-the-registry: the HEAD response likewise.
export default defineCheck({
  meta: {
    id: 'pull/manifest-digest-header',
    title: 'Manifest GET/HEAD returns Docker-Content-Digest',
    category: 'pull',
    side: 'registry',
    level: 'SHOULD',
    levels: { main: 'MUST' },
    requirements: ['PULL-10', 'HEAD-02'],
    spec: specLink('pulling-manifests'),
    fix: 'Send Docker-Content-Digest: <digest of the manifest bytes> on every 200 to GET or HEAD of a manifest.',
    messages: {
      missing: '200 response to {{method}} of manifest {{reference}} has no Docker-Content-Digest header; clients pulling by tag cannot learn the digest without hashing the body.',
      empty: 'Docker-Content-Digest is present but empty on {{method}} of manifest {{reference}}.',
    },
  },
  create(ctx) {
    return {
      'manifest.pulled'({ at, op, manifest }) {
        const data = { method: at.request.method, reference: op.reference.value };
        if (manifest.digestHeader === undefined) ctx.report({ messageId: 'missing', at, data });
        else if (manifest.digestHeader === '') ctx.report({ messageId: 'empty', at, data });
      },
    };
  },
});
