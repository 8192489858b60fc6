import { defineCheck } from '../../src/check.js';
import { tokenDocLink } from '../../src/spec.js';

// token.md "Token Response Fields": expires_in is "the duration in seconds since the token was
// issued that it will remain valid … defaults to 60 seconds"; a client should refresh before.
export default defineCheck({
  meta: {
    id: 'auth/token-expiry',
    title: 'Bearer tokens are not used after they expire',
    category: 'auth',
    side: 'client',
    level: 'SHOULD',
    requirements: ['AUTH-09'],
    spec: tokenDocLink('token', 'token-response-fields'),
    fix: 'Track issued_at + expires_in (60 s when absent) and fetch a new token before it runs out.',
    messages: {
      expired: 'Request sent a Bearer token {{age}} s after it was issued; it expired after {{lifetime}} s.',
    },
  },
  create(ctx) {
    return {
      'auth.token-used'({ at, token, ageSeconds }) {
        const lifetime = token.expiresIn ?? 60;
        if (ageSeconds > lifetime + 1) {
          const rejected = !at.failed && at.response.status === 401;
          ctx.report({
            messageId: 'expired',
            at,
            data: { age: Math.round(ageSeconds), lifetime },
            related: [token.at],
            confidence: rejected ? 'observed' : 'inferred',
          });
        }
      },
    };
  },
});
