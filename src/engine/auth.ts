import type { Exchange } from '../model/exchange.js';
import { parseChallenges } from '../oci/www-authenticate.js';
import { BoundedMap } from './bounded-map.js';
import type { Emit } from './emitter.js';
import type { AuthChallenge, IssuedToken, TokenRequestFacts } from './facts.js';
import { isRecord, readJsonBody } from './json-body.js';

interface PendingChallenge {
  at: Exchange;
  challenge?: AuthChallenge;
  /** Observation number of the challenged exchange (exchanges are observed in start order). */
  seq: number;
  /**
   * The challenged request already carried credentials of the challenge's scheme (e.g. Basic
   * answered by a Basic challenge): the 401 refuses those credentials rather than asking for some.
   */
  refused: boolean;
}

/** Realm URLs are compared without query: origin + path. */
export function realmKey(url: URL): string {
  return url.origin + url.pathname;
}

function requestKey(ex: Exchange): string {
  return `${ex.request.method} ${ex.request.url?.href ?? ex.request.rawUrl}`;
}

/**
 * Follows the token-auth dance (distribution docs/spec/auth/token.md): 401 + challenge →
 * token request to the realm → token → retried request with Bearer. Keeps only what later
 * exchanges can refer to, in bounded maps.
 */
export class AuthTracker {
  private readonly realms = new BoundedMap<string, AuthChallenge>(256);
  private readonly pending = new BoundedMap<string, PendingChallenge>(1024);
  private readonly tokens = new BoundedMap<string, IssuedToken>(1024);
  /** Per registry origin: the newest observation that sent an Authorization header. */
  private readonly credentialsSent = new BoundedMap<string, number>(256);
  /** Per realm: the newest token request answered 200, and the newest one refused. */
  private readonly tokenIssued = new BoundedMap<string, number>(256);
  private readonly tokenRefused = new BoundedMap<string, number>(256);
  private seq = 0;

  constructor(private readonly emit: Emit) {}

  /** True when the URL is a realm some challenge in this capture pointed at. */
  isKnownRealm(url: URL): boolean {
    return this.realms.has(realmKey(url));
  }

  /** Called for every exchange before its operation-specific handling. */
  observeRequest(at: Exchange): void {
    this.seq++;
    const key = requestKey(at);
    const pending = this.pending.get(key);
    const authorization = at.request.headers.get('authorization');
    if (pending && pending.at !== at) {
      this.pending.delete(key);
      // Without credentials, the same request again is only a retry while the challenge is
      // still open; after it was settled it is a new attempt (typically a new client process
      // pinging /v2/), whose own 401, if any, opens a new challenge. An anonymous /v2/ probe is
      // always a new attempt: it is how a client learns the challenge (BASE-04), and some
      // (docker-registry-client) probe once per call.
      if (authorization !== undefined || (!this.settled(pending) && !isBaseProbe(at))) {
        const scheme = authorization?.trim().split(/\s+/, 1)[0];
        const token = scheme?.toLowerCase() === 'bearer' ? this.lookupToken(authorization) : undefined;
        this.emit({ type: 'auth.retried', at, challenged: pending.at, challenge: pending.challenge, scheme, token });
      }
    }
    // Credentials on a token request (Basic to the realm) are not credentials for the registry.
    const url = at.request.url;
    if (authorization !== undefined && url && !this.isKnownRealm(url)) this.credentialsSent.set(url.origin, this.seq);
    const bearer = this.lookupToken(authorization);
    if (bearer) {
      const ageSeconds = Math.max(0, (at.startMs - bearer.issuedMs) / 1000);
      this.emit({ type: 'auth.token-used', at, token: bearer, ageSeconds });
    }
  }

  /** A 401 from a registry or a token server. */
  observeUnauthorized(at: Exchange, isTokenRequest: boolean): void {
    const challenges = this.challengesOf(at);
    this.emit({ type: 'auth.challenged', at, challenges });
    for (const challenge of challenges) {
      if (challenge.realm) {
        const realm = safeUrl(challenge.realm, at.request.url);
        if (realm) this.realms.set(realmKey(realm), challenge);
      }
    }
    if (!isTokenRequest) {
      const preferred = challenges.find((c) => c.scheme.toLowerCase() === 'bearer') ?? challenges[0];
      const sent = at.request.headers.get('authorization')?.trim().split(/\s+/, 1)[0]?.toLowerCase();
      const refused = sent !== undefined && sent === preferred?.scheme.toLowerCase();
      this.pending.set(requestKey(at), preferred ? { at, challenge: preferred, seq: this.seq, refused } : { at, seq: this.seq, refused });
    }
  }

  /**
   * A challenge is settled once the client has, after it, sent credentials on another request
   * to the same origin (it got through the dance and moved on), or had its token request to
   * the challenge's realm refused with no token issued since, or the challenge itself refused
   * the credentials the request carried (it has nothing to retry with either way).
   */
  private settled(pending: PendingChallenge): boolean {
    if (pending.refused) return true;
    const origin = pending.at.request.url?.origin;
    if (origin && (this.credentialsSent.get(origin) ?? 0) > pending.seq) return true;
    const realm = pending.challenge?.realm ? safeUrl(pending.challenge.realm, pending.at.request.url) : undefined;
    if (!realm) return false;
    const key = realmKey(realm);
    return (this.tokenRefused.get(key) ?? 0) > pending.seq && (this.tokenIssued.get(key) ?? 0) <= pending.seq;
  }

  observeTokenExchange(at: Exchange, grant: 'get' | 'oauth2'): void {
    const request = tokenRequestFacts(at, grant);
    const challenge = this.realms.get(request.realm);
    this.emit(challenge ? { type: 'auth.token-requested', at, request, challenge } : { type: 'auth.token-requested', at, request });
    if (at.failed) return;
    const status = at.response.status;
    (status === 200 ? this.tokenIssued : this.tokenRefused).set(request.realm, this.seq);
    if (status === 401) {
      this.observeUnauthorized(at, true);
      return;
    }
    if (status !== 200) return;
    const token = issuedToken(at);
    const value = token.token ?? token.accessToken;
    if (value) this.tokens.set(value, token);
    if (token.accessToken && token.accessToken !== value) this.tokens.set(token.accessToken, token);
    this.emit({ type: 'auth.token-issued', at, request, token });
  }

  private lookupToken(authorization: string | undefined): IssuedToken | undefined {
    if (!authorization) return undefined;
    const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization.length > 65536 ? '' : authorization);
    return match?.[1] ? this.tokens.get(match[1]) : undefined;
  }

  private challengesOf(at: Exchange): AuthChallenge[] {
    return parseChallenges(at.response.headers.getAll('www-authenticate')).map((c) => {
      const challenge: AuthChallenge = { scheme: c.scheme, at };
      const realm = c.params.get('realm');
      const service = c.params.get('service');
      const scope = c.params.get('scope');
      const error = c.params.get('error');
      if (realm !== undefined) challenge.realm = realm;
      if (service !== undefined) challenge.service = service;
      if (scope !== undefined) challenge.scope = scope;
      if (error !== undefined) challenge.error = error;
      return challenge;
    });
  }
}

function safeUrl(value: string, base: URL | undefined): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

function tokenRequestFacts(at: Exchange, grant: 'get' | 'oauth2'): TokenRequestFacts {
  const url = at.request.url;
  const realm = url ? realmKey(url) : at.request.rawUrl;
  const basic = /^\s*basic\s/i.test(at.request.headers.get('authorization') ?? '');
  if (grant === 'get' || !at.request.body.text) {
    const query = url?.searchParams ?? new URLSearchParams();
    const facts: TokenRequestFacts = {
      grant,
      realm,
      scopes: query.getAll('scope').flatMap((s) => s.split(' ').filter(Boolean)),
      offline: query.get('offline_token') === 'true',
      credentials: basic ? 'basic' : 'none',
      formFields: [],
    };
    const service = query.get('service');
    const clientId = query.get('client_id');
    if (service !== null) facts.service = service;
    if (clientId !== null) facts.clientId = clientId;
    return facts;
  }
  const form = new URLSearchParams(at.request.body.text);
  const grantType = form.get('grant_type') ?? undefined;
  const facts: TokenRequestFacts = {
    grant,
    realm,
    scopes: (form.get('scope') ?? '').split(' ').filter(Boolean),
    offline: form.get('access_type') === 'offline',
    credentials: grantType === 'refresh_token' ? 'refresh-token' : form.has('password') ? 'password' : basic ? 'basic' : 'none',
    formFields: [...new Set(form.keys())],
  };
  const contentType = at.request.headers.get('content-type');
  if (contentType !== undefined) facts.contentType = contentType;
  if (grantType !== undefined) facts.grantType = grantType;
  const service = form.get('service');
  const clientId = form.get('client_id');
  if (service !== null) facts.service = service;
  if (clientId !== null) facts.clientId = clientId;
  return facts;
}

function issuedToken(at: Exchange): IssuedToken {
  const json = readJsonBody(at.response.body);
  const token: IssuedToken = { at, fields: [], issuedMs: at.startMs + (at.timeMs ?? 0) };
  if (json.kind !== 'json') {
    token.bodyProblem = json.kind === 'invalid' ? `not JSON: ${json.error}` : json.kind === 'empty' ? 'empty body' : json.reason;
    return token;
  }
  if (!isRecord(json.value)) {
    token.bodyProblem = 'JSON body is not an object';
    return token;
  }
  const v = json.value;
  token.fields = Object.keys(v);
  if (typeof v.token === 'string') token.token = v.token;
  if (typeof v.access_token === 'string') token.accessToken = v.access_token;
  if (typeof v.expires_in === 'number') token.expiresIn = v.expires_in;
  if (typeof v.refresh_token === 'string') token.refreshToken = v.refresh_token;
  if (typeof v.scope === 'string') token.scope = v.scope;
  if (typeof v.issued_at === 'string') {
    token.issuedAt = v.issued_at;
    const ms = Date.parse(v.issued_at);
    if (Number.isFinite(ms)) token.issuedMs = ms;
  }
  return token;
}

/** GET or HEAD of the /v2/ base endpoint. */
function isBaseProbe(at: Exchange): boolean {
  return /^\/v2\/?$/.test(at.request.url?.pathname ?? '');
}
