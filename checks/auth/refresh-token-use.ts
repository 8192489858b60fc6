import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import { realmKey } from '../../src/engine/auth.js';
import type { Exchange } from '../../src/model/exchange.js';
import { onEveryOperation } from '../../src/oci/operation-kinds.js';
import { tokenDocLink } from '../../src/spec.js';

// scope.md "Refresh Tokens": a refresh token is not limited to resources, so it is only to be
// used to get access tokens from the authorization server, "and never with a resource
// provider"; oauth.md (refresh_token response field): keep it secure and send it only to the
// authorization server that issues bearer tokens (AUTH-14).

/** Bodies searched for a refresh token: form posts and JSON, not layers. */
const MAX_BODY_SEARCH = 1 << 20;
/** Shorter tokens are only matched as a whole value (a credential, a query value), never as a substring. */
const MIN_SUBSTRING = 8;

/** Never the token itself: captures are shared. `eyJh… (412 chars)`; short tokens show only their length. */
export function fingerprint(token: string): string {
  return token.length >= 16 ? `${token.slice(0, 4)}… (${token.length} chars)` : `(${token.length} chars)`;
}

function looksRedacted(value: string): boolean {
  return /redacted|obfuscated|\*{3}/i.test(value);
}

export default defineCheck({
  meta: {
    id: 'auth/refresh-token-use',
    title: 'Refresh tokens are only sent to the authorization server',
    category: 'auth',
    side: 'client',
    level: 'SHOULD',
    requirements: ['AUTH-14'],
    spec: tokenDocLink('scope', 'refresh-tokens'),
    fix: 'Use the refresh token only in the refresh_token field of the OAuth2 POST to the token realm; send registries the access token it yields.',
    messages: {
      inAuthorization: 'The refresh token {{token}} (issued at entry {{issued}}) was sent to {{host}} as Authorization: {{scheme}} on {{method}} {{path}}; refresh tokens go only to the authorization server that issued them.',
      inQuery: 'The refresh token {{token}} (issued at entry {{issued}}) was sent to {{host}} in the query of {{method}} {{path}}; refresh tokens go only to the authorization server that issued them.',
      inBody: 'The refresh token {{token}} (issued at entry {{issued}}) was sent to {{host}} in the body of {{method}} {{path}}; refresh tokens go only to the authorization server that issued them.',
    },
  },
  create(ctx) {
    interface Known {
      value: string;
      /** Where the capture learned it: the token response that issued it, or the refresh POST that used it. */
      at: Exchange;
      /** origin + path of the realm that issued or took it. */
      realm: string;
    }
    const known = new BoundedMap<string, Known>(256);
    /** `token origin where`: one finding per token, registry and place; the client repeats it on every request. */
    const reported = new BoundedMap<string, true>(1024);
    let redactedNoted = false;

    const remember = (value: string | undefined, at: Exchange, realm: string, accessTokens: (string | undefined)[]) => {
      if (!value || accessTokens.includes(value) || known.has(value)) return;
      known.set(value, { value, at, realm });
    };

    return {
      'auth.token-issued'({ at, request, token }) {
        remember(token.refreshToken, at, request.realm, [token.token, token.accessToken]);
      },
      'auth.token-requested'({ at, request }) {
        if (request.grant !== 'oauth2' || request.grantType !== 'refresh_token') return;
        const text = at.request.body.fidelity === 'exact' ? at.request.body.text : undefined;
        if (text === undefined) return;
        remember(new URLSearchParams(text).get('refresh_token') ?? undefined, at, request.realm, []);
      },
      ...onEveryOperation(({ at, op }) => {
        if (known.size === 0) return;
        const url = at.request.url;
        const authorization = at.request.headers.get('authorization');
        const data = (k: Known, extra: Record<string, string> = {}) => ({
          token: fingerprint(k.value),
          issued: k.at.index,
          host: url?.host ?? at.request.rawUrl,
          method: at.request.method,
          path: url?.pathname ?? at.request.rawUrl,
          ...extra,
        });
        for (const k of known.values()) {
          // The issuing authorization server (its realm and its other pages outside /v2/) is where
          // it belongs; another registry's token realm is not.
          const realmOrigin = safeOrigin(k.realm);
          if (url && url.origin === realmOrigin && (op.kind === 'unknown' || op.kind === 'token' || realmKey(url) === k.realm)) continue;
          const found = where(k.value, at, authorization);
          if (!found) continue;
          const key = `${k.value}\u0000${url?.origin ?? ''}\u0000${found.where}`;
          if (reported.has(key)) continue;
          reported.set(key, true);
          ctx.report({ messageId: found.where, at, data: data(k, { scheme: found.scheme ?? '' }), related: [k.at] });
        }
        if (!redactedNoted && authorization !== undefined && looksRedacted(authorization)) {
          redactedNoted = true;
          ctx.notEvaluable('the capture redacted the Authorization header of requests sent after a refresh token was issued; whether it carried the refresh token cannot be told', at);
        }
      }),
    };
  },
});

function safeOrigin(realm: string): string | undefined {
  try {
    return new URL(realm).origin;
  } catch {
    return undefined;
  }
}

function where(
  value: string,
  at: Exchange,
  authorization: string | undefined,
): { where: 'inAuthorization' | 'inQuery' | 'inBody'; scheme?: string } | undefined {
  if (authorization !== undefined && authorization.length <= 65536) {
    const [scheme = '', ...rest] = authorization.trim().split(/\s+/);
    const credentials = rest.join(' ');
    if (credentials === value || (value.length >= MIN_SUBSTRING && authorization.includes(value))) return { where: 'inAuthorization', scheme };
    // Basic credentials hide it in base64 (user:<refresh token>).
    if (/^basic$/i.test(scheme) && value.length >= MIN_SUBSTRING) {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      if (decoded.includes(value)) return { where: 'inAuthorization', scheme };
    }
  }
  const url = at.request.url;
  if (url) {
    for (const v of url.searchParams.values()) if (v === value || (value.length >= MIN_SUBSTRING && v.includes(value))) return { where: 'inQuery' };
  }
  const body = at.request.body;
  if (value.length >= MIN_SUBSTRING && body.text !== undefined && body.text.length <= MAX_BODY_SEARCH) {
    // As is (JSON) or form-encoded (application/x-www-form-urlencoded).
    if (body.text.includes(value) || body.text.includes(encodeURIComponent(value))) return { where: 'inBody' };
  }
  return undefined;
}
