import { defineCheck } from '../../src/check.js';
import { tokenDocLink } from '../../src/spec.js';

// token.md "How to authenticate": the registry answers 401 with
// WWW-Authenticate: Bearer realm="…",service="…",scope="…"; RFC 9110 §11.6.1: a 401 "MUST send
// a WWW-Authenticate header field containing at least one challenge". RFC 6750 §3.1 defines the
// Bearer `error` values (invalid_request, invalid_token, insufficient_scope); distribution sends
// the last two (AUTH-03), and a client acts on them (re-authenticate vs ask for a wider scope).
const BEARER_ERRORS = new Set(['invalid_request', 'invalid_token', 'insufficient_scope']); // bounded: constant table
export default defineCheck({
  meta: {
    id: 'auth/challenge-header',
    title: '401 responses carry a usable WWW-Authenticate challenge',
    category: 'auth',
    side: 'registry',
    level: 'MUST',
    requirements: ['AUTH-02', 'AUTH-04', 'BASE-04', 'AUTH-03'],
    spec: tokenDocLink('token', 'how-to-authenticate'),
    fix: 'Send WWW-Authenticate: Bearer realm="<token URL>",service="<service>",scope="<scope>" (or Basic realm="…") with every 401.',
    messages: {
      missing: '401 response to {{method}} {{path}} has no WWW-Authenticate header; the client cannot know how to authenticate.',
      noRealm: 'Bearer challenge on the 401 to {{method}} {{path}} has no realm; the client does not know where to get a token.',
      badError: "Bearer challenge on the 401 to {{method}} {{path}} has error=\"{{error}}\", which is not one of RFC 6750's codes (invalid_request, invalid_token, insufficient_scope).",
      noScope: 'Bearer challenge on the 401 to {{method}} {{path}} (a repository request) names no scope.',
    },
  },
  create(ctx) {
    return {
      'auth.challenged'({ at, challenges }) {
        const data = { method: at.request.method, path: at.request.url?.pathname ?? at.request.rawUrl };
        if (challenges.length === 0) {
          ctx.report({ messageId: 'missing', at, data });
          return;
        }
        const bearer = challenges.find((c) => c.scheme.toLowerCase() === 'bearer');
        if (!bearer) return;
        if (!bearer.realm) ctx.report({ messageId: 'noRealm', at, data });
        const error = bearer.error;
        if (error !== undefined && !BEARER_ERRORS.has(error)) ctx.report({ messageId: 'badError', at, data: { ...data, error }, severity: 'warning' });
        // A repository request needs a repository scope; /v2/ itself has none to name.
        const path = at.request.url?.pathname ?? '';
        if (bearer.realm && !bearer.scope && /^\/v2\/.+\/(manifests|blobs|tags|referrers)\//.test(path)) {
          ctx.report({ messageId: 'noScope', at, data, severity: 'info' });
        }
      },
    };
  },
});
