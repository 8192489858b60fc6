/**
 * Test fixture builder: typed HAR 1.2 entries for OCI Distribution traffic (distribution-spec v1.1.1 with
 * distribution's token auth). Everything is *compliant by default*; a test changes one thing through an option
 * or a header override (`null` removes a default header) to produce exactly one deviation.
 *
 *   har(oci.ping(), oci.pushImage(), oci.pullManifest({ omitDigestHeader: true }))
 *
 * Output is deterministic: no clocks, no randomness. Upload ids and `_state` tokens are derived from the
 * repository and content; timestamps come from `har()` (fixed base, one second apart).
 */
import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';

// ---------------------------------------------------------------------------------------------------------------
// HAR 1.2 shapes (plus the HAR 1.3 `postData.encoding` for binary request bodies)

export interface HarHeader { name: string; value: string; comment?: string }
export interface HarQueryParam { name: string; value: string; comment?: string }
export interface HarCookie { name: string; value: string; path?: string; domain?: string; expires?: string; httpOnly?: boolean; secure?: boolean }
export interface HarPostData { mimeType: string; text?: string; encoding?: 'base64'; comment?: string }
export interface HarContent { size: number; mimeType: string; text?: string; encoding?: 'base64'; compression?: number; comment?: string }
export interface HarRequest {
  method: string; url: string; httpVersion: string; cookies: HarCookie[]; headers: HarHeader[];
  queryString: HarQueryParam[]; postData?: HarPostData; headersSize: number; bodySize: number; comment?: string;
}
export interface HarResponse {
  status: number; statusText: string; httpVersion: string; cookies: HarCookie[]; headers: HarHeader[];
  content: HarContent; redirectURL: string; headersSize: number; bodySize: number; comment?: string;
}
export interface HarTimings { blocked?: number; dns?: number; connect?: number; send: number; wait: number; receive: number; ssl?: number }
export interface HarEntry {
  startedDateTime: string; time: number; request: HarRequest; response: HarResponse;
  cache: Record<string, never>; timings: HarTimings; comment?: string;
}
/** The whole HAR document, `{ log: {...} }`. */
export interface HarLog {
  log: { version: string; creator: { name: string; version: string }; entries: HarEntry[]; comment?: string };
}

// ---------------------------------------------------------------------------------------------------------------
// Constants

export const REGISTRY = 'http://registry.test:5000';
export const DEFAULT_REPO = 'library/hello';
export const AUTH_REALM = 'http://auth.test/token';
export const AUTH_SERVICE = 'registry.test:5000';
export const STORAGE = 'https://storage.test';
export const DEFAULT_TOKEN = 'test-token';
export const DEFAULT_USER_AGENT = 'test-client/1.0';
/** First `startedDateTime` stamped by `har()`; also the default token `issued_at`. */
export const BASE_TIME = '2024-01-01T00:00:00.000Z';

export const MT = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  index: 'application/vnd.oci.image.index.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  empty: 'application/vnd.oci.empty.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  octet: 'application/octet-stream',
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
} as const;

export const DEFAULT_ACCEPT = [MT.manifest, MT.index, MT.dockerManifest, MT.dockerList].join(', ');

// ---------------------------------------------------------------------------------------------------------------
// Bytes and digests

const utf8 = new TextEncoder();

export function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? utf8.encode(data) : data;
}

/** `sha256:<hex>` of the exact bytes (strings are UTF-8 encoded). */
export function sha256Digest(bytes: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(toBytes(bytes)).digest('hex')}`;
}

/** Compact JSON, the exact bytes the builders send for manifests, configs and JSON bodies. */
export function jsonBytes(value: unknown): string {
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------------------------
// exchange()

/** Header overrides: a value replaces the default of the same name (case-insensitive), an array writes the header
 *  once per value, `null` removes it, `undefined` keeps the default. */
export type HeaderSpec = Record<string, string | number | readonly string[] | null | undefined>;
export type RequestBody = string | Uint8Array | { base64: string } | { absent: true; size: number };
export type ResponseBody = string | Uint8Array | { base64: string } | { absent: true; size: number };

export interface ExchangeSpec {
  /** Default `GET`. */
  method?: string;
  /** Absolute URL, or a path resolved against REGISTRY. */
  url: string;
  /** Default 200. */
  status?: number;
  statusText?: string;
  reqHeaders?: HeaderSpec;
  resHeaders?: HeaderSpec;
  /** String = text; Uint8Array = base64 (`postData.encoding: "base64"`); `{absent}` = transferred but not captured. */
  reqBody?: RequestBody;
  /** For HEAD, only sets the default Content-Length; nothing is recorded in `content`. */
  resBody?: ResponseBody;
  /** Response `content.mimeType` and default response Content-Type (else inferred from the body). */
  mimeType?: string;
  /** Request `postData.mimeType` (default: the request Content-Type). */
  reqMimeType?: string;
  /** Default `test-client/1.0`; `null` sends no User-Agent. */
  userAgent?: string | null;
  /** Both sides; default `HTTP/1.1`. */
  httpVersion?: string;
  /** Pins this entry's time: `har()` keeps it instead of stamping one. */
  startedDateTime?: string;
  comment?: string;
}

interface NormBody { kind: 'text' | 'base64' | 'absent'; text?: string; size: number }

function normBody(body: RequestBody | ResponseBody | undefined): NormBody | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return { kind: 'text', text: body, size: utf8.encode(body).length };
  if (body instanceof Uint8Array) return { kind: 'base64', text: Buffer.from(body).toString('base64'), size: body.length };
  if ('base64' in body) return { kind: 'base64', text: body.base64, size: Buffer.from(body.base64, 'base64').length };
  return { kind: 'absent', size: body.size };
}

function inferMime(body: NormBody): string {
  if (body.kind !== 'text') return MT.octet;
  try {
    JSON.parse(body.text ?? '');
    return MT.json;
  } catch {
    return 'text/plain; charset=utf-8';
  }
}

function applyHeaders(base: readonly HarHeader[], overrides: HeaderSpec | undefined): HarHeader[] {
  const out = base.map((h) => ({ ...h }));
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    let at = out.findIndex((h) => h.name.toLowerCase() === lower);
    for (let i = out.length - 1; i >= 0; i--) if (out[i]!.name.toLowerCase() === lower) out.splice(i, 1);
    if (value === null) continue;
    if (at < 0 || at > out.length) at = out.length;
    const values = typeof value === 'string' || typeof value === 'number' ? [String(value)] : value;
    out.splice(at, 0, ...values.map((v) => ({ name, value: v })));
  }
  return out;
}

function headerValue(headers: readonly HarHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

const byteLength = (s: string): number => utf8.encode(s).length;

function headersBlockSize(startLine: string, headers: readonly HarHeader[]): number {
  let size = byteLength(startLine) + 2 + 2;
  for (const h of headers) size += byteLength(`${h.name}: ${h.value}`) + 2;
  return size;
}

function requestTarget(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

function queryOf(url: string): HarQueryParam[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function absoluteUrl(url: string, base = REGISTRY): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : new URL(url, base).href;
}

function statusTextOf(status: number): string {
  return STATUS_CODES[status] ?? '';
}

const BODYLESS_METHODS_WITH_LENGTH = new Set(['POST', 'PUT', 'PATCH']);
const TIMINGS: HarTimings = { blocked: 0, dns: -1, connect: -1, ssl: -1, send: 1, wait: 8, receive: 1 };

/** Entries whose `startedDateTime` was chosen by the test; `har()` keeps those. */
const pinned = new WeakSet<HarEntry>();

/**
 * One request/response pair with consistent defaults: User-Agent `test-client/1.0`; request Content-Length from
 * the body (`0` on a bodiless POST/PUT/PATCH); request Content-Type inferred for non-empty bodies; response
 * Content-Type inferred from a non-empty body and Content-Length from the body (none on 1xx/204/304; on HEAD only
 * when `resBody` describes the entity); HTTP/1.1; `redirectURL` = Location on 3xx; sizes and timings filled in.
 */
export function exchange(spec: ExchangeSpec): HarEntry {
  const method = (spec.method ?? 'GET').toUpperCase();
  const url = absoluteUrl(spec.url);
  const httpVersion = spec.httpVersion ?? 'HTTP/1.1';
  const status = spec.status ?? 200;
  const statusText = spec.statusText ?? statusTextOf(status);

  // request
  const reqBody = normBody(spec.reqBody);
  const reqHasBody = reqBody !== undefined && (reqBody.size > 0 || reqBody.kind === 'absent');
  const reqDefaults: HarHeader[] = [];
  const ua = spec.userAgent === undefined ? DEFAULT_USER_AGENT : spec.userAgent;
  if (ua !== null) reqDefaults.push({ name: 'User-Agent', value: ua });
  if (reqHasBody) {
    reqDefaults.push({ name: 'Content-Type', value: inferMime(reqBody) });
    reqDefaults.push({ name: 'Content-Length', value: String(reqBody.size) });
  } else if (BODYLESS_METHODS_WITH_LENGTH.has(method)) {
    reqDefaults.push({ name: 'Content-Length', value: '0' });
  }
  const reqHeaders = applyHeaders(reqDefaults, spec.reqHeaders);
  const request: HarRequest = {
    method,
    url,
    httpVersion,
    cookies: [],
    headers: reqHeaders,
    queryString: queryOf(url),
    headersSize: headersBlockSize(`${method} ${requestTarget(url)} ${httpVersion}`, reqHeaders),
    bodySize: reqBody?.size ?? 0,
  };
  if (reqHasBody) {
    const postData: HarPostData = { mimeType: spec.reqMimeType ?? headerValue(reqHeaders, 'content-type') ?? inferMime(reqBody) };
    if (reqBody.kind !== 'absent') postData.text = reqBody.text ?? '';
    if (reqBody.kind === 'base64') postData.encoding = 'base64';
    request.postData = postData;
  }

  // response
  const resBody = normBody(spec.resBody);
  const noBodyStatus = status < 200 || status === 204 || status === 304;
  const recorded = method === 'HEAD' || noBodyStatus ? undefined : resBody;
  const resDefaults: HarHeader[] = [];
  if (resBody && (resBody.size > 0 || resBody.kind === 'absent') && !noBodyStatus) {
    resDefaults.push({ name: 'Content-Type', value: spec.mimeType ?? inferMime(resBody) });
  }
  if (!noBodyStatus && (method !== 'HEAD' || resBody)) {
    resDefaults.push({ name: 'Content-Length', value: String(resBody?.size ?? 0) });
  }
  const resHeaders = applyHeaders(resDefaults, spec.resHeaders);
  const content: HarContent = {
    size: recorded?.size ?? 0,
    mimeType: spec.mimeType ?? headerValue(resHeaders, 'content-type') ?? '',
  };
  if (recorded && recorded.kind !== 'absent' && recorded.size > 0) content.text = recorded.text ?? '';
  if (recorded?.kind === 'base64' && recorded.size > 0) content.encoding = 'base64';
  const response: HarResponse = {
    status,
    statusText,
    httpVersion,
    cookies: [],
    headers: resHeaders,
    content,
    redirectURL: status >= 300 && status < 400 ? headerValue(resHeaders, 'location') ?? '' : '',
    headersSize: headersBlockSize(`${httpVersion} ${status} ${statusText}`, resHeaders),
    bodySize: recorded?.size ?? 0,
  };

  const timings = { ...TIMINGS };
  const entry: HarEntry = {
    startedDateTime: spec.startedDateTime ?? BASE_TIME,
    time: timings.send + timings.wait + timings.receive + (timings.blocked ?? 0),
    request,
    response,
    cache: {},
    timings,
  };
  if (spec.comment !== undefined) entry.comment = spec.comment;
  if (spec.startedDateTime !== undefined) pinned.add(entry);
  return entry;
}

export interface EntryEdit {
  method?: string;
  url?: string;
  status?: number;
  statusText?: string;
  reqHeaders?: HeaderSpec;
  resHeaders?: HeaderSpec;
  startedDateTime?: string;
}

/** A deep copy of `entry` with header/status/URL changes; bodies and the other headers stay as they were. */
export function edit(entry: HarEntry, changes: EntryEdit): HarEntry {
  const out = structuredClone(entry);
  const { request: rq, response: rs } = out;
  if (changes.method !== undefined) rq.method = changes.method.toUpperCase();
  if (changes.url !== undefined) {
    rq.url = absoluteUrl(changes.url);
    rq.queryString = queryOf(rq.url);
  }
  if (changes.status !== undefined) {
    rs.status = changes.status;
    rs.statusText = statusTextOf(changes.status);
  }
  if (changes.statusText !== undefined) rs.statusText = changes.statusText;
  rq.headers = applyHeaders(rq.headers, changes.reqHeaders);
  rs.headers = applyHeaders(rs.headers, changes.resHeaders);
  rq.headersSize = headersBlockSize(`${rq.method} ${requestTarget(rq.url)} ${rq.httpVersion}`, rq.headers);
  rs.headersSize = headersBlockSize(`${rs.httpVersion} ${rs.status} ${rs.statusText}`, rs.headers);
  rs.redirectURL = rs.status >= 300 && rs.status < 400 ? headerValue(rs.headers, 'location') ?? '' : '';
  if (changes.startedDateTime !== undefined) out.startedDateTime = changes.startedDateTime;
  if (changes.startedDateTime !== undefined || pinned.has(entry)) pinned.add(out);
  return out;
}

/** Copy of `entries` with entry `index` (negative counts from the end) edited; metadata on the array is kept. */
export function editAt<T extends readonly HarEntry[]>(entries: T, index: number, changes: EntryEdit): T {
  const i = index < 0 ? entries.length + index : index;
  const target = entries[i];
  if (!target) throw new RangeError(`editAt: no entry ${index} in ${entries.length}`);
  const copy = entries.map((e, j) => (j === i ? edit(e, changes) : e));
  for (const key of Object.keys(entries)) {
    if (!/^\d+$/.test(key)) (copy as unknown as Record<string, unknown>)[key] = (entries as unknown as Record<string, unknown>)[key];
  }
  return copy as unknown as T;
}

// ---------------------------------------------------------------------------------------------------------------
// har()

class Pause {
  constructor(readonly ms: number) {}
}

/** Advances `har()`'s clock by `ms` before the next entry (e.g. to let a token expire). */
export function pause(ms: number): Pause {
  return new Pause(ms);
}

export type HarPart = HarEntry | Pause | readonly HarPart[];

export interface HarOptions {
  /** Time of the first entry (default BASE_TIME). */
  base?: string | Date;
  /** Gap between consecutive entries in ms (default 1000). */
  stepMs?: number;
  creator?: { name: string; version: string };
  version?: string;
  comment?: string;
}

/** Like `har()`, with options first. */
export function harWith(options: HarOptions, ...parts: HarPart[]): HarLog {
  const step = options.stepMs ?? 1000;
  let clock = new Date(options.base ?? BASE_TIME).getTime();
  const entries: HarEntry[] = [];
  const visit = (part: HarPart): void => {
    if (part instanceof Pause) {
      clock += part.ms;
    } else if (Array.isArray(part)) {
      for (const p of part as readonly HarPart[]) visit(p);
    } else {
      const original = part as HarEntry;
      const entry = structuredClone(original);
      if (pinned.has(original)) {
        clock = new Date(entry.startedDateTime).getTime();
      } else {
        entry.startedDateTime = new Date(clock).toISOString();
      }
      clock += step;
      entries.push(entry);
    }
  };
  for (const part of parts) visit(part);
  const log: HarLog['log'] = {
    version: options.version ?? '1.2',
    creator: options.creator ?? { name: 'oci-har-check test builder', version: '1.0' },
    entries,
  };
  if (options.comment !== undefined) log.comment = options.comment;
  return { log };
}

/** Flattens entries and entry arrays (copies them), stamps increasing `startedDateTime`s 1 s apart from BASE_TIME
 *  (entries built with an explicit `startedDateTime` keep it and move the clock; `pause(ms)` adds a gap). */
export function har(...parts: HarPart[]): HarLog {
  return harWith({}, ...parts);
}

/** `JSON.stringify(har(...parts), null, 2)`. */
export function harText(...parts: HarPart[]): string {
  return JSON.stringify(har(...parts), null, 2);
}

// ---------------------------------------------------------------------------------------------------------------
// Image-spec helpers

export interface Platform { architecture: string; os: string; 'os.version'?: string; 'os.features'?: string[]; variant?: string }
export interface Descriptor {
  mediaType: string; digest: string; size: number;
  artifactType?: string; annotations?: Record<string, string>; urls?: string[]; data?: string; platform?: Platform;
}
export interface OciManifest {
  schemaVersion: 2; mediaType?: string; artifactType?: string; config: Descriptor; layers: Descriptor[];
  subject?: Descriptor; annotations?: Record<string, string>;
}
export interface OciIndex {
  schemaVersion: 2; mediaType?: string; artifactType?: string; manifests: Descriptor[];
  subject?: Descriptor; annotations?: Record<string, string>;
}

/** Descriptor of exact bytes (strings are UTF-8); `extra` adds artifactType, annotations, platform, … */
export function descriptor(bytes: string | Uint8Array, mediaType: string, extra: Omit<Partial<Descriptor>, 'mediaType'> = {}): Descriptor {
  const b = toBytes(bytes);
  return { mediaType, digest: sha256Digest(b), size: b.length, ...extra };
}

export const EMPTY_DESCRIPTOR: Readonly<Descriptor> = Object.freeze({
  mediaType: MT.empty,
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
  data: 'e30=',
});

/** 1024 deterministic bytes, not valid UTF-8 (so they travel as base64). */
export const DEFAULT_LAYER: Uint8Array = Uint8Array.from({ length: 1024 }, (_, i) => (i * 31 + 7) & 0xff);

/** OCI image config JSON whose diff_ids are the layers' digests (the default layer type is uncompressed tar). */
export function imageConfig(layers: readonly (string | Uint8Array)[] = [DEFAULT_LAYER]): string {
  return jsonBytes({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: layers.map((l) => sha256Digest(l)) } });
}

export const DEFAULT_CONFIG: string = imageConfig();

export interface OciManifestOptions {
  config?: Descriptor;
  layers?: Descriptor[];
  subject?: Descriptor;
  artifactType?: string;
  annotations?: Record<string, string>;
  /** Default MT.manifest; `null` omits the field. */
  mediaType?: string | null;
}

/** Image manifest; defaults: config = DEFAULT_CONFIG, layers = [DEFAULT_LAYER]. */
export function ociManifest(o: OciManifestOptions = {}): OciManifest {
  const mediaType = o.mediaType === undefined ? MT.manifest : o.mediaType;
  const out: OciManifest = { schemaVersion: 2, ...(mediaType !== null ? { mediaType } : {}) } as OciManifest;
  if (o.artifactType !== undefined) out.artifactType = o.artifactType;
  out.config = o.config ?? descriptor(DEFAULT_CONFIG, MT.config);
  out.layers = o.layers ?? [descriptor(DEFAULT_LAYER, MT.layer)];
  if (o.subject !== undefined) out.subject = o.subject;
  if (o.annotations !== undefined) out.annotations = o.annotations;
  return out;
}

export interface OciIndexOptions {
  manifests?: Descriptor[];
  subject?: Descriptor;
  artifactType?: string;
  annotations?: Record<string, string>;
  mediaType?: string | null;
}

/** Image index; default manifests = [descriptor of DEFAULT_MANIFEST with platform linux/amd64]. */
export function ociIndex(o: OciIndexOptions = {}): OciIndex {
  const mediaType = o.mediaType === undefined ? MT.index : o.mediaType;
  const out = { schemaVersion: 2, ...(mediaType !== null ? { mediaType } : {}) } as OciIndex;
  if (o.artifactType !== undefined) out.artifactType = o.artifactType;
  out.manifests = o.manifests ?? [descriptor(DEFAULT_MANIFEST, MT.manifest, { platform: { architecture: 'amd64', os: 'linux' } })];
  if (o.subject !== undefined) out.subject = o.subject;
  if (o.annotations !== undefined) out.annotations = o.annotations;
  return out;
}

/** The bytes of `ociManifest()`: what `pullManifest()` serves and `pushImage()` pushes by default. */
export const DEFAULT_MANIFEST: string = jsonBytes(ociManifest());
export const DEFAULT_MANIFEST_DIGEST: string = sha256Digest(DEFAULT_MANIFEST);

// ---------------------------------------------------------------------------------------------------------------
// OCI errors

const ERROR_MESSAGES: Record<string, string> = {
  BLOB_UNKNOWN: 'blob unknown to registry',
  BLOB_UPLOAD_INVALID: 'blob upload invalid',
  BLOB_UPLOAD_UNKNOWN: 'blob upload unknown to registry',
  DIGEST_INVALID: 'provided digest did not match uploaded content',
  MANIFEST_BLOB_UNKNOWN: 'manifest references a manifest or blob unknown to registry',
  MANIFEST_INVALID: 'manifest invalid',
  MANIFEST_UNKNOWN: 'manifest unknown',
  NAME_INVALID: 'invalid repository name',
  NAME_UNKNOWN: 'repository name not known to registry',
  SIZE_INVALID: 'provided length did not match content length',
  UNAUTHORIZED: 'authentication required',
  DENIED: 'requested access to the resource is denied',
  UNSUPPORTED: 'the operation is unsupported',
  TOOMANYREQUESTS: 'too many requests',
};

/** `{"errors":[{"code","message","detail"?}]}` as compact JSON. */
export function errorBody(code: string, message: string = ERROR_MESSAGES[code] ?? code.toLowerCase(), detail?: unknown): string {
  return jsonBytes({ errors: [detail === undefined ? { code, message } : { code, message, detail }] });
}

type Endpoint = 'base' | 'manifest' | 'blob' | 'upload' | 'tags' | 'referrers';

function defaultErrorCode(status: number, endpoint: Endpoint): string {
  switch (status) {
    case 401: return 'UNAUTHORIZED';
    case 403: return 'DENIED';
    case 405: return 'UNSUPPORTED';
    case 413: return 'SIZE_INVALID';
    case 416: return 'BLOB_UPLOAD_INVALID';
    case 429: return 'TOOMANYREQUESTS';
    case 404:
      return endpoint === 'manifest' ? 'MANIFEST_UNKNOWN' : endpoint === 'blob' ? 'BLOB_UNKNOWN' : endpoint === 'upload' ? 'BLOB_UPLOAD_UNKNOWN' : 'NAME_UNKNOWN';
    default:
      return endpoint === 'manifest' ? 'MANIFEST_INVALID' : endpoint === 'base' || endpoint === 'tags' ? 'NAME_INVALID' : 'DIGEST_INVALID';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// OCI scenario plumbing

/** Options every registry builder takes. */
export interface CommonOptions {
  /** Default REGISTRY. */
  registry?: string;
  /** Default DEFAULT_REPO ('library/hello'). */
  repo?: string;
  userAgent?: string | null;
  /** Authorization header value on registry requests (never on storage redirects), e.g. 'Bearer test-token'. */
  auth?: string | null;
  httpVersion?: string;
}

/** Extra overrides for builders that produce one main exchange; applied last, over the builder's headers. */
export interface Tweaks {
  reqHeaders?: HeaderSpec;
  resHeaders?: HeaderSpec;
  statusText?: string;
  /** Replaces the response body the builder would send. */
  resBody?: ResponseBody;
  startedDateTime?: string;
  /** OCI error code for a 4xx (the default depends on status and endpoint; 401 UNAUTHORIZED, 404 *_UNKNOWN, …). */
  errorCode?: string;
}

type Opts = CommonOptions & Tweaks;
type WithMeta<M> = HarEntry[] & M;

function withMeta<M extends object>(entries: HarEntry[], meta: M): WithMeta<M> {
  return Object.assign(entries, meta);
}

const repoOf = (o: CommonOptions): string => o.repo ?? DEFAULT_REPO;
const registryOf = (o: CommonOptions): string => (o.registry ?? REGISTRY).replace(/\/+$/, '');

function registryExchange(
  o: Opts,
  endpoint: Endpoint,
  spec: ExchangeSpec & { reqHeaders?: HeaderSpec; resHeaders?: HeaderSpec },
): HarEntry {
  const status = spec.status ?? 200;
  let resBody = spec.resBody;
  const errorHeaders: HeaderSpec = {};
  if (status >= 400 && status < 500 && resBody === undefined) {
    resBody = errorBody(o.errorCode ?? defaultErrorCode(status, endpoint));
    if (status === 429) errorHeaders['Retry-After'] = '10';
  }
  if (o.resBody !== undefined) resBody = o.resBody;
  const full: ExchangeSpec = {
    ...spec,
    url: absoluteUrl(spec.url, registryOf(o)),
    reqHeaders: { Authorization: o.auth ?? undefined, ...spec.reqHeaders, ...o.reqHeaders },
    resHeaders: { 'Docker-Distribution-API-Version': 'registry/2.0', ...errorHeaders, ...spec.resHeaders, ...o.resHeaders },
  };
  if (resBody !== undefined) full.resBody = resBody;
  if (o.userAgent !== undefined) full.userAgent = o.userAgent;
  if (o.httpVersion !== undefined) full.httpVersion = o.httpVersion;
  if (o.statusText !== undefined) full.statusText = o.statusText;
  if (o.startedDateTime !== undefined) full.startedDateTime = o.startedDateTime;
  return exchange(full);
}

/** Picks the CommonOptions out of a larger options object (for sub-builders). */
function common(o: CommonOptions): CommonOptions {
  const c: CommonOptions = {};
  if (o.registry !== undefined) c.registry = o.registry;
  if (o.repo !== undefined) c.repo = o.repo;
  if (o.userAgent !== undefined) c.userAgent = o.userAgent;
  if (o.auth !== undefined) c.auth = o.auth;
  if (o.httpVersion !== undefined) c.httpVersion = o.httpVersion;
  return c;
}

function deterministicUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** distribution-like `_state` token: opaque base64url, changes with every offset. */
export function stateToken(repo: string, uuid: string, offset: number): string {
  return Buffer.from(jsonBytes({ Name: repo, UUID: uuid, Offset: offset })).toString('base64url');
}

/** `/v2/<repo>/blobs/uploads/<uuid>?_state=<token>` (absolute when `registry` is given). */
export function uploadLocation(repo: string, uuid: string, offset = 0, registry?: string): string {
  const path = `/v2/${repo}/blobs/uploads/${uuid}?_state=${stateToken(repo, uuid, offset)}`;
  return registry === undefined ? path : `${registry.replace(/\/+$/, '')}${path}`;
}

/** Default upload session location for a repo (what `startUpload()` hands out without options). */
export function defaultUploadLocation(repo: string = DEFAULT_REPO): string {
  return uploadLocation(repo, deterministicUuid(`upload\n${repo}`));
}

const UPLOAD_PATH = /\/v2\/(.+)\/blobs\/uploads\/([^/?#]+)/;

/** The same upload URL with `_state` rotated for `offset` (kept relative or absolute as given). Without `_state`,
 *  the location is returned unchanged. */
export function nextLocation(location: string, offset: number): string {
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(location);
  const u = new URL(location, 'http://relative.invalid');
  if (!u.searchParams.has('_state')) return location;
  const m = UPLOAD_PATH.exec(u.pathname);
  u.searchParams.set('_state', stateToken(m?.[1] ?? '', m?.[2] ?? '', offset));
  return absolute ? u.href : u.pathname + u.search + u.hash;
}

/** Appends `name=value` keeping the existing query (`?` or `&` as needed). */
export function appendQuery(location: string, name: string, value: string): string {
  const hash = location.indexOf('#');
  const base = hash < 0 ? location : location.slice(0, hash);
  const sep = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${sep}${encodeURIComponent(name)}=${encodeURIComponent(value)}${hash < 0 ? '' : location.slice(hash)}`;
}

/** Response Location of an entry (undefined if none). */
export function locationOf(entry: HarEntry): string | undefined {
  return headerValue(entry.response.headers, 'location');
}

function uuidOf(location: string): string | undefined {
  return UPLOAD_PATH.exec(new URL(location, 'http://relative.invalid').pathname)?.[2];
}

function bodyBytes(data: string | Uint8Array | object): string | Uint8Array {
  return typeof data === 'string' || data instanceof Uint8Array ? data : jsonBytes(data);
}

function mediaTypeIn(bytes: string | Uint8Array): string | undefined {
  try {
    const parsed: unknown = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8'));
    const mt = (parsed as { mediaType?: unknown } | null)?.mediaType;
    return typeof mt === 'string' ? mt : undefined;
  } catch {
    return undefined;
  }
}

function subjectIn(bytes: string | Uint8Array): string | undefined {
  try {
    const parsed: unknown = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8'));
    const d = (parsed as { subject?: { digest?: unknown } } | null)?.subject?.digest;
    return typeof d === 'string' ? d : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Scenario builders

export interface PingOptions extends Opts { status?: number }

/** GET /v2/ → 200 `{}` with Docker-Distribution-API-Version: registry/2.0. */
function ping(o: PingOptions = {}): HarEntry[] {
  return [registryExchange(o, 'base', { url: '/v2/', status: o.status ?? 200, resBody: '{}' })];
}

export interface ChallengeOptions extends Opts {
  /** Method of the challenged request (default GET). */
  method?: string;
  /** Challenged URL, absolute or a path (default /v2/<repo>/manifests/latest). */
  url?: string;
  /** Default `repository:<repo>:pull`; `null` leaves the scope parameter out. */
  scope?: string | null;
  /** Default AUTH_REALM for Bearer, `Registry Realm` for Basic. */
  realm?: string;
  /** Default AUTH_SERVICE; `null` leaves it out. */
  service?: string | null;
  /** Default 'Bearer'. */
  scheme?: 'Bearer' | 'Basic';
  /** RFC 6750 error parameter, e.g. 'insufficient_scope'. */
  error?: string;
  reqBody?: RequestBody;
}

function wwwAuthenticate(o: ChallengeOptions, defaultScope: string | null): string {
  if (o.scheme === 'Basic') return `Basic realm="${o.realm ?? 'Registry Realm'}"`;
  const params = [`realm="${o.realm ?? AUTH_REALM}"`];
  const service = o.service === undefined ? AUTH_SERVICE : o.service;
  if (service !== null) params.push(`service="${service}"`);
  const scope = o.scope === undefined ? defaultScope : o.scope;
  if (scope !== null) params.push(`scope="${scope}"`);
  if (o.error !== undefined) params.push(`error="${o.error}"`);
  return `Bearer ${params.join(',')}`;
}

function accessDetail(scope: string | null): unknown {
  if (scope === null) return undefined;
  const out: { Type: string; Name: string; Action: string }[] = [];
  for (const s of scope.split(' ')) {
    const first = s.indexOf(':');
    const last = s.lastIndexOf(':');
    if (first < 0 || last <= first) continue;
    for (const action of s.slice(last + 1).split(',')) out.push({ Type: s.slice(0, first), Name: s.slice(first + 1, last), Action: action });
  }
  return out.length ? out : undefined;
}

/** One request answered 401 with WWW-Authenticate and an UNAUTHORIZED error body. */
function challenge(o: ChallengeOptions = {}): HarEntry[] {
  const repo = repoOf(o);
  const defaultScope = `repository:${repo}:pull`;
  const scope = o.scope === undefined ? defaultScope : o.scope;
  const spec: ExchangeSpec = {
    method: o.method ?? 'GET',
    url: o.url ?? `/v2/${repo}/manifests/latest`,
    status: 401,
    resHeaders: { 'WWW-Authenticate': wwwAuthenticate(o, defaultScope) },
    resBody: errorBody('UNAUTHORIZED', undefined, o.scheme === 'Basic' ? undefined : accessDetail(scope)),
  };
  if (o.reqBody !== undefined) spec.reqBody = o.reqBody;
  return [registryExchange(o, 'base', spec)];
}

export interface TokenOptions {
  /** Token endpoint (default AUTH_REALM). */
  realm?: string;
  /** Default AUTH_SERVICE; `null` leaves it out. */
  service?: string | null;
  /** One or more scopes (GET repeats `scope=`, POST space-joins them); default `repository:library/hello:pull`;
   *  `null` or [] sends none. */
  scope?: string | readonly string[] | null;
  /** Default 'GET'. */
  method?: 'GET' | 'POST';
  /** `token` field (GET only); default DEFAULT_TOKEN; `null` omits it. */
  token?: string | null;
  /** `access_token` field; default = token; `null` omits it. */
  accessToken?: string | null;
  /** `expires_in` seconds, default 300; `null` omits it. */
  expiresIn?: number | null;
  /** `issued_at`, default BASE_TIME; `null` omits it. */
  issuedAt?: string | null;
  /** Default 200; other statuses answer with an UNAUTHORIZED/DENIED error body. */
  status?: number;
  /** GET: send `Authorization: Basic base64(username:password)`. */
  withBasicAuth?: boolean;
  username?: string;
  password?: string;
  /** POST grant type, default 'password' (sends username/password); 'refresh_token' sends refreshToken. */
  grantType?: 'password' | 'refresh_token';
  refreshToken?: string;
  /** GET: `offline_token=true`; POST: `access_type=offline`. Either way the response gets `refresh_token`. */
  offline?: boolean;
  /** GET: `client_id` param when set; POST: default 'test-client'. */
  clientId?: string;
  userAgent?: string | null;
  reqHeaders?: HeaderSpec;
  resHeaders?: HeaderSpec;
  /** Replaces the whole JSON response body. */
  resBody?: ResponseBody;
  startedDateTime?: string;
}

/** Token-server exchange: GET <realm>?service=…&scope=…(repeated) → 200 {token, access_token, expires_in, issued_at};
 *  or the OAuth2 POST (form-urlencoded) → 200 {access_token, scope, expires_in, issued_at}. */
function token(o: TokenOptions = {}): HarEntry[] {
  const realm = o.realm ?? AUTH_REALM;
  const service = o.service === undefined ? AUTH_SERVICE : o.service;
  const scopes = o.scope === null ? [] : typeof o.scope === 'string' ? [o.scope] : [...(o.scope ?? [`repository:${DEFAULT_REPO}:pull`])];
  const tok = o.token === undefined ? DEFAULT_TOKEN : o.token;
  const access = o.accessToken === undefined ? tok ?? DEFAULT_TOKEN : o.accessToken;
  const expiresIn = o.expiresIn === undefined ? 300 : o.expiresIn;
  const issuedAt = o.issuedAt === undefined ? BASE_TIME : o.issuedAt;
  const status = o.status ?? 200;
  const method = o.method ?? 'GET';
  const refresh = o.refreshToken ?? 'test-refresh-token';

  const body: Record<string, unknown> = {};
  const spec: ExchangeSpec = { method, url: realm, status, resHeaders: { ...o.resHeaders } };
  const reqHeaders: HeaderSpec = {};
  if (method === 'GET') {
    const q = new URLSearchParams();
    if (service !== null) q.append('service', service);
    for (const s of scopes) q.append('scope', s);
    if (o.offline) q.append('offline_token', 'true');
    if (o.clientId !== undefined) q.append('client_id', o.clientId);
    const qs = q.toString();
    spec.url = qs ? appendRaw(realm, qs) : realm;
    if (tok !== null) body.token = tok;
    if (access !== null) body.access_token = access;
  } else {
    const f = new URLSearchParams();
    f.append('grant_type', o.grantType ?? 'password');
    if (service !== null) f.append('service', service);
    f.append('client_id', o.clientId ?? 'test-client');
    if (o.offline) f.append('access_type', 'offline');
    if (scopes.length) f.append('scope', scopes.join(' '));
    if ((o.grantType ?? 'password') === 'password') {
      f.append('username', o.username ?? 'testuser');
      f.append('password', o.password ?? 'testpass');
    } else {
      f.append('refresh_token', refresh);
    }
    spec.reqBody = f.toString();
    reqHeaders['Content-Type'] = MT.form;
    if (access !== null) body.access_token = access;
    body.scope = scopes.join(' ');
  }
  if (o.withBasicAuth) {
    reqHeaders.Authorization = `Basic ${Buffer.from(`${o.username ?? 'testuser'}:${o.password ?? 'testpass'}`).toString('base64')}`;
  }
  if (expiresIn !== null) body.expires_in = expiresIn;
  if (issuedAt !== null) body.issued_at = issuedAt;
  if (o.offline) body.refresh_token = refresh;

  spec.reqHeaders = { ...reqHeaders, ...o.reqHeaders };
  spec.resBody = o.resBody ?? (status === 200 ? jsonBytes(body) : errorBody(status === 403 ? 'DENIED' : 'UNAUTHORIZED'));
  spec.mimeType = MT.json;
  if (o.userAgent !== undefined) spec.userAgent = o.userAgent;
  if (o.startedDateTime !== undefined) spec.startedDateTime = o.startedDateTime;
  return [exchange(spec)];
}

function appendRaw(url: string, query: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

export interface BearerFlowOptions {
  realm?: string;
  service?: string | null;
  /** Scope(s) in the challenge and the token request; default inferred from the first request's repository and the
   *  methods used (GET/HEAD → pull, POST/PUT/PATCH → pull,push, DELETE → delete). */
  scope?: string | readonly string[];
  /** Default DEFAULT_TOKEN. */
  token?: string;
  /** Token request method, default 'GET'. */
  tokenMethod?: 'GET' | 'POST';
  /** Any other token() options. */
  tokenOptions?: Omit<TokenOptions, 'realm' | 'service' | 'scope' | 'token' | 'method'>;
  /** Overrides for the 401 challenge entry. */
  challengeOptions?: Omit<ChallengeOptions, 'method' | 'url' | 'realm' | 'service' | 'scope'>;
}

function inferScope(entries: readonly HarEntry[], origin: string): string {
  const first = entries[0];
  const m = first ? /^\/v2\/(.+?)\/(?:manifests|blobs|tags|referrers)\//.exec(new URL(first.request.url).pathname) : null;
  if (!m) return 'registry:catalog:*';
  const actions = new Set<string>();
  for (const e of entries) {
    if (new URL(e.request.url).origin !== origin) continue;
    const method = e.request.method;
    if (method === 'GET' || method === 'HEAD') actions.add('pull');
    else if (method === 'DELETE') actions.add('delete');
    else { actions.add('pull'); actions.add('push'); }
  }
  const ordered = ['pull', 'push', 'delete'].filter((a) => actions.has(a));
  return `repository:${m[1]}:${(ordered.length ? ordered : ['pull']).join(',')}`;
}

/**
 * Wraps already-built registry traffic in token auth: the first request is answered 401 (Bearer challenge), a token
 * request follows, then every entry is replayed with `Authorization: Bearer <token>` — only on requests to the
 * first request's origin (storage redirects stay unauthenticated).
 */
function bearerFlow(entries: HarEntry | readonly HarEntry[], o: BearerFlowOptions = {}): HarEntry[] {
  const list: readonly HarEntry[] = Array.isArray(entries) ? entries : [entries as HarEntry];
  const first = list[0];
  if (!first) throw new Error('bearerFlow: needs at least one entry');
  const origin = new URL(first.request.url).origin;
  const scopes = o.scope === undefined ? [inferScope(list, origin)] : typeof o.scope === 'string' ? [o.scope] : [...o.scope];
  const tok = o.token ?? DEFAULT_TOKEN;
  const challengeEntry = challenge({
    ...o.challengeOptions,
    method: first.request.method,
    url: first.request.url,
    scope: scopes.join(' '),
    ...(o.realm !== undefined ? { realm: o.realm } : {}),
    ...(o.service !== undefined ? { service: o.service } : {}),
  })[0]!;
  const challenged = structuredClone(first);
  challenged.request.headers = challenged.request.headers.filter((h) => h.name.toLowerCase() !== 'authorization');
  challenged.request.headersSize = headersBlockSize(`${challenged.request.method} ${requestTarget(challenged.request.url)} ${challenged.request.httpVersion}`, challenged.request.headers);
  challenged.response = challengeEntry.response;
  const tokenEntries = token({
    ...o.tokenOptions,
    scope: scopes,
    token: tok,
    method: o.tokenMethod ?? 'GET',
    ...(o.realm !== undefined ? { realm: o.realm } : {}),
    ...(o.service !== undefined ? { service: o.service } : {}),
  });
  const authed = list.map((e) => (new URL(e.request.url).origin === origin ? edit(e, { reqHeaders: { Authorization: `Bearer ${tok}` } }) : e));
  return [challenged, ...tokenEntries, ...authed];
}

export interface PullManifestOptions extends Opts {
  /** Tag or digest (default 'latest'). */
  ref?: string;
  /** Object (serialized compactly) or exact string bytes; default DEFAULT_MANIFEST. */
  manifest?: object | string;
  /** Response Content-Type (default: the body's mediaType field, else MT.manifest); `null` omits it. */
  mediaType?: string | null;
  /** Accept header (default DEFAULT_ACCEPT); `null` omits it. */
  accept?: string | null;
  head?: boolean;
  omitDigestHeader?: boolean;
  /** Docker-Content-Digest value (default: sha256 of the exact bytes). */
  digest?: string;
  status?: number;
}

/** GET/HEAD /v2/<repo>/manifests/<ref> → 200 with Content-Type, Docker-Content-Digest, Content-Length (HEAD: no body).
 *  Metadata: `digest`, `bytes`. */
function pullManifest(o: PullManifestOptions = {}): WithMeta<{ digest: string; bytes: string }> {
  const repo = repoOf(o);
  const bytes = o.manifest === undefined ? DEFAULT_MANIFEST : typeof o.manifest === 'string' ? o.manifest : jsonBytes(o.manifest);
  const digest = sha256Digest(bytes);
  const status = o.status ?? 200;
  const mediaType = o.mediaType === undefined ? mediaTypeIn(bytes) ?? MT.manifest : o.mediaType;
  const ok = status >= 200 && status < 300;
  const spec: ExchangeSpec = {
    method: o.head ? 'HEAD' : 'GET',
    url: `/v2/${repo}/manifests/${o.ref ?? 'latest'}`,
    status,
    reqHeaders: { Accept: o.accept === undefined ? DEFAULT_ACCEPT : o.accept },
  };
  if (ok) {
    spec.resBody = bytes;
    spec.resHeaders = {
      'Content-Type': mediaType,
      'Docker-Content-Digest': o.omitDigestHeader ? null : o.digest ?? digest,
    };
    if (mediaType !== null) spec.mimeType = mediaType;
  }
  return withMeta([registryExchange(o, 'manifest', spec)], { digest, bytes });
}

export interface PullBlobOptions extends Opts {
  /** Blob bytes (default DEFAULT_LAYER). */
  content?: string | Uint8Array;
  /** Digest in the URL (default: sha256 of content). */
  digest?: string;
  /** Answer 307 with this storage URL (`true` = `${STORAGE}/blobs/<hex>?X-Amz-Signature=test`), then GET it. */
  redirectTo?: string | boolean;
  /** Default 307. */
  redirectStatus?: number;
  head?: boolean;
  omitDigestHeader?: boolean;
  status?: number;
  /** Overrides for the storage hop (e.g. `reqHeaders: {Authorization: …}` to leak credentials). */
  storage?: { reqHeaders?: HeaderSpec; resHeaders?: HeaderSpec; status?: number };
}

/** GET /v2/<repo>/blobs/<digest> → 200 body (base64 for binary) + Docker-Content-Digest; with `redirectTo`:
 *  307 Location → GET <storage> 200 (no Authorization). Tweaks apply to the registry exchange. Metadata: `digest`. */
function pullBlob(o: PullBlobOptions = {}): WithMeta<{ digest: string }> {
  const repo = repoOf(o);
  const content = o.content ?? DEFAULT_LAYER;
  const actual = sha256Digest(content);
  const digest = o.digest ?? actual;
  const method = o.head ? 'HEAD' : 'GET';
  const url = `/v2/${repo}/blobs/${digest}`;
  const digestHeader = o.omitDigestHeader ? null : actual;
  if (o.redirectTo) {
    const target = typeof o.redirectTo === 'string' ? o.redirectTo : `${STORAGE}/blobs/${actual.slice('sha256:'.length)}?X-Amz-Signature=test`;
    const first = registryExchange(o, 'blob', {
      method,
      url,
      status: o.redirectStatus ?? 307,
      resHeaders: { Location: target, 'Docker-Content-Digest': digestHeader },
    });
    const spec: ExchangeSpec = {
      method,
      url: absoluteUrl(target, registryOf(o)),
      status: o.storage?.status ?? 200,
      resBody: content,
      mimeType: MT.octet,
      resHeaders: { ETag: `"${actual.slice(7, 39)}"`, ...o.storage?.resHeaders },
    };
    if (o.storage?.reqHeaders) spec.reqHeaders = o.storage.reqHeaders;
    if (o.userAgent !== undefined) spec.userAgent = o.userAgent;
    if (o.httpVersion !== undefined) spec.httpVersion = o.httpVersion;
    return withMeta([first, exchange(spec)], { digest });
  }
  const status = o.status ?? 200;
  const spec: ExchangeSpec = { method, url, status };
  if (status >= 200 && status < 300) {
    spec.resBody = content;
    spec.mimeType = MT.octet;
    spec.resHeaders = { 'Docker-Content-Digest': digestHeader };
  }
  return withMeta([registryExchange(o, 'blob', spec)], { digest });
}

export interface HeadBlobOptions extends Opts {
  /** Default: sha256 of content. */
  digest?: string;
  /** Content-Length on a 200 (default: content length). */
  size?: number;
  /** Default DEFAULT_LAYER; used for digest and size. */
  content?: string | Uint8Array;
  /** Default true; false → 404. */
  exists?: boolean;
  status?: number;
}

/** HEAD /v2/<repo>/blobs/<digest> → 200 (Content-Length, Docker-Content-Digest, no body) or 404. */
function headBlob(o: HeadBlobOptions = {}): HarEntry[] {
  const content = toBytes(o.content ?? DEFAULT_LAYER);
  const digest = o.digest ?? sha256Digest(content);
  const exists = o.exists ?? true;
  const status = o.status ?? (exists ? 200 : 404);
  const spec: ExchangeSpec = { method: 'HEAD', url: `/v2/${repoOf(o)}/blobs/${digest}`, status };
  if (status >= 200 && status < 300) {
    spec.resHeaders = { 'Content-Type': MT.octet, 'Content-Length': String(o.size ?? content.length), 'Docker-Content-Digest': digest };
  }
  return [registryExchange(o, 'blob', spec)];
}

export interface StartUploadOptions extends Opts {
  /** Session id (default: derived from repo). */
  uuid?: string;
  /** Response Location (default `/v2/<repo>/blobs/uploads/<uuid>?_state=…`); `null` removes it. */
  location?: string | null;
  /** Make the default Location absolute. */
  absoluteLocation?: boolean;
  /** Default 202. */
  status?: number;
  /** Adds `OCI-Chunk-Min-Length`. */
  chunkMinLength?: number;
}

/** POST /v2/<repo>/blobs/uploads/ (Content-Length: 0) → 202 Location, Range: 0-0, Docker-Upload-UUID.
 *  Metadata: `location` (null when removed or on an error status). */
function startUpload(o: StartUploadOptions = {}): WithMeta<{ location: string | null }> {
  const repo = repoOf(o);
  const uuid = o.uuid ?? deterministicUuid(`upload\n${repo}`);
  const status = o.status ?? 202;
  const location = o.location === undefined
    ? uploadLocation(repo, uuid, 0, o.absoluteLocation ? registryOf(o) : undefined)
    : o.location;
  const spec: ExchangeSpec = { method: 'POST', url: `/v2/${repo}/blobs/uploads/`, status };
  const ok = status === 202;
  if (ok) {
    spec.resHeaders = {
      Location: location,
      Range: '0-0',
      'Docker-Upload-UUID': uuid,
      'OCI-Chunk-Min-Length': o.chunkMinLength === undefined ? undefined : String(o.chunkMinLength),
    };
  }
  return withMeta([registryExchange(o, 'upload', spec)], { location: ok ? location : null });
}

export interface PatchChunkOptions extends Opts {
  /** Upload URL to PATCH (default: `startUpload()`'s default Location). */
  location?: string;
  /** Chunk bytes (default DEFAULT_LAYER). */
  data?: string | Uint8Array;
  /** Offset of the chunk's first byte (default 0). */
  start?: number;
  /** Request Content-Range (default `<start>-<start+len-1>`); `null` removes it. */
  contentRange?: string | null;
  /** Response Location (default: same URL, `_state` rotated); `null` removes it. */
  responseLocation?: string | null;
  /** Response Range (default `0-<start+len-1>`); `null` removes it. */
  range?: string | null;
  /** Docker "streamed" style: no Content-Range, no Content-Length, `Transfer-Encoding: chunked`. */
  streamed?: boolean;
  /** Default 202. */
  status?: number;
}

/** PATCH <location> (octet-stream, Content-Range inclusive, Content-Length) → 202 Location + Range 0-<end>.
 *  Metadata: `location` (the response Location). */
function patchChunk(o: PatchChunkOptions = {}): WithMeta<{ location: string | null }> {
  const location = o.location ?? defaultUploadLocation(repoOf(o));
  const data = toBytes(o.data ?? DEFAULT_LAYER);
  const start = o.start ?? 0;
  const end = start + data.length - 1;
  const status = o.status ?? 202;
  const responseLocation = o.responseLocation === undefined ? nextLocation(location, end + 1) : o.responseLocation;
  const reqHeaders: HeaderSpec = o.streamed
    ? { 'Content-Type': MT.octet, 'Content-Length': null, 'Transfer-Encoding': 'chunked' }
    : { 'Content-Type': MT.octet, 'Content-Range': o.contentRange === undefined ? `${start}-${end}` : o.contentRange };
  if (o.streamed && o.contentRange) reqHeaders['Content-Range'] = o.contentRange;
  const spec: ExchangeSpec = { method: 'PATCH', url: location, status, reqBody: data, reqHeaders };
  const ok = status === 202;
  if (ok) {
    spec.resHeaders = {
      Location: responseLocation,
      Range: o.range === undefined ? `0-${Math.max(end, 0)}` : o.range,
      'Docker-Upload-UUID': uuidOf(location),
    };
  }
  return withMeta([registryExchange(o, 'upload', spec)], { location: ok ? responseLocation : null });
}

export interface FinishUploadOptions extends Opts {
  /** Upload URL (default: `startUpload()`'s default Location); `digest=` is appended keeping its query. */
  location?: string;
  /** Digest of the whole blob (default: sha256 of data, or of DEFAULT_LAYER when no data). */
  digest?: string;
  /** Final chunk or whole blob; none → empty body with Content-Length: 0. */
  data?: string | Uint8Array;
  /** Adds a Content-Range request header (for a final chunk). */
  contentRange?: string;
  /** Response Location (default `/v2/<repo>/blobs/<digest>`); `null` removes it. */
  responseLocation?: string | null;
  /** Default 201. */
  status?: number;
}

/** PUT <location>&digest=<d> (octet-stream) → 201 Location /v2/<repo>/blobs/<d> + Docker-Content-Digest. */
function finishUpload(o: FinishUploadOptions = {}): WithMeta<{ digest: string }> {
  const repo = repoOf(o);
  const location = o.location ?? defaultUploadLocation(repo);
  const digest = o.digest ?? sha256Digest(o.data ?? DEFAULT_LAYER);
  const status = o.status ?? 201;
  const spec: ExchangeSpec = {
    method: 'PUT',
    url: appendQuery(location, 'digest', digest),
    status,
    reqHeaders: { 'Content-Type': MT.octet, 'Content-Range': o.contentRange },
  };
  if (o.data !== undefined) spec.reqBody = o.data;
  if (status === 201) {
    spec.resHeaders = {
      Location: o.responseLocation === undefined ? `/v2/${repo}/blobs/${digest}` : o.responseLocation,
      'Docker-Content-Digest': digest,
    };
  }
  return withMeta([registryExchange(o, status === 400 ? 'blob' : 'upload', spec)], { digest });
}

export type UploadStyle = 'monolithic' | 'chunked' | 'single-post' | 'streamed';

export interface PushBlobOptions extends CommonOptions {
  /** Blob bytes (default DEFAULT_LAYER). */
  data?: string | Uint8Array;
  /** Default 'monolithic'. */
  style?: UploadStyle;
  /** Chunk size for 'chunked' (default: half the blob, rounded up → 2 PATCHes). */
  chunkSize?: number;
  /** Advertised on the POST response. */
  chunkMinLength?: number;
  uuid?: string;
  absoluteLocation?: boolean;
}

/**
 * Whole blob upload, each request going to the latest response Location (with `_state` rotating):
 * monolithic = POST (Content-Length: 0) → PUT ?digest with the body; chunked = POST → PATCH* → PUT (empty);
 * streamed = POST → PATCH (no Content-Range) → PUT (empty); single-post = POST ?digest= with the body → 201.
 * Metadata: `digest`, `size`.
 */
function pushBlob(o: PushBlobOptions = {}): WithMeta<{ digest: string; size: number }> {
  const repo = repoOf(o);
  const data = toBytes(o.data ?? DEFAULT_LAYER);
  const digest = sha256Digest(data);
  const c = common(o);
  const style = o.style ?? 'monolithic';
  const meta = { digest, size: data.length };
  if (style === 'single-post') {
    const e = registryExchange(c, 'upload', {
      method: 'POST',
      url: appendQuery(`/v2/${repo}/blobs/uploads/`, 'digest', digest),
      status: 201,
      reqBody: data,
      reqHeaders: { 'Content-Type': MT.octet },
      resHeaders: { Location: `/v2/${repo}/blobs/${digest}`, 'Docker-Content-Digest': digest },
    });
    return withMeta([e], meta);
  }
  const startOpts: StartUploadOptions = { ...c, uuid: o.uuid ?? deterministicUuid(`upload\n${repo}\n${digest}`) };
  if (o.chunkMinLength !== undefined) startOpts.chunkMinLength = o.chunkMinLength;
  if (o.absoluteLocation !== undefined) startOpts.absoluteLocation = o.absoluteLocation;
  const entries: HarEntry[] = [...startUpload(startOpts)];
  let location = locationOf(entries[0]!)!;
  if (style === 'monolithic') {
    entries.push(...finishUpload({ ...c, location, data, digest }));
    return withMeta(entries, meta);
  }
  if (style === 'streamed') {
    const p = patchChunk({ ...c, location, data, streamed: true });
    entries.push(...p);
    location = p.location!;
  } else {
    const size = Math.max(1, o.chunkSize ?? Math.ceil(data.length / 2));
    for (let start = 0; start < data.length; start += size) {
      const p = patchChunk({ ...c, location, data: data.subarray(start, start + size), start });
      entries.push(...p);
      location = p.location!;
    }
  }
  entries.push(...finishUpload({ ...c, location, digest }));
  return withMeta(entries, meta);
}

export interface MountOptions extends Opts {
  /** Source repository (default 'library/base'); `null` leaves `from` out. */
  from?: string | null;
  /** Default: digest of DEFAULT_LAYER. */
  digest?: string;
  /** 201 mounted (default) or 202 (fallback to an upload session). */
  status?: number;
  uuid?: string;
}

/** POST /v2/<repo>/blobs/uploads/?mount=<d>&from=<repo> → 201 Location /v2/<repo>/blobs/<d> + Docker-Content-Digest,
 *  or 202 with an upload session. Metadata: `digest`, `location`. */
function mount(o: MountOptions = {}): WithMeta<{ digest: string; location: string | null }> {
  const repo = repoOf(o);
  const digest = o.digest ?? sha256Digest(DEFAULT_LAYER);
  const from = o.from === undefined ? 'library/base' : o.from;
  const status = o.status ?? 201;
  let url = appendQuery(`/v2/${repo}/blobs/uploads/`, 'mount', digest);
  if (from !== null) url = appendQuery(url, 'from', from);
  const spec: ExchangeSpec = { method: 'POST', url, status };
  let location: string | null = null;
  if (status === 201) {
    location = `/v2/${repo}/blobs/${digest}`;
    spec.resHeaders = { Location: location, 'Docker-Content-Digest': digest };
  } else if (status === 202) {
    const uuid = o.uuid ?? deterministicUuid(`upload\n${repo}\n${digest}`);
    location = uploadLocation(repo, uuid, 0);
    spec.resHeaders = { Location: location, Range: '0-0', 'Docker-Upload-UUID': uuid };
  }
  return withMeta([registryExchange(o, 'upload', spec)], { digest, location });
}

export interface PushManifestOptions extends Opts {
  /** Tag or digest (default 'latest'). */
  ref?: string;
  /** Object (serialized compactly) or exact string; default `ociManifest({subject})`. */
  manifest?: object | string;
  /** Default: the body's mediaType field, else MT.manifest. */
  mediaType?: string;
  /** Request Content-Type (default mediaType); `null` removes it. */
  contentType?: string | null;
  /** Subject for the default manifest (makes it a referrer). */
  subject?: Descriptor;
  /** OCI-Subject response header: default = the body's subject digest when it has one; false omits; string sets. */
  ociSubject?: boolean | string;
  /** Docker-Content-Digest (default: sha256 of the bytes); `null` removes it. */
  digest?: string | null;
  /** Default 201. */
  status?: number;
}

/** PUT /v2/<repo>/manifests/<ref> (Content-Type = mediaType) → 201 Location /v2/<repo>/manifests/<digest> +
 *  Docker-Content-Digest (+ OCI-Subject). Metadata: `digest`, `bytes`. */
function pushManifest(o: PushManifestOptions = {}): WithMeta<{ digest: string; bytes: string }> {
  const repo = repoOf(o);
  const bytes = o.manifest === undefined
    ? jsonBytes(ociManifest(o.subject ? { subject: o.subject } : {}))
    : typeof o.manifest === 'string' ? o.manifest : jsonBytes(o.manifest);
  const digest = sha256Digest(bytes);
  const mediaType = o.mediaType ?? mediaTypeIn(bytes) ?? MT.manifest;
  const status = o.status ?? 201;
  const subject = subjectIn(bytes);
  const spec: ExchangeSpec = {
    method: 'PUT',
    url: `/v2/${repo}/manifests/${o.ref ?? 'latest'}`,
    status,
    reqBody: bytes,
    reqHeaders: { 'Content-Type': o.contentType === undefined ? mediaType : o.contentType },
  };
  if (o.contentType !== null) spec.reqMimeType = o.contentType ?? mediaType;
  if (status === 201) {
    const ociSubject = typeof o.ociSubject === 'string' ? o.ociSubject : o.ociSubject === false ? undefined : subject;
    spec.resHeaders = {
      Location: `/v2/${repo}/manifests/${digest}`,
      'Docker-Content-Digest': o.digest === undefined ? digest : o.digest,
      'OCI-Subject': ociSubject,
    };
  }
  return withMeta([registryExchange(o, 'manifest', spec)], { digest, bytes });
}

export interface PushImageOptions extends CommonOptions {
  /** Default 'latest'. */
  tag?: string;
  /** Layer bytes (default [DEFAULT_LAYER]). */
  layers?: readonly (string | Uint8Array)[];
  /** Config bytes or object (default `imageConfig(layers)`). */
  config?: string | Uint8Array | object;
  layerMediaType?: string;
  configMediaType?: string;
  /** Blob upload style (default 'monolithic'). */
  style?: UploadStyle;
  chunkSize?: number;
  /** HEAD each blob first and get 404 (default true). */
  checkExists?: boolean;
  subject?: Descriptor;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export interface PushImageMeta {
  manifestDigest: string;
  manifest: OciManifest;
  /** Exact manifest bytes pushed. */
  manifestBytes: string;
  config: Descriptor;
  layers: Descriptor[];
}

/** For each layer then the config: HEAD 404 → upload; then PUT the manifest by tag. With all defaults the manifest
 *  is DEFAULT_MANIFEST, so `pullManifest()`/`pullBlob()` defaults match it. Metadata: PushImageMeta. */
function pushImage(o: PushImageOptions = {}): WithMeta<PushImageMeta> {
  const c = common(o);
  const layerBytes = o.layers ?? [DEFAULT_LAYER];
  const configBytes = o.config === undefined ? imageConfig(layerBytes) : bodyBytes(o.config);
  const layers = layerBytes.map((l) => descriptor(l, o.layerMediaType ?? MT.layer));
  const config = descriptor(configBytes, o.configMediaType ?? MT.config);
  const entries: HarEntry[] = [];
  for (const blob of [...layerBytes, configBytes]) {
    if (o.checkExists ?? true) entries.push(...headBlob({ ...c, content: blob, exists: false }));
    const pb: PushBlobOptions = { ...c, data: blob };
    if (o.style !== undefined) pb.style = o.style;
    if (o.chunkSize !== undefined) pb.chunkSize = o.chunkSize;
    entries.push(...pushBlob(pb));
  }
  const mo: OciManifestOptions = { config, layers };
  if (o.subject !== undefined) mo.subject = o.subject;
  if (o.artifactType !== undefined) mo.artifactType = o.artifactType;
  if (o.annotations !== undefined) mo.annotations = o.annotations;
  const manifest = ociManifest(mo);
  const pm = pushManifest({ ...c, ref: o.tag ?? 'latest', manifest });
  entries.push(...pm);
  return withMeta(entries, { manifestDigest: pm.digest, manifest, manifestBytes: pm.bytes, config, layers });
}

export interface ListTagsOptions extends Opts {
  /** Tags in the body, verbatim (default ['latest']). */
  tags?: string[];
  n?: number;
  last?: string;
  /** `true` → `</v2/<repo>/tags/list?n=<n>&last=<last tag>>; rel="next"`; string → verbatim. */
  link?: boolean | string;
  /** `name` in the body (default repo). */
  name?: string;
  status?: number;
}

/** GET /v2/<repo>/tags/list[?n=&last=] → 200 {"name","tags"}. */
function listTags(o: ListTagsOptions = {}): HarEntry[] {
  const repo = repoOf(o);
  const tags = o.tags ?? ['latest'];
  let url = `/v2/${repo}/tags/list`;
  if (o.n !== undefined) url = appendQuery(url, 'n', String(o.n));
  if (o.last !== undefined) url = appendQuery(url, 'last', o.last);
  const status = o.status ?? 200;
  const spec: ExchangeSpec = { url, status };
  if (status === 200) {
    spec.resBody = jsonBytes({ name: o.name ?? repo, tags });
    spec.mimeType = MT.json;
    if (o.link) {
      const lastTag = tags[tags.length - 1] ?? '';
      const next = appendQuery(appendQuery(`/v2/${repo}/tags/list`, 'n', String(o.n ?? tags.length)), 'last', lastTag);
      spec.resHeaders = { Link: typeof o.link === 'string' ? o.link : `<${next}>; rel="next"` };
    }
  }
  return [registryExchange(o, 'tags', spec)];
}

export interface ListReferrersOptions extends Opts {
  /** Subject digest in the URL (default DEFAULT_MANIFEST_DIGEST). */
  subject?: string;
  /** Descriptors in the returned index (default []). */
  manifests?: Descriptor[];
  /** `?artifactType=` filter. */
  artifactType?: string;
  /** OCI-Filters-Applied: default 'artifactType' when filtering; false/null omits; string sets. */
  filtersApplied?: boolean | string | null;
  /** Link header (verbatim). */
  link?: string;
  /** Response Content-Type (default MT.index); `null` removes it. */
  contentType?: string | null;
  status?: number;
}

/** GET /v2/<repo>/referrers/<digest>[?artifactType=] → 200 image index (Content-Type index). */
function listReferrers(o: ListReferrersOptions = {}): HarEntry[] {
  const repo = repoOf(o);
  let url = `/v2/${repo}/referrers/${o.subject ?? DEFAULT_MANIFEST_DIGEST}`;
  if (o.artifactType !== undefined) url = appendQuery(url, 'artifactType', o.artifactType);
  const status = o.status ?? 200;
  const spec: ExchangeSpec = { url, status };
  if (status === 200) {
    const manifests = o.manifests ?? [];
    const filtersApplied = typeof o.filtersApplied === 'string'
      ? o.filtersApplied
      : o.filtersApplied === false || o.filtersApplied === null
        ? null
        : o.artifactType !== undefined || o.filtersApplied === true ? 'artifactType' : null;
    spec.resBody = jsonBytes(ociIndex({ manifests }));
    const contentType = o.contentType === undefined ? MT.index : o.contentType;
    if (contentType !== null) spec.mimeType = contentType;
    spec.resHeaders = { 'Content-Type': contentType, 'OCI-Filters-Applied': filtersApplied, Link: o.link };
  }
  return [registryExchange(o, 'referrers', spec)];
}

export interface DeleteManifestOptions extends Opts {
  /** Tag or digest (default DEFAULT_MANIFEST_DIGEST). */
  ref?: string;
  /** Default 202. */
  status?: number;
}

/** DELETE /v2/<repo>/manifests/<ref> → 202. */
function deleteManifest(o: DeleteManifestOptions = {}): HarEntry[] {
  return [registryExchange(o, 'manifest', { method: 'DELETE', url: `/v2/${repoOf(o)}/manifests/${o.ref ?? DEFAULT_MANIFEST_DIGEST}`, status: o.status ?? 202 })];
}

export interface DeleteBlobOptions extends Opts {
  /** Default: digest of DEFAULT_LAYER. */
  digest?: string;
  /** Default 202. */
  status?: number;
}

/** DELETE /v2/<repo>/blobs/<digest> → 202. */
function deleteBlob(o: DeleteBlobOptions = {}): HarEntry[] {
  return [registryExchange(o, 'blob', { method: 'DELETE', url: `/v2/${repoOf(o)}/blobs/${o.digest ?? sha256Digest(DEFAULT_LAYER)}`, status: o.status ?? 202 })];
}

export interface CancelUploadOptions extends Opts {
  /** Default: `startUpload()`'s default Location. */
  location?: string;
  /** Default 204. */
  status?: number;
}

/** DELETE <upload location> (Content-Length: 0) → 204. */
function cancelUpload(o: CancelUploadOptions = {}): HarEntry[] {
  return [registryExchange(o, 'upload', {
    method: 'DELETE',
    url: o.location ?? defaultUploadLocation(repoOf(o)),
    status: o.status ?? 204,
    reqHeaders: { 'Content-Length': '0' },
  })];
}

export interface UploadStatusOptions extends Opts {
  /** Default: `startUpload()`'s default Location. */
  location?: string;
  /** Bytes received so far (default 0) → Range `0-<offset-1>` (`0-0` when nothing yet). */
  offset?: number;
  /** Response Range override; `null` removes it. */
  range?: string | null;
  /** Response Location (default: same URL, `_state` rotated); `null` removes it. */
  responseLocation?: string | null;
  /** Default 204. */
  status?: number;
}

/** GET <upload location> → 204 Location + Range 0-<end> + Docker-Upload-UUID. Metadata: `location`. */
function uploadStatus(o: UploadStatusOptions = {}): WithMeta<{ location: string | null }> {
  const location = o.location ?? defaultUploadLocation(repoOf(o));
  const offset = o.offset ?? 0;
  const status = o.status ?? 204;
  const responseLocation = o.responseLocation === undefined ? nextLocation(location, offset) : o.responseLocation;
  const spec: ExchangeSpec = { url: location, status };
  if (status === 204) {
    spec.resHeaders = {
      Location: responseLocation,
      Range: o.range === undefined ? `0-${Math.max(offset - 1, 0)}` : o.range,
      'Docker-Upload-UUID': uuidOf(location),
    };
  }
  return withMeta([registryExchange(o, 'upload', spec)], { location: status === 204 ? responseLocation : null });
}

/** `bearerFlow(pullManifest(pull), flow)`: GET manifest → 401 → token → GET with Bearer. */
function authedPull(pull: PullManifestOptions = {}, flow: BearerFlowOptions = {}): HarEntry[] {
  return bearerFlow(pullManifest(pull), flow);
}

/** OCI scenario builders; each returns a fresh array of entries (some with metadata properties). */
export const oci = {
  ping,
  challenge,
  token,
  bearerFlow,
  authedPull,
  pullManifest,
  pullBlob,
  headBlob,
  startUpload,
  patchChunk,
  finishUpload,
  pushBlob,
  mount,
  pushManifest,
  pushImage,
  listTags,
  listReferrers,
  deleteManifest,
  deleteBlob,
  cancelUpload,
  uploadStatus,
};

// ---------------------------------------------------------------------------------------------------------------
// Damaging captures: what capture tools and networks do to otherwise compliant entries

/** Copy of `entries` where entry `index`'s request body text is replaced (or dropped when undefined). */
export function withRequestText(entries: readonly HarEntry[], index: number, text: string | undefined): HarEntry[] {
  return entries.map((e, i) => {
    if (i !== index) return e;
    const copy = structuredClone(e);
    const postData = copy.request.postData!;
    delete postData.encoding;
    if (text === undefined) delete postData.text;
    else postData.text = text;
    return copy;
  });
}

/** The exchange never got a response (connection reset): status 0, as browsers record it. */
export function withoutResponse(entry: HarEntry): HarEntry {
  const copy = structuredClone(entry);
  copy.response = { ...copy.response, status: 0, statusText: '', httpVersion: '', headers: [], content: { size: 0, mimeType: '' }, headersSize: -1, bodySize: -1 };
  return copy;
}

/**
 * Chunked push of the default layer whose second PATCH dies mid-flight; a status GET says the
 * registry kept bytes 0-767 and the client resumes at 768 (spec: "A GET request may be used to
 * retrieve the current valid offset"), then closes.
 */
export function resumedChunkedUpload(): HarEntry[] {
  const [post, first, second] = oci.pushBlob({ style: 'chunked' });
  const status = oci.uploadStatus({ location: locationOf(first!)!, offset: 768 });
  const rest = oci.patchChunk({ location: status.location!, data: DEFAULT_LAYER.subarray(768), start: 768 });
  return [post!, first!, withoutResponse(second!), ...status, ...rest, ...oci.finishUpload({ location: rest.location!, digest: sha256Digest(DEFAULT_LAYER) })];
}
