import { defineCheck } from '../../src/check.js';
import { parseDigest } from '../../src/oci/digest.js';
import { specLink } from '../../src/spec.js';

// spec.md#single-post: "<length> MUST match the length of the blob uploaded" (Content-Length) and
// "<digest> MUST be the digest of the blob uploaded" in POST /v2/<name>/blobs/uploads/?digest=<digest>.
export default defineCheck({
  meta: {
    id: 'push/single-post-digest',
    title: 'A single-POST upload names the digest and length of its body',
    category: 'push',
    side: 'client',
    level: 'MUST',
    requirements: ['BPUSH-08'],
    spec: specLink('single-post'),
    fix: 'In POST …/blobs/uploads/?digest=<d>, send the whole blob as the body, <d> its digest and Content-Length its size.',
    messages: {
      digestMismatch: 'Single POST names {{digest}} but its {{size}}-byte body hashes to {{computed}}.',
      lengthMismatch: 'Single POST declares Content-Length {{length}} but carries {{size}} bytes.',
    },
  },
  create(ctx) {
    return {
      'op:upload.start'({ at, op }) {
        if (op.endpoint !== 'end-4b' || op.digest === undefined) return;
        const body = at.request.body;
        // A POST ?digest= with no body is a registry probe for single-POST support, then PUT.
        if (body.fidelity === 'exact' && body.size === 0) return;
        if (body.fidelity !== 'exact' || body.sha256 === undefined) {
          ctx.notEvaluable(`request body is ${body.fidelity}${body.reason ? ` (${body.reason})` : ''}`, at);
          return;
        }
        const length = at.request.headers.get('content-length');
        if (length !== undefined && /^\s*\d{1,15}\s*$/.test(length) && Number(length) !== body.size) {
          ctx.report({ messageId: 'lengthMismatch', at, data: { length: length.trim(), size: body.size } });
        }
        const parsed = parseDigest(op.digest);
        if (!parsed.ok || parsed.algorithm !== 'sha256') return;
        const computed = `sha256:${body.sha256}`;
        if (computed !== op.digest) ctx.report({ messageId: 'digestMismatch', at, data: { digest: op.digest, size: body.size, computed } });
      },
    };
  },
});
