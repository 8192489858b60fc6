// The only code that knows HAR field names: one parsed log.entries element → Exchange.
import { type Body } from '../model/body.js';
import type { CaptureNote } from '../model/capture.js';
import { parseUserAgent } from '../model/client.js';
import type { Exchange, ExchangeResponse } from '../model/exchange.js';
import { type HeaderLine, HeaderMap } from '../model/headers.js';
import type { SinkResult } from './body-sink.js';
import { type BodyFacts, type BodyText, resolveBody } from './decode.js';
import { PLACEHOLDER_PREFIX } from './scanner.js';
import type { SidecarLookup } from './sidecars.js';
import type { UploadHasher, UploadPlan } from './upload-hash.js';

export interface NormalizeContext {
  /** Position in log.entries. */
  index: number;
  /** Results for the big-string placeholders in this entry. */
  bigs: SinkResult[] | undefined;
  /** log.creator says mitmproxy (its text bodies without charset are Latin-1). */
  mitmproxy: boolean;
  keepLimit: number;
  /** startMs of the previous entry in file order: where an entry with an unparsable time goes. */
  previousStartMs: number;
  /** Running hashes of open upload sessions (chunk reassembly), updated by the reader in file order. */
  uploads?: UploadHasher;
  /** Bodies kept beside the HAR (a Playwright zip's `_file`s). */
  sidecars?: SidecarLookup;
}

export interface Normalized {
  exchange?: Exchange;
  notes: CaptureNote[];
  /** The upload session plan the request body was hashed with (for UploadHasher.after). */
  uploadPlan?: UploadPlan;
}

type Rec = Record<string, unknown>;

const NO_RESPONSE: Body = Object.freeze({ fidelity: 'absent', size: 0, reason: 'no response' }) as Body;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function rec(v: unknown): Rec | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;
}

/** -1, null, missing, NaN → undefined: unknown is never 0. */
function size(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

class EntryNormalizer {
  private readonly notes: CaptureNote[] = [];
  private readonly shape: string[] = [];
  private omitted = 0;

  constructor(private readonly ctx: NormalizeContext) {}

  run(entry: unknown): Normalized {
    const e = rec(entry);
    if (!e) {
      this.note('har-schema', `entry is ${Array.isArray(entry) ? 'an array' : entry === null ? 'null' : `a ${typeof entry}`}, not an object`);
      return { notes: this.notes };
    }
    const { index } = this.ctx;
    const req = rec(e.request) ?? {};
    const res = rec(e.response);

    const method = this.str(req.method) ?? '';
    const rawUrl = this.str(req.url) ?? '';
    let url: URL | undefined;
    try {
      url = new URL(rawUrl);
    } catch {
      this.note('unparsable-url', `URL does not parse: ${JSON.stringify(rawUrl.length > 200 ? `${rawUrl.slice(0, 200)}…` : rawUrl)}`);
    }
    const reqHeaders = this.headers(req.headers, 'request', { method, rawUrl, url });

    const status = typeof res?.status === 'number' ? res.status : Number.NaN;
    const realStatus = Number.isInteger(status) && status >= 100 && status <= 999;
    const failureText = this.firstString(e._error, res?._error, e._failureText, res?._failureText);
    // A producer error next to a real status (Playwright's net::ERR_ABORTED for a body the page
    // never read, an HTTP/2 reset mid-body) still shows what the server answered: the headers
    // are evidence, only the body is in doubt.
    const failed = !res || !realStatus;
    const resHeaders = res ? this.headers(res.headers, 'response', { status: realStatus ? status : undefined }) : new HeaderMap();

    const mitmproxy = this.ctx.mitmproxy;
    const keepLimit = this.ctx.keepLimit;
    const requestFacts = this.requestFacts(req, method, reqHeaders, mitmproxy, keepLimit);
    const uploadPlan = this.ctx.uploads?.planFor(method, url);
    if (uploadPlan) requestFacts.upload = uploadPlan;
    const request = {
      method,
      rawUrl,
      url,
      origin: url?.origin ?? '',
      httpVersion: this.str(req.httpVersion) ?? '',
      headers: reqHeaders,
      body: resolveBody(requestFacts),
    };

    const response: ExchangeResponse = {
      status: realStatus ? status : 0,
      statusText: (res && this.str(res.statusText)) ?? '',
      httpVersion: (res && this.str(res.httpVersion)) ?? '',
      headers: resHeaders,
      body: NO_RESPONSE,
    };
    const content = rec(res?.content);
    if (res && (realStatus || (content && content.text !== undefined && content.text !== null))) {
      response.body = resolveBody(this.responseFacts(res, content ?? {}, method, response.status, resHeaders, mitmproxy, keepLimit));
    }
    if (failureText !== undefined && realStatus && response.body.fidelity === 'exact' && method !== 'HEAD' && status !== 204 && status !== 304) {
      response.body = { ...response.body, fidelity: 'truncated', reason: `the producer reports an error after the response began: ${failureText}` };
    }
    const redirect = this.redirect(res, response.status, resHeaders, url);
    if (redirect !== undefined) response.redirectURL = redirect;

    const startedDateTime = this.str(e.startedDateTime) ?? '';
    const parsed = Date.parse(startedDateTime);
    const exchange: Exchange = {
      index,
      pointer: `/log/entries/${index}`,
      startedDateTime,
      startMs: Number.isNaN(parsed) ? this.ctx.previousStartMs : parsed,
      request,
      response,
      failed,
      client: parseUserAgent(reqHeaders.get('user-agent')),
    };
    const time = size(e.time);
    if (time !== undefined) exchange.timeMs = time;
    if (failed || failureText !== undefined) exchange.failure = failureText ?? (res ? `status ${typeof res.status === 'number' ? res.status : 'missing'}` : 'no response recorded');

    this.bodyNote(request.body, failed && !realStatus ? undefined : response.body);
    if (this.shape.length) this.note('header-shape', this.shape.join('; '));
    if (this.omitted) this.note('limit', `${this.omitted} string value(s) over the big-string limit outside a body were omitted`);
    return uploadPlan ? { exchange, notes: this.notes, uploadPlan } : { exchange, notes: this.notes };
  }

  private note(code: CaptureNote['code'], message: string): void {
    this.notes.push({ code, message, entry: this.ctx.index });
  }

  /** A string field; a big non-body string (streamed away) becomes a short stand-in. */
  private str(v: unknown): string | undefined {
    if (typeof v !== 'string') return undefined;
    if (v.charCodeAt(0) !== 0 || !v.startsWith(PLACEHOLDER_PREFIX)) return v;
    this.omitted++;
    const big = this.ctx.bigs?.[Number(v.slice(PLACEHOLDER_PREFIX.length))];
    return `[${big?.rawBytes ?? 'many'}-byte value omitted]`;
  }

  /** A body text: a JS string, or the streamed result behind a placeholder. */
  private bodyText(v: unknown): BodyText | undefined {
    if (typeof v !== 'string') return undefined;
    if (v.charCodeAt(0) !== 0 || !v.startsWith(PLACEHOLDER_PREFIX)) return v;
    return this.ctx.bigs?.[Number(v.slice(PLACEHOLDER_PREFIX.length))] ?? { rawBytes: 0 };
  }

  private firstString(...values: unknown[]): string | undefined {
    for (const v of values) {
      const s = this.str(v);
      if (s) return s;
    }
    return undefined;
  }

  private requestFacts(req: Rec, method: string, headers: HeaderMap, mitmproxy: boolean, keepLimit: number): BodyFacts {
    const post = rec(req.postData);
    const toolkit = rec(req._content); // HTTP Toolkit: binary request bodies, base64
    const holder = post ?? toolkit;
    const status = this.str(req._requestBodyStatus);
    const f: BodyFacts = {
      side: 'request',
      bodyless: false,
      expectsBody: BODY_METHODS.has(method.toUpperCase()),
      mitmproxy,
      keepLimit,
      ...this.headerFacts(headers),
    };
    const declared = size(holder?.size) ?? size(req.bodySize);
    if (declared !== undefined) f.declaredSize = declared;
    const comment = this.str(holder?.comment) ?? this.str(req.comment);
    if (comment) f.comment = comment;
    const mime = this.str(holder?.mimeType) || headers.get('content-type');
    if (mime) f.mimeType = mime;
    if (holder) {
      const text = this.bodyText(holder.text);
      if (text !== undefined) f.text = text;
      const encoding = this.str(holder.encoding);
      if (encoding) f.encoding = encoding;
      this.redactionFacts(holder, f);
      if (post && text === undefined && Array.isArray(post.params) && post.params.length > 0) f.noTextReason = 'only postData.params recorded';
    }
    if (status?.startsWith('discarded') && !toolkit) f.noTextReason = `producer discarded it (${status})`;
    return f;
  }

  private responseFacts(res: Rec, content: Rec, method: string, status: number, headers: HeaderMap, mitmproxy: boolean, keepLimit: number): BodyFacts {
    const f: BodyFacts = {
      side: 'response',
      bodyless: method.toUpperCase() === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200),
      expectsBody: false,
      mitmproxy,
      keepLimit,
      ...this.headerFacts(headers),
    };
    const text = this.bodyText(content.text);
    if (text !== undefined) f.text = text;
    const encoding = this.str(content.encoding);
    if (encoding) f.encoding = encoding;
    const mime = this.str(content.mimeType) || headers.get('content-type');
    if (mime) f.mimeType = mime;
    // content.size is the decoded length; bodySize the transferred one, equal when not encoded
    const declared = size(content.size) ?? (f.contentEncoding === undefined ? size(res.bodySize) : undefined);
    if (declared !== undefined) f.declaredSize = declared;
    if (typeof content.compression === 'number' && Number.isFinite(content.compression)) f.compression = content.compression;
    const comment = this.str(content.comment);
    if (comment) f.comment = comment;
    this.redactionFacts(content, f);
    return f;
  }

  private headerFacts(headers: HeaderMap): { contentLength?: number; contentEncoding?: string } {
    const out: { contentLength?: number; contentEncoding?: string } = {};
    const length = headers.get('content-length')?.trim();
    if (length && length.length <= 15 && /^[0-9]+$/.test(length)) out.contentLength = Number(length);
    const encoding = headers.get('content-encoding')?.trim().toLowerCase();
    if (encoding && encoding !== 'identity') out.contentEncoding = encoding;
    return out;
  }

  private redactionFacts(holder: Rec, f: BodyFacts): void {
    // `_redacted`: our redactor replaced the body; `_recorded`: our recorder kept only size and sha256 of a big body.
    const redacted = rec(holder._redacted);
    const record = redacted ?? rec(holder._recorded);
    if (record && typeof record.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(record.sha256) && size(record.size) !== undefined) {
      f.redacted = { size: record.size as number, sha256: record.sha256.toLowerCase(), by: redacted ? 'redact' : 'record' };
    }
    const sidecar = this.str(holder._file) ?? this.str(holder._sha1);
    if (!sidecar) return;
    // Playwright writes `text: ""` beside `_file`: the sidecar holds the body
    const body = f.text === undefined || f.text === '' ? this.ctx.sidecars?.(sidecar) : undefined;
    if (body?.kind === 'text' || body?.kind === 'digest') {
      f.text = body.kind === 'text' ? body.base64 : body.result;
      f.encoding = 'base64';
      return;
    }
    f.sidecar = sidecar;
    if (body?.kind === 'unreadable') f.noTextReason = `sidecar ${sidecar} unreadable: ${body.reason}`;
    else if (this.ctx.sidecars) f.noTextReason = `sidecar ${sidecar} is not in the archive`;
  }

  private redirect(res: Rec | undefined, status: number, headers: HeaderMap, base: URL | undefined): string | undefined {
    const target = (res && this.str(res.redirectURL)) || (status >= 300 && status < 400 ? headers.get('location') : undefined);
    if (!target) return undefined;
    try {
      return new URL(target, base).href;
    } catch {
      return target;
    }
  }

  // --- headers ----------------------------------------------------------------------

  private headers(
    raw: unknown,
    side: 'request' | 'response',
    check: { method?: string; rawUrl?: string; url?: URL | undefined; status?: number | undefined },
  ): HeaderMap {
    const lines = this.headerLines(raw, side);
    if (!lines.some((l) => l.name.charCodeAt(0) === 0x3a /* : */)) return new HeaderMap(lines);
    // HTTP/2 pseudo-headers (Chrome): cross-check, keep :authority as Host, then drop
    const kept: HeaderLine[] = [];
    let authority: string | undefined;
    for (const line of lines) {
      if (line.name.charCodeAt(0) !== 0x3a) {
        kept.push(line);
        continue;
      }
      const name = line.name.toLowerCase();
      if (name === ':authority') authority ??= line.value;
      else if (name === ':method' && check.method !== undefined && line.value !== check.method) {
        this.shape.push(`:method ${line.value} differs from request.method ${check.method}`);
      } else if (name === ':path' && check.rawUrl !== undefined && !samePath(line.value, check.rawUrl, check.url)) {
        this.shape.push(`:path ${line.value} differs from the request URL`);
      } else if (name === ':status' && check.status !== undefined && line.value.trim() !== String(check.status)) {
        this.shape.push(`:status ${line.value} differs from response.status ${check.status}`);
      }
    }
    if (authority !== undefined && !kept.some((l) => l.name.toLowerCase() === 'host')) kept.unshift({ name: 'host', value: authority });
    return new HeaderMap(kept);
  }

  private headerLines(raw: unknown, side: string): HeaderLine[] {
    if (raw === undefined || raw === null) return [];
    const lines: HeaderLine[] = [];
    if (Array.isArray(raw)) {
      let strings = 0;
      let other = 0;
      for (const h of raw) {
        if (typeof h === 'string') {
          strings++;
          const line = splitHeader(h);
          if (line) lines.push(line);
          continue;
        }
        const r = rec(h);
        // the usual {name, value} strings serve as the line itself: no copy per header
        if (r && typeof r.name === 'string' && typeof r.value === 'string' && r.name.charCodeAt(0) !== 0 && r.value.charCodeAt(0) !== 0) {
          lines.push(r as unknown as HeaderLine);
          continue;
        }
        const name = r && this.str(r.name);
        if (name === undefined) other++;
        else lines.push({ name, value: this.headerValue(r!.value) });
      }
      if (strings) this.shape.push(`${side} headers include ${strings} "Name: value" string(s)`);
      if (other) this.shape.push(`${side} headers include ${other} item(s) without a name`);
      return lines;
    }
    if (typeof raw === 'string') {
      this.shape.push(`${side} headers are one string`);
      for (const part of raw.split(/\r?\n/)) {
        const line = splitHeader(part);
        if (line) lines.push(line);
      }
      return lines;
    }
    const map = rec(raw);
    if (!map) {
      this.shape.push(`${side} headers are a ${typeof raw}`);
      return lines;
    }
    this.shape.push(`${side} headers are an object map, not the HAR array`);
    for (const [name, value] of Object.entries(map)) {
      if (Array.isArray(value)) for (const v of value) lines.push({ name, value: this.headerValue(v) });
      else lines.push({ name, value: this.headerValue(value) });
    }
    return lines;
  }

  private headerValue(v: unknown): string {
    if (typeof v === 'string') return this.str(v)!;
    if (v === null || v === undefined) return '';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }

  private bodyNote(request: Body, response: Body | undefined): void {
    const parts: string[] = [];
    // A body our redactor replaced by its {size, sha256} record keeps what digest rules need.
    const kept = (b: Body) => b.fidelity === 'exact' || (b.fidelity === 'redacted' && b.sha256 !== undefined);
    if (!kept(request)) parts.push(`request body ${request.fidelity}${request.reason ? ` (${request.reason})` : ''}`);
    if (response && !kept(response)) parts.push(`response body ${response.fidelity}${response.reason ? ` (${response.reason})` : ''}`);
    if (parts.length) this.note('body-not-exact', parts.join('; '));
    const over = [this.jsonOverKeepLimit('request', request), response && this.jsonOverKeepLimit('response', response)].filter(Boolean);
    if (over.length) this.note('limit', `${over.join('; ')}: over the ${Math.round(this.ctx.keepLimit / 1024)} KiB a JSON body may hold in memory, so it was hashed but not parsed (rules on its content say "not evaluable")`);
  }

  /** A JSON body the keep limit made us hash without keeping: a cap, so a note, not a silent skip. */
  private jsonOverKeepLimit(side: string, body: Body): string | undefined {
    if (body.fidelity !== 'exact' || body.text !== undefined || body.size <= this.ctx.keepLimit) return undefined;
    const type = (body.mimeType ?? '').toLowerCase();
    return type.includes('json') ? `${side} body of ${body.size} bytes (${type.slice(0, 100)})` : undefined;
  }
}

/** "Name: value" (HAR Fixer style); a leading ':' belongs to an HTTP/2 pseudo-header name. */
function splitHeader(s: string): HeaderLine | undefined {
  const colon = s.indexOf(':', s.charCodeAt(0) === 0x3a ? 1 : 0);
  if (colon <= 0) return undefined;
  const name = s.slice(0, colon).trim();
  return name ? { name, value: s.slice(colon + 1).trim() } : undefined;
}

/** Does an HTTP/2 :path match the request URL's path and query? */
function samePath(path: string, rawUrl: string, url: URL | undefined): boolean {
  if (url && path === url.pathname + url.search) return true;
  const scheme = rawUrl.indexOf('://');
  const rest = scheme >= 0 ? rawUrl.slice(scheme + 3) : rawUrl;
  let start = 0;
  while (start < rest.length && rest[start] !== '/' && rest[start] !== '?' && rest[start] !== '#') start++;
  let end = rest.indexOf('#', start);
  if (end < 0) end = rest.length;
  const raw = rest.slice(start, end);
  return path === (raw.startsWith('?') || raw === '' ? `/${raw}` : raw);
}

/** One parsed log.entries element → an Exchange and the notes about it. Never throws. */
export function normalizeEntry(entry: unknown, ctx: NormalizeContext): Normalized {
  return new EntryNormalizer(ctx).run(entry);
}
