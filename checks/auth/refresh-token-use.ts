import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { Exchange } from '../../src/model/exchange.js';
import { onEveryOperation } from '../../src/oci/operation-kinds.js';
import { tokenDocLink } from '../../src/spec.js';

/** A token is a secret and captures get shared: name it by length and its first characters only. */
function fingerprint(token: string): string {
  return `${token.slice(0, 4)}… (${token.length} chars)`;
}

// scope.md "Refresh Tokens" / oauth.md: a refresh token is a credential for the authorization
// server only; clients send it back there (grant_type=refresh_token), never to the registry
// (AUTH-14). Seen on the wire: a request to anything but the token endpoint carrying a refresh
// token issued earlier in the capture, as a Bearer token or in the query.
export default defineCheck({
  meta: {
    id: 'auth/refresh-token-use',
    title: 'Refresh tokens go only to the token server',
    category: 'auth',
    side: 'client',
    level: 'SHOULD',
    requirements: ['AUTH-14'],
    spec: tokenDocLink('oauth', 'refresh-token-format'),
    fix: 'Exchange the refresh token at the token endpoint (grant_type=refresh_token) for an access token, and send only the access token to the registry.',
    messages: {
      asBearer: '{{method}} to {{host}} carries the refresh token {{token}} (issued at entry #{{issued}}) as its Bearer token; refresh tokens belong to the token server only.',
      inQuery: '{{method}} to {{host}} carries the refresh token {{token}} (issued at entry #{{issued}}) in its query; refresh tokens belong to the token server only.',
    },
  },
  create(ctx) {
    /** Refresh token → the token response that issued it. */
    const issued = new BoundedMap<string, Exchange>(1024);
    const everyOperation = onEveryOperation(({ at, op }) => {
      if (issued.size === 0 || op.kind === 'token') return;
      const host = at.request.url?.host ?? '?';
      const data = { method: at.request.method, host };
      const auth = at.request.headers.get('authorization');
      const bearer = auth !== undefined && /^bearer\s+/i.test(auth) ? auth.replace(/^bearer\s+/i, '').trim() : undefined;
      const byBearer = bearer !== undefined ? issued.get(bearer) : undefined;
      if (bearer !== undefined && byBearer) {
        ctx.report({ messageId: 'asBearer', at, data: { ...data, token: fingerprint(bearer), issued: byBearer.index }, related: [byBearer] });
        return;
      }
      for (const value of at.request.url?.searchParams.values() ?? []) {
        const from = issued.get(value);
        if (from) {
          ctx.report({ messageId: 'inQuery', at, data: { ...data, token: fingerprint(value), issued: from.index }, related: [from] });
          return;
        }
      }
    });
    return {
      ...everyOperation,
      'auth.token-issued'({ at, token }) {
        if (token.refreshToken) issued.set(token.refreshToken, at);
      },
    };
  },
});
