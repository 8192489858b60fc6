import { defineCheck } from '../../src/check.js';
import { parseDigest } from '../../src/oci/digest.js';
import { specLink } from '../../src/spec.js';

// spec.md#error-codes: DIGEST_INVALID — "When a blob is uploaded, the registry will check that
// the content matches the digest provided by the client. The error MAY include a detail
// structure with the key 'digest'"; end-6 lists 400 for the closing PUT.
export default defineCheck({
  meta: {
    id: 'push/blob-digest-verified',
    title: 'Registry refuses a blob whose bytes do not match the digest',
    category: 'push',
    side: 'registry',
    level: 'MUST',
    requirements: ['BPUSH-11', 'ERR-02'],
    spec: specLink('error-codes'),
    fix: 'Hash the received bytes and answer 400 DIGEST_INVALID when they do not match the digest in the closing PUT.',
    messages: {
      accepted: 'Registry answered {{status}} to a closing PUT naming {{digest}}, but the uploaded bytes hash to {{computed}}: it stored content under the wrong digest.',
    },
  },
  create(ctx) {
    return {
      'upload.closed'({ at, close, session }) {
        if (at.failed || at.response.status >= 300 || close.digest === undefined) return;
        const parsed = parseDigest(close.digest);
        if (!parsed.ok || parsed.algorithm !== 'sha256') return;
        if (close.computedDigest === undefined) {
          ctx.notEvaluable(close.notEvaluable ?? 'uploaded bytes not captured', at);
          return;
        }
        if (close.computedDigest !== close.digest) {
          ctx.report({
            messageId: 'accepted',
            at,
            data: { status: at.response.status, digest: close.digest, computed: close.computedDigest },
            related: [session.opened],
          });
        }
      },
    };
  },
});
