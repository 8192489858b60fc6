import { defineCheck } from '../../src/check.js';
import { tokenDocLink } from '../../src/spec.js';

// token.md "How to authenticate": the registry answers 401 with
// WWW-Authenticate: Bearer realm="…",service="…",scope="…"; RFC 9110 §11.6.1: a 401 "MUST send
// a WWW-Authenticate header field containing at least one challenge".
export default defineCheck({
  meta: {
    id: 'auth/challenge-header',
    title: '401 responses carry a usable WWW-Authenticate challenge',
    category: 'auth',
    side: 'registry',
    level: 'MUST',
    requirements: ['AUTH-02', 'AUTH-04', 'BASE-04'],
    spec: tokenDocLink('token', 'how-to-authenticate'),
    fix: 'Send WWW-Authenticate: Bearer realm="<token URL>",service="<service>",scope="<scope>" (or Basic realm="…") with every 401.',
    messages: {
      missing: '401 response to {{method}} {{path}} has no WWW-Authenticate header; the client cannot know how to authenticate.',
      noRealm: 'Bearer challenge on the 401 to {{method}} {{path}} has no realm; the client does not know where to get a token.',
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
        // A repository request needs a repository scope; /v2/ itself has none to name.
        const path = at.request.url?.pathname ?? '';
        if (bearer.realm && !bearer.scope && /^\/v2\/.+\/(manifests|blobs|tags|referrers)\//.test(path)) {
          ctx.report({ messageId: 'noScope', at, data, severity: 'info' });
        }
      },
    };
  },
});
