import { defineCheck } from '../../src/check.js';
import { specLink } from '../../src/spec.js';

// spec.md (main, PR #607): "Clients … MUST NOT send the Authorization header to a different
// host than the one that issued the redirect, unless configured to." Before main the spec is
// silent; forwarding a registry token to object storage breaks S3 signatures and leaks it.
export default defineCheck({
  meta: {
    id: 'auth/credentials-across-hosts',
    title: 'Authorization is not forwarded to another host on a redirect',
    category: 'auth',
    side: 'client',
    level: 'SHOULD NOT',
    levels: { main: 'MUST NOT' },
    requirements: ['BASE-10', 'BLOB-07'],
    spec: specLink('api', 'main'),
    fix: 'Drop the Authorization header when following a redirect to a different host (scheme, host or port).',
    messages: {
      forwarded: 'Client followed a {{status}} redirect from {{fromHost}} to {{toHost}} and sent its Authorization header there.',
    },
  },
  create(ctx) {
    // A MUST NOT on main; before that it is a security and interop defect, not spec text
    // (levels: SHOULD NOT elsewhere, so a warning).
    return {
      'redirect.followed'({ from, at, crossOrigin }) {
        if (!crossOrigin || !at.request.headers.has('authorization')) return;
        if (from.request.url?.host === at.request.url?.host) return;
        ctx.report({
          messageId: 'forwarded',
          at,
          data: { status: from.response.status, fromHost: from.request.url?.host ?? '?', toHost: at.request.url?.host ?? '?' },
          related: [from],
        });
      },
    };
  },
});
