import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { Exchange } from '../../src/model/exchange.js';
import { tokenDocLink } from '../../src/spec.js';

// token.md "Requesting a Token": a token server answers bad credentials with 401 (AUTH-06), and
// granting fewer actions than asked for is not an error: it issues a token with the
// intersection, possibly empty (AUTH-07). So a refusal with another status leaves clients
// unable to tell "log in again" from "not allowed"; and refusing a request for several scopes
// with the same credentials that were just granted one of them is the MUST NOT.
export default defineCheck({
  meta: {
    id: 'auth/token-refusal-status',
    title: 'The token server answers bad credentials with 401 and grants what it can',
    category: 'auth',
    side: 'registry',
    level: 'MUST NOT',
    requirements: ['AUTH-06', 'AUTH-07'],
    spec: tokenDocLink('token', 'requesting-a-token'),
    fix: 'Answer failed authentication at the token endpoint with 401; for scopes the account may not use, issue a token with the actions it may (possibly none) instead of an error.',
    messages: {
      credentialsRefused: 'Token request with {{credentials}} credentials was refused with {{status}}; a token server answers bad credentials with 401.',
      subsetRefused:
        'Token request for {{scopes}} was refused with {{status}}, although the same credentials were granted {{granted}} at entry #{{grantedAt}}; the token server should issue a token with the actions it allows, not an error.',
    },
  },
  create(ctx) {
    /** realm + credentials → scopes granted with 200, and the exchange. */
    const granted = new BoundedMap<string, { scopes: string[]; at: Exchange }>(1024);
    return {
      'auth.token-requested'({ at, request }) {
        if (at.failed) return;
        const status = at.response.status;
        const key = `${request.realm}\u0000${at.request.headers.get('authorization') ?? ''}`;
        if (status === 200) {
          if (request.scopes.length) granted.set(key, { scopes: request.scopes, at });
          return;
        }
        // 404 to the OAuth2 POST means "no OAuth2 here" (auth/oauth-fallback); 5xx and 429 are outages.
        if (status < 400 || status >= 500 || status === 429 || (request.grant === 'oauth2' && status === 404)) return;
        const earlier = granted.get(key);
        const overlaps = earlier && request.scopes.some((s) => earlier.scopes.includes(s));
        if (earlier && overlaps && status !== 401 && request.scopes.length > 1) {
          ctx.report({
            messageId: 'subsetRefused',
            at,
            data: { scopes: request.scopes.join(' '), status, granted: earlier.scopes.join(' '), grantedAt: earlier.at.index },
            related: [earlier.at],
            confidence: 'inferred',
          });
          return;
        }
        if (request.credentials !== 'none' && status !== 401) {
          ctx.report({ messageId: 'credentialsRefused', at, data: { credentials: request.credentials, status }, severity: 'warning' });
        }
      },
    };
  },
});
