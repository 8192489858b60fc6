import { defineCheck } from '../../src/check.js';
import type { Exchange } from '../../src/model/exchange.js';
import { parseDigest } from '../../src/oci/digest.js';
import { specLink } from '../../src/spec.js';

// spec.md#error-codes: DIGEST_INVALID — "When a blob is uploaded, the registry will check that
// the content matches the digest provided by the client. The error MAY include a detail
// structure with the key 'digest'"; end-6 lists 400 for the closing PUT. The same holds for a
// single POST (#single-post: "the <digest> MUST match the blob's digest").
export default defineCheck({
  meta: {
    id: 'push/blob-digest-verified',
    title: 'Registry refuses a blob whose bytes do not match the digest',
    category: 'push',
    side: 'registry',
    level: 'MUST',
    requirements: ['BPUSH-11', 'ERR-02'],
    spec: specLink('error-codes'),
    fix: 'Hash the received bytes and answer 400 DIGEST_INVALID when they do not match the digest in the closing PUT or single POST.',
    messages: {
      accepted: 'Registry answered {{status}} to a {{what}} naming {{digest}}, but the uploaded bytes hash to {{computed}}: it stored content under the wrong digest.',
    },
  },
  create(ctx) {
    /** The digest to compare against, or undefined when there is nothing to judge here. */
    function judgeable(at: Exchange, digest: string | undefined): string | undefined {
      if (at.failed || at.response.status >= 300 || digest === undefined) return undefined;
      const parsed = parseDigest(digest);
      // A malformed digest is push/upload-close-digest's finding, not a content mismatch.
      if (!parsed.ok || !parsed.wellFormed) return undefined;
      if (parsed.algorithm !== 'sha256') {
        ctx.notEvaluable(`${parsed.algorithm} digests are not computed (only sha256)`, at);
        return undefined;
      }
      return digest;
    }
    return {
      'upload.closed'({ at, close, session }) {
        const digest = judgeable(at, close.digest);
        if (digest === undefined) return;
        if (close.computedDigest === undefined) {
          ctx.notEvaluable(close.notEvaluable ?? 'uploaded bytes not captured', at);
          return;
        }
        if (close.computedDigest !== digest) {
          ctx.report({
            messageId: 'accepted',
            at,
            data: { status: at.response.status, what: 'closing PUT', digest, computed: close.computedDigest },
            related: [session.opened],
          });
        }
      },
      'upload.created-without-session'({ at, op }) {
        if (op.kind !== 'upload.start') return; // a mount carries no bytes
        const digest = judgeable(at, op.digest);
        if (digest === undefined) return;
        const body = at.request.body;
        if ((body.fidelity !== 'exact' && body.fidelity !== 'redacted') || body.sha256 === undefined) {
          ctx.notEvaluable(`request body is ${body.fidelity}${body.reason ? ` (${body.reason})` : ''}`, at);
          return;
        }
        const computed = `sha256:${body.sha256}`;
        if (computed !== digest) ctx.report({ messageId: 'accepted', at, data: { status: at.response.status, what: 'single POST', digest, computed } });
      },
    };
  },
});
