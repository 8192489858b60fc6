import { defineCheck } from '../../src/check.js';
import { tokenDocLink } from '../../src/spec.js';

// token.md "Using the Bearer token": "the client can retry the original request with the
// token in the Authorization header: Authorization: Bearer <token>".
export default defineCheck({
  meta: {
    id: 'auth/bearer-retry',
    title: 'Challenged requests are retried with the credentials the challenge asked for',
    category: 'auth',
    side: 'client',
    level: 'SHOULD',
    requirements: ['AUTH-10', 'AUTH-04', 'BASE-04'],
    spec: tokenDocLink('token', 'using-the-bearer-token'),
    fix: 'After a 401, obtain credentials for the challenged scheme and resend the request with Authorization: Bearer <token> (or Basic).',
    messages: {
      noCredentials: 'Retried {{method}} {{path}} after a {{scheme}} challenge without any Authorization header.',
      wrongScheme: 'Retried {{method}} {{path}} with {{sent}} credentials after a {{scheme}} challenge.',
      notIssuedToken: 'Retried {{method}} {{path}} with a Bearer token this capture did not see issued, although a token request followed the challenge.',
    },
  },
  create(ctx) {
    // Start times of token responses, to tell whether a token was fetched after a challenge.
    const issuedAt: number[] = [];
    return {
      'auth.token-issued'({ at }) {
        issuedAt.push(at.startMs);
        if (issuedAt.length > 256) issuedAt.shift();
      },
      'auth.retried'({ at, challenged, challenge, scheme, token }) {
        if (!challenge) return;
        const expected = challenge.scheme.toLowerCase();
        if (expected !== 'bearer' && expected !== 'basic') return;
        const data = { method: at.request.method, path: at.request.url?.pathname ?? at.request.rawUrl, scheme: challenge.scheme, sent: scheme ?? '' };
        if (!scheme) {
          ctx.report({ messageId: 'noCredentials', at, data, related: [challenged] });
          return;
        }
        if (scheme.toLowerCase() !== expected) {
          ctx.report({ messageId: 'wrongScheme', at, data, related: [challenged] });
          return;
        }
        const header = at.request.headers.get('authorization') ?? '';
        const redacted = /redacted|obfuscated|\*{3}/i.test(header);
        if (expected === 'bearer' && !token && !redacted && issuedAt.some((t) => t >= challenged.startMs && t <= at.startMs)) {
          ctx.report({ messageId: 'notIssuedToken', at, data, related: [challenged], confidence: 'inferred', severity: 'info' });
        }
      },
    };
  },
});
