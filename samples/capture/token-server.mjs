#!/usr/bin/env node
// A tiny token server for the distribution token protocol (docs/spec/auth/token.md, oauth.md,
// jwt.md, scope.md), for real token-auth captures. Node only: node:http and node:crypto.
// It generates nothing: the caller passes an RSA key and the certificate (chain) for it.
//   node token-server.mjs --port 5601 --key key.pem --cert cert.pem --issuer <iss> [--service <svc>]
// Serves /token on 127.0.0.1 only:
//   GET  /token?service=&scope=&account=[&offline_token=true][&client_id=]   Basic credentials optional
//   POST /token  application/x-www-form-urlencoded: grant_type=password|refresh_token, client_id,
//                service, scope (space-separated), username/password or refresh_token,
//                access_type=offline (→ refresh_token)
// Tokens are JWTs signed RS256 whose header carries x5c (the certificate chain), so distribution
// 2.8 verifies them against `auth.token.rootcertbundle`.
import { createPrivateKey, randomBytes, sign, timingSafeEqual, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const args = new Map();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
for (const required of ['port', 'key', 'cert', 'issuer']) {
  if (!args.get(required)) {
    console.error(`token-server: --${required} is required`);
    process.exit(2);
  }
}
const PORT = Number(args.get('port'));
const ISSUER = args.get('issuer');
const SERVICE = args.get('service'); // when set, the only audience this server issues for
const LIFETIME = 300; // seconds; token.md: never less than 60
const REALM = 'oci-har-check token server';

const privateKey = createPrivateKey(readFileSync(args.get('key')));
// x5c: the chain as base64 (not base64url) DER, leaf first (RFC 7515 §4.1.6).
const x5c = (readFileSync(args.get('cert'), 'utf8').match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [])
  .map((pem) => new X509Certificate(pem).raw.toString('base64'));
if (x5c.length === 0) {
  console.error('token-server: no certificate in --cert');
  process.exit(2);
}

// Accounts and policy. Anonymous may pull public/*; alice may pull and push demo/* and public/*.
// Anything else gets no actions: token.md grants the intersection of what was asked and what
// is allowed, and an empty intersection is not an error (the token just carries no access).
const USERS = { alice: 'wonderland' };
const POLICY = [
  { account: '', prefix: 'public/', actions: ['pull'] },
  { account: 'alice', prefix: 'public/', actions: ['pull', 'push'] },
  { account: 'alice', prefix: 'demo/', actions: ['pull', 'push'] },
];

/** Refresh tokens (opaque) → account. In memory: they live as long as the server. */
const refreshTokens = new Map();

function allowedActions(account, type, name) {
  if (type !== 'repository') return new Set();
  const out = new Set();
  for (const rule of POLICY) {
    if ((rule.account === '' || rule.account === account) && name.startsWith(rule.prefix)) rule.actions.forEach((a) => out.add(a));
  }
  return out;
}

/**
 * scope.md: `type:name:actions`, several separated by spaces. The name may hold `host:port`,
 * so the type ends at the first ':' and the actions start after the last one. A deprecated
 * class (`repository(plugin)`) is treated as its type. Unparsable items grant nothing.
 */
function parseScopes(values) {
  const wanted = new Map(); // "type\0name" → Set(actions)
  for (const value of values) {
    for (const item of value.split(' ')) {
      const first = item.indexOf(':');
      const last = item.lastIndexOf(':');
      if (first <= 0 || last === first) continue;
      const type = item.slice(0, first).replace(/\([a-z0-9]+\)$/, '');
      const name = item.slice(first + 1, last);
      if (!/^[a-z0-9]+$/.test(type) || name === '') continue;
      const key = `${type}\0${name}`;
      const set = wanted.get(key) ?? new Set();
      for (const action of item.slice(last + 1).split(',')) if (action) set.add(action);
      wanted.set(key, set);
    }
  }
  return wanted;
}

function grant(account, scopeValues) {
  const access = [];
  for (const [key, actions] of parseScopes(scopeValues)) {
    const [type, name] = key.split('\0');
    const allowed = allowedActions(account, type, name);
    const granted = [...actions].filter((a) => allowed.has(a));
    if (granted.length > 0) access.push({ type, name, actions: granted });
  }
  return access;
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');

function issueJwt(account, service, access) {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'RS256', x5c };
  const claims = {
    iss: ISSUER,
    sub: account,
    aud: service,
    exp: now + LIFETIME,
    nbf: now,
    iat: now,
    jti: randomBytes(16).toString('hex'),
    access,
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = sign('sha256', Buffer.from(input), privateKey); // RSASSA-PKCS1-v1_5 = RS256
  return { jwt: `${input}.${b64url(signature)}`, issuedAt: new Date(now * 1000).toISOString().replace('.000Z', 'Z') };
}

function newRefreshToken(account) {
  const token = randomBytes(24).toString('base64url');
  refreshTokens.set(token, account);
  return token;
}

function checkPassword(user, password) {
  const known = Object.hasOwn(USERS, user) ? USERS[user] : undefined;
  const a = Buffer.from(String(password));
  const b = Buffer.from(known ?? '');
  return known !== undefined && a.length === b.length && timingSafeEqual(a, b);
}

function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  // RFC 6749 §5.1: token responses (and their errors) are not cached.
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    ...headers,
  });
  res.end(text);
}

// RFC 6749 §5.2 error bodies: {"error": "<code>", "error_description": "<text>"}.
const oauthError = (res, status, error, description, headers) => send(res, status, { error, error_description: description }, headers);
const basicChallenge = { 'WWW-Authenticate': `Basic realm="${REALM}", charset="UTF-8"` };

function checkService(res, service) {
  if (!service) {
    oauthError(res, 400, 'invalid_request', 'service is required');
    return false;
  }
  if (SERVICE && service !== SERVICE) {
    oauthError(res, 400, 'invalid_request', `this server issues tokens for ${SERVICE} only`);
    return false;
  }
  return true;
}

/** token.md "Requesting a Token": GET with optional Basic credentials. */
function handleGet(req, res, query) {
  let account = '';
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
    const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (colon < 0 || !checkPassword(decoded.slice(0, colon), decoded.slice(colon + 1))) {
      // token.md: bad credentials are a 401; RFC 9110 §11.6.1: a 401 carries a challenge.
      oauthError(res, 401, 'invalid_client', 'invalid username or password', basicChallenge);
      return;
    }
    account = decoded.slice(0, colon);
  }
  const service = query.get('service');
  if (!checkService(res, service)) return;
  const asked = query.get('account');
  if (asked !== null && asked !== '' && asked !== account) {
    if (account === '') oauthError(res, 401, 'invalid_client', `credentials for account ${asked} are required`, basicChallenge);
    else oauthError(res, 400, 'invalid_request', `account ${asked} does not match the credentials`);
    return;
  }
  const { jwt, issuedAt } = issueJwt(account, service, grant(account, query.getAll('scope')));
  const body = { token: jwt, access_token: jwt, expires_in: LIFETIME, issued_at: issuedAt };
  // token.md: a refresh token only when offline_token=true, and only for a real account.
  if (query.get('offline_token') === 'true' && account !== '') body.refresh_token = newRefreshToken(account);
  send(res, 200, body);
}

/** oauth.md: POST with a form body; password or refresh_token grants. */
function handlePost(req, res, text) {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    oauthError(res, 400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
    return;
  }
  const form = new URLSearchParams(text);
  const grantType = form.get('grant_type');
  if (!form.get('client_id')) {
    oauthError(res, 400, 'invalid_request', 'client_id is required');
    return;
  }
  const service = form.get('service');
  if (!checkService(res, service)) return;
  let account;
  if (grantType === 'password') {
    const user = form.get('username') ?? '';
    if (!checkPassword(user, form.get('password') ?? '')) {
      // RFC 6749 §5.2: wrong resource-owner credentials are invalid_grant, status 400.
      oauthError(res, 400, 'invalid_grant', 'invalid username or password');
      return;
    }
    account = user;
  } else if (grantType === 'refresh_token') {
    account = refreshTokens.get(form.get('refresh_token') ?? '');
    if (account === undefined) {
      oauthError(res, 400, 'invalid_grant', 'unknown refresh token');
      return;
    }
  } else {
    oauthError(res, 400, 'unsupported_grant_type', `grant_type ${grantType ?? '(none)'} is not supported`);
    return;
  }
  const access = grant(account, [form.get('scope') ?? '']);
  const { jwt, issuedAt } = issueJwt(account, service, access);
  // oauth.md response: access_token and scope are required (scope = what was granted).
  const body = {
    access_token: jwt,
    token_type: 'Bearer',
    scope: access.map((a) => `${a.type}:${a.name}:${a.actions.join(',')}`).join(' '),
    expires_in: LIFETIME,
    issued_at: issuedAt,
  };
  if (form.get('access_type') === 'offline') body.refresh_token = newRefreshToken(account);
  send(res, 200, body);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://token.invalid');
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size <= 65536) chunks.push(c);
  });
  req.on('end', () => {
    const done = () => console.error(`${req.method} ${url.pathname}${url.search} → ${res.statusCode}`);
    res.on('finish', done);
    if (url.pathname !== '/token') {
      oauthError(res, 404, 'not_found', 'only /token is served here');
    } else if (size > 65536) {
      oauthError(res, 413, 'invalid_request', 'request body too large');
    } else if (req.method === 'GET') {
      handleGet(req, res, url.searchParams);
    } else if (req.method === 'POST') {
      handlePost(req, res, Buffer.concat(chunks).toString('utf8'));
    } else {
      oauthError(res, 405, 'invalid_request', 'use GET or POST', { Allow: 'GET, POST' });
    }
  });
});
server.listen(PORT, '127.0.0.1', () => console.error(`token server on 127.0.0.1:${PORT}, issuer ${ISSUER}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
