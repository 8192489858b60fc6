import { type IncomingMessage, type OutgoingHttpHeaders, request as httpRequest, type Server, type ServerResponse, createServer as createHttpServer, Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { BodyTap, harText, type TappedBody } from './body-tap.js';
import { OriginMap, type Rewrite, rewriteRealm } from './rewrite.js';

/** Connection-level headers a proxy must not forward (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']); // bounded: constant table

export interface RecorderOptions {
  upstream: URL;
  /** host:port to listen on (127.0.0.1 by default). */
  host: string;
  port: number;
  /** Storage redirects and token realms on other origins: through the recorder (default) or straight to them (not recorded). */
  redirects: 'proxy' | 'pass';
  inlineLimit: number;
  tls?: { cert: Buffer; key: Buffer };
  /** Accept an upstream certificate that does not verify (a test registry's self-signed one). */
  upstreamInsecure: boolean;
  /** Receives each finished exchange as a HAR entry. */
  onEntry: (entry: HarEntry) => void;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  _ociHarCheck: { clientUrl: string; rewrites: Rewrite[]; error?: string };
}

type HeaderPairs = [string, string][];

function pairs(raw: readonly string[]): HeaderPairs {
  const out: HeaderPairs = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

const harHeaders = (list: HeaderPairs) => list.map(([name, value]) => ({ name, value }));
const headerValue = (list: HeaderPairs, name: string) => list.find(([n]) => n.toLowerCase() === name)?.[1];

/** A HAR body from the tapped bytes: decoded per Content-Encoding as HAR asks, or a size+sha256 record above the inline limit. */
function harBody(tapped: TappedBody, mimeType: string, contentEncoding: string | undefined): Record<string, unknown> {
  if (!tapped.bytes) {
    // Too big to keep: the reader takes this record like the bytes for digest rules.
    return { mimeType, text: '', _recorded: { size: tapped.size, sha256: tapped.sha256 } };
  }
  let bytes = tapped.bytes;
  const encoding = contentEncoding?.trim().toLowerCase();
  if (encoding && encoding !== 'identity' && bytes.length > 0) {
    try {
      bytes = encoding === 'gzip' || encoding === 'x-gzip' ? gunzipSync(bytes) : encoding === 'deflate' ? inflateSync(bytes) : encoding === 'br' ? brotliDecompressSync(bytes) : bytes;
    } catch {
      // keep the bytes as sent
    }
  }
  return { mimeType, ...harText(bytes) };
}

/**
 * A recording reverse proxy in front of one registry. It forwards every request unchanged but
 * for the `Host` header and the absolute URLs that would take the client off the recorder,
 * streams bodies both ways (holding at most the inline limit per body), and reports each
 * exchange as a HAR entry with the registry's original values and the rewrites listed.
 */
export class Recorder {
  readonly origins: OriginMap;
  private readonly listenBase: string;
  private server: Server | undefined;
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent: HttpsAgent;
  private inFlight = 0;
  private idle: (() => void) | undefined;

  constructor(private readonly options: RecorderOptions) {
    const scheme = options.tls ? 'https' : 'http';
    const listenHost = options.host.includes(':') ? `[${options.host}]` : options.host;
    this.listenBase = `${scheme}://${listenHost}`;
    this.origins = new OriginMap(options.upstream.origin, `${this.listenBase}:${options.port}`);
    this.httpsAgent = new HttpsAgent({ keepAlive: true, rejectUnauthorized: !options.upstreamInsecure });
  }

  /** Starts listening; resolves with the origin clients should use. */
  listen(): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res);
    this.server = this.options.tls ? createHttpsServer({ cert: this.options.tls.cert, key: this.options.tls.key }, handler) : createHttpServer(handler);
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port, this.options.host, () => {
        const address = this.server!.address();
        if (address && typeof address === 'object') this.origins.listen = `${this.listenBase}:${address.port}`;
        resolve(this.origins.listen);
      });
    });
  }

  /** Stops accepting connections and waits (up to `graceMs`) for exchanges in flight. */
  async close(graceMs = 5000): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    server?.closeAllConnections?.();
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        this.idle = resolve;
        setTimeout(resolve, graceMs).unref();
      });
    }
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.inFlight++;
    const startMs = Date.now();
    const t0 = performance.now();
    const clientUrl = `${this.origins.listen}${req.url ?? '/'}`;
    const target = this.origins.toTarget(req.url ?? '/');
    const rewrites: Rewrite[] = [];
    const finish = () => {
      if (--this.inFlight === 0 && this.idle) this.idle();
    };
    if (!target) {
      res.writeHead(502, { 'Content-Type': 'text/plain' }).end('oci-har-check record: unknown origin in this path\n');
      finish();
      return;
    }
    const url = new URL(target.path, target.origin);
    const sentHeaders: HeaderPairs = [];
    for (const [name, value] of pairs(req.rawHeaders)) {
      const lower = name.toLowerCase();
      if (HOP_BY_HOP.has(lower)) continue;
      if ((lower === 'authorization' || lower === 'cookie') && this.origins.redirectOnly(url.origin)) {
        // Through the recorder a storage redirect looks same-origin to the client, so it keeps
        // its registry credentials; sent directly they would have been dropped (another host).
        rewrites.push({ where: `request.headers.${name}`, original: '(the client\'s credentials: the recorder is the same origin for it)', sent: '(removed: sent directly, the redirect goes to another host)' });
        continue;
      }
      if (lower === 'host') {
        if (value !== url.host) rewrites.push({ where: 'request.headers.Host', original: value, sent: url.host });
        sentHeaders.push([name, url.host]);
        continue;
      }
      sentHeaders.push([name, value]);
    }
    if (!sentHeaders.some(([n]) => n.toLowerCase() === 'host')) sentHeaders.unshift(['Host', url.host]);
    const requestTap = new BodyTap(this.options.inlineLimit);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing: OutgoingHttpHeaders = {};
    for (const [name, value] of sentHeaders) {
      const existing = outgoing[name];
      outgoing[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [String(existing), value];
    }
    const upstream = send(url, { method: req.method, headers: outgoing, agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent });
    let tSent = t0;
    let tFirstByte = t0;
    let responseVersion = '';
    const entryFor = (status: number, statusText: string, received: HeaderPairs, responseBody: TappedBody | undefined, error?: string): HarEntry => {
      const tEnd = performance.now();
      const requestBody = requestTap.finish();
      const reqType = headerValue(sentHeaders, 'content-type') ?? '';
      const request: Record<string, unknown> = {
        method: req.method ?? 'GET',
        url: url.href,
        httpVersion: `HTTP/${req.httpVersion}`,
        cookies: [],
        headers: harHeaders(sentHeaders),
        queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
        headersSize: -1,
        bodySize: requestBody.size,
      };
      if (requestBody.size > 0 || req.method === 'PUT' || req.method === 'POST' || req.method === 'PATCH') {
        request.postData = harBody(requestBody, reqType, headerValue(sentHeaders, 'content-encoding'));
      }
      const location = headerValue(received, 'location');
      const response: Record<string, unknown> = {
        status,
        statusText,
        httpVersion: responseVersion,
        cookies: [],
        headers: harHeaders(received),
        content: responseBody ? { size: responseBody.size, ...harBody(responseBody, headerValue(received, 'content-type') ?? '', headerValue(received, 'content-encoding')) } : { size: 0, mimeType: '' },
        redirectURL: location ?? '',
        headersSize: -1,
        bodySize: responseBody?.size ?? 0,
      };
      const round = (ms: number) => Math.max(0, Math.round(ms * 1000) / 1000);
      const entry: HarEntry = {
        startedDateTime: new Date(startMs).toISOString(),
        time: round(tEnd - t0),
        request,
        response,
        cache: {},
        timings: { send: round(tSent - t0), wait: round(tFirstByte - tSent), receive: round(tEnd - tFirstByte) },
        _ociHarCheck: { clientUrl, rewrites },
      };
      if (error) {
        entry._ociHarCheck.error = error;
        // HAR has no error field; Chrome's `_error` is what readers (ours included) understand.
        (entry.response as Record<string, unknown>)._error = error;
      }
      return entry;
    };
    let done = false;
    const record = (entry: HarEntry) => {
      if (done) return;
      done = true;
      this.options.onEntry(entry);
      finish();
    };
    req.on('data', (chunk: Buffer) => requestTap.push(chunk));
    req.on('end', () => {
      tSent = performance.now();
    });
    req.pipe(upstream);
    upstream.on('error', (error) => {
      const message = `upstream request failed: ${error.message}`;
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`oci-har-check record: ${message}\n`);
      else res.destroy();
      record(entryFor(0, '', [], undefined, message));
    });
    upstream.on('response', (answer) => {
      tFirstByte = performance.now();
      responseVersion = `HTTP/${answer.httpVersion}`;
      const received = pairs(answer.rawHeaders);
      const forwarded: string[] = [];
      for (const [name, value] of received) {
        const lower = name.toLowerCase();
        if (HOP_BY_HOP.has(lower)) continue;
        let sent = value;
        if (lower === 'location') sent = this.mapLocation(value, url) ?? value;
        else if (lower === 'www-authenticate') sent = rewriteRealm(value, (realm) => this.origins.toClient(realm, true));
        if (sent !== value) rewrites.push({ where: `response.headers.${name}`, original: value, sent });
        forwarded.push(name, sent);
      }
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, forwarded);
      const responseTap = new BodyTap(this.options.inlineLimit);
      answer.on('data', (chunk: Buffer) => responseTap.push(chunk));
      answer.pipe(res);
      answer.on('end', () => record(entryFor(answer.statusCode ?? 0, answer.statusMessage ?? '', received, responseTap.finish())));
      answer.on('error', (error) => record(entryFor(answer.statusCode ?? 0, answer.statusMessage ?? '', received, responseTap.finish(), `response cut: ${error.message}`)));
    });
    res.on('close', () => {
      if (!res.writableFinished && !done) upstream.destroy(new Error('the client closed the connection'));
    });
  }

  /** A Location the client must follow through the recorder; relative ones already resolve against it. */
  private mapLocation(value: string, base: URL): string | undefined {
    let absolute: URL;
    try {
      absolute = new URL(value, base);
    } catch {
      return undefined;
    }
    const relative = !hasScheme(value.trim());
    if (relative) {
      // A relative Location resolves against the recorder for upstream paths; for another origin's path it needs the prefix.
      return base.origin === this.origins.upstream ? undefined : this.origins.toClient(absolute.href);
    }
    if (absolute.origin !== this.origins.upstream && this.options.redirects === 'pass') return undefined;
    return this.origins.toClient(absolute.href);
  }
}

/** `scheme:` at the start (RFC 3986: a letter, then letters, digits, '+', '-', '.'). */
function hasScheme(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (i === 0) {
      if (!letter) return false;
      continue;
    }
    if (c === 0x3a) return true;
    if (!(letter || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)) return false;
  }
  return false;
}
