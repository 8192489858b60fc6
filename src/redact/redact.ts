import { createHash, randomBytes } from 'node:crypto';

/** Header names whose values are credentials (lower case). */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-registry-auth', 'x-auth-token', 'x-amz-security-token', 'x-api-key']); // bounded: constant table
/** Query parameters that carry credentials or signatures (storage redirects, tokens). */
const SECRET_QUERY = /^(?:x-amz-(?:signature|credential|security-token)|x-goog-(?:signature|credential)|signature|sig|se|skoid|sktid|sks|skv|token|access_token|refresh_token|id_token|password|client_secret|key-pair-id|policy|code)$/i;
/** JSON body fields that are tokens (token-server answers, OAuth2). */
const SECRET_JSON = new Set(['token', 'access_token', 'refresh_token', 'id_token', 'password', 'client_secret']); // bounded: constant table
/** Form fields of OAuth2 token requests that are secrets. */
const SECRET_FORM = /^(?:password|refresh_token|client_secret|code|assertion)$/i;

export interface RedactOptions {
  /** Also replace blob bodies (layers, configs) by their recorded size and sha256. */
  blobs: boolean;
  /** Body digests of the original capture by entry: `request`/`response` → {size, sha256}, from our reader. */
  bodies?: Map<number, { request?: { size: number; sha256: string }; response?: { size: number; sha256: string } }>;
  /** Salt for the placeholders (random per run unless a test fixes it). */
  salt?: Buffer;
}

export interface RedactStats {
  headers: number;
  urls: number;
  bodies: number;
  blobs: number;
}

/**
 * `Bearer abc` → scheme `Bearer`, credential `abc` (leading whitespace of the credential
 * dropped). A scan, not /^(\S+)\s+(.+)$/: that pattern is quadratic on a long run of spaces.
 */
export function splitScheme(value: string): { scheme: string; credential: string } | undefined {
  const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
  let end = 0;
  while (end < value.length && !isSpace(value.charCodeAt(end))) end++;
  let start = end;
  while (start < value.length && isSpace(value.charCodeAt(start))) start++;
  if (end === 0 || start === end || start === value.length) return undefined;
  return { scheme: value.slice(0, end), credential: value.slice(start) };
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Rewrites a parsed HAR so it can be shared: credentials are replaced by placeholders that
 * are equal exactly when the originals were (a salted hash, so rules that pair a token with
 * its use still work, and nothing can be recovered), and on request blob bodies by our
 * `_redacted: {size, sha256}` record, which digest rules read like the bytes. Digests, sizes,
 * media types, upload state (`_state`) and manifests are kept.
 */
export function redactHar(doc: unknown, options: RedactOptions): RedactStats {
  const salt = options.salt ?? randomBytes(16);
  const stats: RedactStats = { headers: 0, urls: 0, bodies: 0, blobs: 0 };
  const saltedHex = (secret: string) => createHash('sha256').update(salt).update(secret).digest('hex');
  const placeholder = (secret: string) => `redacted-${saltedHex(secret).slice(0, 16)}`;
  /** Same length as the secret, so a body keeps its Content-Length; equal secrets give equal output wherever they appear. */
  const sameLength = (secret: string) => {
    const base = placeholder(secret);
    // Too short for the label: hex of the salted hash alone, still distinct for distinct secrets.
    return secret.length >= base.length ? base + 'x'.repeat(secret.length - base.length) : saltedHex(secret).slice(0, secret.length);
  };

  function redactUrl(raw: string): string {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return raw;
    }
    let changed = false;
    if (url.username || url.password) {
      url.username = url.username ? 'redacted' : '';
      url.password = url.password ? 'redacted' : '';
      changed = true;
    }
    for (const [name, value] of [...url.searchParams]) {
      if (SECRET_QUERY.test(name)) {
        url.searchParams.set(name, sameLength(value));
        changed = true;
      }
    }
    if (!changed) return raw;
    stats.urls++;
    return url.href;
  }

  function redactHeaders(list: unknown): void {
    if (!Array.isArray(list)) return;
    for (const h of list) {
      if (!isRec(h) || typeof h.name !== 'string' || typeof h.value !== 'string') continue;
      const name = h.name.toLowerCase();
      if (SECRET_HEADERS.has(name)) {
        // Keep the scheme (Bearer, Basic): rules judge it; the credential goes.
        const scheme = name === 'authorization' || name === 'proxy-authorization' ? splitScheme(h.value) : undefined;
        h.value = scheme ? `${scheme.scheme} ${sameLength(scheme.credential)}` : sameLength(h.value);
        stats.headers++;
      } else if (name === 'location' || name === 'content-location') {
        h.value = redactUrl(h.value);
      }
    }
  }

  function redactQueryString(list: unknown): void {
    if (!Array.isArray(list)) return;
    for (const q of list) {
      if (isRec(q) && typeof q.name === 'string' && typeof q.value === 'string' && SECRET_QUERY.test(q.name)) q.value = sameLength(q.value);
    }
  }

  /** Token fields in a JSON body (a token server's answer); the rest of the JSON is kept. */
  function redactJsonText(text: string): string | undefined {
    if (!text.includes('token') && !text.includes('password') && !text.includes('secret')) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!isRec(value)) return undefined;
    // Replace the values in the text itself: the body keeps its bytes' layout and length.
    let out = text;
    for (const key of Object.keys(value)) {
      const secret = value[key];
      if (!SECRET_JSON.has(key) || typeof secret !== 'string' || secret === '') continue;
      const escaped = JSON.stringify(secret).slice(1, -1);
      out = out.split(escaped).join(sameLength(escaped));
    }
    return out === text ? undefined : out;
  }

  function redactForm(text: string): string | undefined {
    let out = text;
    for (const part of text.split('&')) {
      const eq = part.indexOf('=');
      if (eq <= 0 || !SECRET_FORM.test(decodeURIComponent(part.slice(0, eq).replace(/\+/g, ' ')))) continue;
      const encoded = part.slice(eq + 1);
      if (encoded) out = out.split(`${part.slice(0, eq)}=${encoded}`).join(`${part.slice(0, eq)}=${sameLength(encoded)}`);
    }
    return out === text ? undefined : out;
  }

  function redactBody(holder: unknown, isBlob: boolean, record: { size: number; sha256: string } | undefined): void {
    if (!isRec(holder)) return;
    if (Array.isArray(holder.params)) {
      for (const p of holder.params) if (isRec(p) && typeof p.name === 'string' && typeof p.value === 'string' && SECRET_FORM.test(p.name)) p.value = sameLength(p.value);
    }
    const text = holder.text;
    if (typeof text !== 'string') return;
    if (isBlob && options.blobs && record) {
      holder.text = '';
      delete holder.encoding;
      holder._redacted = { size: record.size, sha256: record.sha256 };
      stats.blobs++;
      return;
    }
    const mime = typeof holder.mimeType === 'string' ? holder.mimeType.toLowerCase() : '';
    const replaced = mime.includes('x-www-form-urlencoded') ? redactForm(text) : holder.encoding === 'base64' ? undefined : redactJsonText(text);
    if (replaced !== undefined) {
      holder.text = replaced;
      stats.bodies++;
    }
  }

  if (!isRec(doc) || !isRec(doc.log) || !Array.isArray(doc.log.entries)) return stats;
  doc.log.entries.forEach((entry: unknown, index: number) => {
    if (!isRec(entry)) return;
    const req = isRec(entry.request) ? entry.request : undefined;
    const res = isRec(entry.response) ? entry.response : undefined;
    const digests = options.bodies?.get(index);
    const method = typeof req?.method === 'string' ? req.method.toUpperCase() : '';
    const url = typeof req?.url === 'string' ? req.url : '';
    // Blobs: layer/config downloads and whole-blob uploads; chunk PATCH bodies stay, since
    // reassembling an upload needs their bytes.
    const blobGet = method === 'GET' && /\/blobs\/(?!uploads\/)/.test(url);
    const blobPut = (method === 'PUT' || method === 'POST') && /\/blobs\/uploads\//.test(url);
    if (req) {
      if (typeof req.url === 'string') req.url = redactUrl(req.url);
      redactHeaders(req.headers);
      redactQueryString(req.queryString);
      redactBody(req.postData, blobPut, digests?.request);
      redactBody(req._content, blobPut, digests?.request);
    }
    if (res) {
      redactHeaders(res.headers);
      if (typeof res.redirectURL === 'string') res.redirectURL = redactUrl(res.redirectURL);
      redactBody(res.content, blobGet, digests?.response);
    }
  });
  doc.log._ociHarCheckRedacted = { blobs: options.blobs, note: 'credentials replaced by salted hashes; bodies marked _redacted keep their size and sha256' };
  return stats;
}
