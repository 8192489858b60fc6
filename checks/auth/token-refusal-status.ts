import { createHash } from 'node:crypto';
import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { IssuedToken, TokenRequestFacts } from '../../src/engine/facts.js';
import type { Exchange } from '../../src/model/exchange.js';
import { parseScopes, type ResourceScope } from '../../src/oci/scope.js';
import { tokenDocLink } from '../../src/spec.js';

// token.md "Requesting a Token" (its example): a token server answers bad credentials with 401
// (AUTH-06), and once it knows what the client may do, it grants the intersection of the
// requested and the allowed actions: getting only a subset (possibly nothing) "must not be
// considered an error" (AUTH-07). oauth.md: a 404 to the POST means no OAuth2 support.

/** Statuses that say nothing about the credentials or the scopes: rate limits and maintenance. */
const TRANSIENT = [429, 503];

/** Identifies the credentials of a token request without keeping them: a hash, or 'anonymous'. */
function credentialsKey(at: Exchange, request: TokenRequestFacts): string {
  const h = createHash('sha256');
  switch (request.credentials) {
    case 'none':
      return 'anonymous';
    case 'basic':
      h.update(`basic\u0000${at.request.headers.get('authorization')?.trim() ?? ''}`);
      break;
    case 'password':
    case 'refresh-token': {
      const form = new URLSearchParams(at.request.body.text ?? '');
      h.update(`${request.credentials}\u0000${form.get('username') ?? ''}\u0000${form.get('password') ?? ''}\u0000${form.get('refresh_token') ?? ''}`);
      break;
    }
  }
  return h.digest('hex');
}

/** Drops a class suffix: `repository(plugin)` names the same resource type as `repository`. */
function baseType(type: string): string {
  // indexOf, not /\(.*\)$/: that pattern is quadratic on a run of '('.
  if (!type.endsWith(')')) return type;
  const open = type.indexOf('(');
  return open < 0 ? type : type.slice(0, open);
}
const sameType = (a: string, b: string) => baseType(a) === baseType(b);

/**
 * What a token granted, best evidence first: the `access` claim of a JWT (AUTH-16: opaque to
 * clients, so only read here as evidence and never printed), the OAuth2 `scope` field, else
 * the scopes the 200 answered.
 */
function grantedBy(token: IssuedToken, request: TokenRequestFacts): ResourceScope[] {
  const value = token.token ?? token.accessToken;
  const claims = value && value.length <= 16384 ? jwtAccess(value) : undefined;
  if (claims) return claims;
  if (token.scope !== undefined) return parseScopes([token.scope]);
  return parseScopes(request.scopes);
}

function jwtAccess(value: string): ResourceScope[] | undefined {
  const parts = value.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    const access = (payload as { access?: unknown } | null)?.access;
    if (!Array.isArray(access)) return undefined;
    return access.flatMap((a: unknown) => {
      const { type, name, actions } = (a ?? {}) as { type?: unknown; name?: unknown; actions?: unknown };
      if (typeof type !== 'string' || typeof name !== 'string' || !Array.isArray(actions)) return [];
      return [{ raw: '', resourceType: type, name, actions: actions.filter((x): x is string => typeof x === 'string'), problems: [] }];
    });
  } catch {
    return undefined;
  }
}

function malformedOAuth2(request: TokenRequestFacts): boolean {
  if (request.grant !== 'oauth2') return false;
  const fields = request.formFields;
  if (!['grant_type', 'service', 'client_id'].every((f) => fields.includes(f))) return true;
  return request.grantType !== 'password' && request.grantType !== 'refresh_token';
}

/** The first `type:name:action` both lists share (a granted `*` shares every action). */
function overlap(requested: readonly ResourceScope[], granted: readonly ResourceScope[]): string | undefined {
  for (const r of requested) {
    for (const g of granted) {
      if (!sameType(r.resourceType, g.resourceType) || r.name !== g.name) continue;
      const action = r.actions.find((a) => g.actions.includes(a) || g.actions.includes('*'));
      if (action !== undefined) return `${r.resourceType}:${r.name}:${action}`;
    }
  }
  return undefined;
}

export default defineCheck({
  meta: {
    id: 'auth/token-refusal-status',
    title: 'Token servers refuse bad credentials with 401 and never fail a request for granting only some of it',
    category: 'auth',
    side: 'registry',
    level: 'MUST NOT',
    requirements: ['AUTH-06', 'AUTH-07'],
    spec: tokenDocLink('token', 'requesting-a-token'),
    fix: 'Answer 401 when the credentials are wrong; otherwise answer 200 with a token carrying the intersection of the requested and the allowed actions (possibly none).',
    messages: {
      notUnauthorized: 'Token request with {{credentials}} credentials for {{scope}} was answered {{status}}; a token server answers bad credentials with 401 and otherwise issues a token (200).',
      subsetRefused: 'Token request for {{scope}} was answered {{status}}, although entry {{grantedAt}} showed the token server granting {{granted}} to the same credentials; granting only part of a request must not be an error.',
    },
  },
  create(ctx) {
    interface Grant {
      at: Exchange;
      granted: ResourceScope[];
    }
    /** Per realm and credentials (hashed): the latest tokens issued, and what they granted. */
    const grants = new BoundedMap<string, Grant[]>(1024);
    return {
      'auth.token-issued'({ at, request, token }) {
        const key = `${request.realm}\u0000${credentialsKey(at, request)}`;
        const list = grants.get(key) ?? [];
        list.push({ at, granted: grantedBy(token, request) });
        if (list.length > 64) list.shift();
        grants.set(key, list);
      },
      'auth.token-requested'({ at, request }) {
        if (at.failed) return;
        const status = at.response.status;
        if (status === 200 || status === 401 || (status >= 300 && status < 400) || TRANSIENT.includes(status)) return;
        // A 404 to the OAuth2 POST is how a server without OAuth2 answers (auth/oauth-fallback).
        if (request.grant === 'oauth2' && status === 404) return;
        const scope = request.scopes.join(' ') || '(no scope)';
        const requested = parseScopes(request.scopes);
        // A 400 to a request that was itself malformed is the client's problem, not a verdict on
        // its credentials: a scope outside the grammar, or an OAuth2 POST without the fields
        // oauth.md requires (RFC 6749 §5.2 invalid_request / unsupported_grant_type).
        if (status === 400 && (requested.some((s) => s.problems.length > 0) || malformedOAuth2(request))) return;
        const several = requested.length > 1 || requested.some((s) => s.actions.length > 1);
        if (several && status >= 400 && status < 500) {
          const earlier = grants.get(`${request.realm}\u0000${credentialsKey(at, request)}`) ?? [];
          for (let i = earlier.length - 1; i >= 0; i--) {
            const grant = earlier[i]!;
            const granted = overlap(requested, grant.granted);
            if (granted === undefined) continue;
            ctx.report({
              messageId: 'subsetRefused',
              at,
              data: { scope, status, grantedAt: grant.at.index, granted },
              related: [grant.at],
              confidence: 'inferred',
            });
            return;
          }
        }
        if (request.credentials === 'none') return;
        ctx.report({ messageId: 'notUnauthorized', at, data: { credentials: request.credentials, scope, status }, severity: 'warning' });
      },
    };
  },
});
