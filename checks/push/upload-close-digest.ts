import { defineCheck } from '../../src/check.js';
import { parseDigest } from '../../src/oci/digest.js';
import { specLink } from '../../src/spec.js';

// spec.md#post-then-put: the session is closed with "PUT <location>?digest=<digest>", and
// #pushing-a-blob-in-chunks: "… MUST be closed by a PUT … ?digest=<digest>" whose digest is
// the digest of the whole blob.
export default defineCheck({
  meta: {
    id: 'push/upload-close-digest',
    title: 'Closing PUT names the digest of the uploaded blob',
    category: 'push',
    side: 'client',
    level: 'MUST',
    requirements: ['CHUNK-11', 'BPUSH-05'],
    spec: specLink('post-then-put'),
    fix: 'Close every upload with PUT <location>&digest=<algorithm>:<hex of the whole blob>.',
    messages: {
      missing: 'Closing PUT has no digest query parameter.',
      malformed: "Closing PUT names digest '{{digest}}', which is not a valid digest ({{reason}}).",
      mismatch: 'Closing PUT names {{digest}}, but the {{size}} bytes uploaded hash to {{computed}}.',
    },
  },
  create(ctx) {
    return {
      'upload.closed'({ at, close, session }) {
        if (close.digest === undefined) {
          ctx.report({ messageId: 'missing', at, related: [session.opened] });
          return;
        }
        const parsed = parseDigest(close.digest);
        if (!parsed.ok || !parsed.wellFormed) {
          const reason = parsed.ok ? (parsed.problem ?? 'malformed') : parsed.reason;
          ctx.report({ messageId: 'malformed', at, data: { digest: close.digest, reason } });
          return;
        }
        if (parsed.algorithm !== 'sha256') {
          ctx.notEvaluable(`${parsed.algorithm} digests are not computed (only sha256)`, at);
          return;
        }
        if (close.computedDigest === undefined) {
          ctx.notEvaluable(close.notEvaluable ?? 'uploaded bytes not captured', at);
          return;
        }
        if (close.computedDigest !== close.digest) {
          ctx.report({
            messageId: 'mismatch',
            at,
            data: { digest: close.digest, size: close.totalBytes, computed: close.computedDigest },
            related: [session.opened],
          });
        }
      },
    };
  },
});
