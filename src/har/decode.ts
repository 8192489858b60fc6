import { isUtf8 } from 'node:buffer';
import { createHash, type Hash } from 'node:crypto';
import { type Body, EMPTY_BODY, type Fidelity, type UploadProgress } from '../model/body.js';
import { decodeBase64 } from './base64.js';
import type { SinkResult, TextDigest } from './body-sink.js';
import { type Digest, digestBytes, looksTextualText, prefixOf, sha256Hex } from './digest.js';
import type { UploadPlan } from './upload-hash.js';

/** A body's text as found in the entry: a JS string, or what streaming a big one produced. */
export type BodyText = string | SinkResult;

/** Everything the capture says about one body, already pulled out of the HAR fields. */
export interface BodyFacts {
  side: 'request' | 'response';
  text?: BodyText;
  encoding?: string;
  mimeType?: string;
  /** content.size / postData.size / _content.size / bodySize, when ≥ 0. */
  declaredSize?: number;
  /** content.compression. */
  compression?: number;
  comment?: string;
  contentLength?: number;
  contentEncoding?: string;
  /** The message carries no body by definition (HEAD response, 204, 304; GET request…). */
  bodyless: boolean;
  /** The method normally carries a body (POST, PUT, PATCH request). */
  expectsBody: boolean;
  /** mitmproxy wrote the text: it decodes bodies without a charset as Latin-1. */
  mitmproxy: boolean;
  /** Our redactor's `_redacted: {size, sha256}` record, or our recorder's `_recorded` one. */
  redacted?: { size: number; sha256: string; by: 'redact' | 'record' };
  /** Playwright `_file` / `_sha1`: the body is in a file beside the HAR. */
  sidecar?: string;
  /** Why there is no text, when the producer said (HTTP Toolkit `_requestBodyStatus`, params only). */
  noTextReason?: string;
  keepLimit: number;
  /** A PATCH/PUT body on an open upload session: also extend the session's running hash. */
  upload?: UploadPlan;
}

// A producer's note that it dropped or cut the body (HTTP Toolkit: "Body discarded during
// HAR generation: longer than limit of 500000 bytes"). One alternation, linear.
const DROPPED = /discard|truncat|omit|dropped|too large|too long|exceed/i;
// Placeholders left by sanitizers (Cloudflare "[<word> redacted]", Dev Proxy "REDACTED", …).
const PLACEHOLDER = /^(?:\[[^[\]]{1,100} redacted\]|\[?redacted\]?|<redacted>|obfuscated)$/i;
const NOT_LATIN1 = /[^\u0000-\u00ff]/;
const C1 = /[\u0080-\u009f]/;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

type Charset = 'utf8' | 'latin1' | { other: string };

/** How the producer turned the body's bytes into the text we read, so we can turn it back. */
function textCharset(mimeType: string | undefined, mitmproxy: boolean): Charset {
  const mime = mimeType ?? '';
  const charset = CHARSET.exec(mime)?.[1]?.toLowerCase();
  if (charset) {
    if (charset === 'utf-8' || charset === 'utf8') return 'utf8';
    if (/^(?:iso-?8859-1|latin-?1|l1|us-ascii|ascii|windows-1252|cp1252)$/.test(charset)) return 'latin1';
    return { other: charset };
  }
  // mitmproxy's get_text(): no charset → UTF-8 if the type says json, else Latin-1.
  if (mitmproxy) return mime.toLowerCase().includes('json') ? 'utf8' : 'latin1';
  return 'utf8';
}

/** Types whose bodies are text, where a C1 control is odd but not proof of damage. */
function isTextualMime(mimeType: string | undefined): boolean {
  const m = (mimeType ?? '').toLowerCase();
  return m.startsWith('text/') || m.includes('json') || m.includes('xml') || m.includes('javascript') || m.includes('x-www-form-urlencoded');
}

/** A reading of a JS string as UTF-8 also knows the string itself: no need to decode it back. */
type Reading = Digest & { asText?: string };

interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** The UTF-8 reading of a JS string, computed on the string (no byte copy for ASCII and kept text). */
function utf8Reading(t: BodyText, keepLimit: number): (TextDigest & Reading) | undefined {
  if (typeof t !== 'string') return t.utf8;
  const size = Buffer.byteLength(t, 'utf8');
  const ascii = size === t.length;
  // lone surrogates encode as U+FFFD, as Buffer.from(string) does
  const wellFormed = ascii || (t as unknown as WellFormed).isWellFormed();
  const textual = size <= keepLimit && looksTextualText(t);
  const reading: TextDigest & Reading = {
    size,
    sha256: sha256Hex(t),
    prefix: textual ? new Uint8Array(0) : prefixOf(t),
    replacement: !ascii && (!wellFormed || t.includes('\ufffd')),
    c1: !ascii && C1.test(t),
    ascii,
  };
  if (textual) reading.asText = wellFormed ? t : (t as unknown as WellFormed).toWellFormed();
  return reading;
}

function latin1Reading(t: BodyText, keepLimit: number): Digest | null | undefined {
  if (typeof t !== 'string') return t.latin1;
  return NOT_LATIN1.test(t) ? null : digestBytes(Buffer.from(t, 'latin1'), keepLimit);
}

function base64Reading(t: BodyText, keepLimit: number): Digest | null | undefined {
  if (typeof t !== 'string') return t.base64;
  const bytes = decodeBase64(t);
  return bytes ? digestBytes(bytes, keepLimit) : null;
}

function isEmptyText(t: BodyText | undefined): boolean {
  return t === undefined || t === '';
}

/** Which bytes of the text the chosen reading is. */
type ReadingKind = 'utf8' | 'latin1' | 'base64';

/** Decides a body's bytes and fidelity from what the capture holds. */
export function resolveBody(f: BodyFacts): Body {
  chosen = undefined;
  chosenKind = undefined;
  const body = resolveReading(f);
  if (!f.upload) return body;
  return { ...body, upload: uploadProgress(f, f.upload, body, chosen, chosenKind) };
}

/**
 * Appends the body to its upload session's running hash (the plan's base is forked, never
 * changed) and says what the session's bytes hash to with it. A big body was hashed onto the
 * session while it streamed (the sink's reading carries the running hash); a small one is
 * hashed here from the text.
 */
function uploadProgress(f: BodyFacts, plan: UploadPlan, body: Body, reading: Reading | undefined, kind: ReadingKind | undefined): UploadProgress {
  const progress: UploadProgress = { offset: plan.offset };
  if (plan.previous !== undefined) progress.previous = plan.previous;
  if (plan.reason !== undefined) {
    progress.reason = plan.reason;
    return progress;
  }
  if (plan.digestOnly !== undefined) {
    // Only a close without bytes can follow a body known by its digest alone.
    if (body.size === 0 && (body.fidelity === 'exact' || body.sha256 !== undefined)) progress.sha256 = plan.digestOnly;
    else progress.reason = 'an earlier chunk was recorded only as size and sha256, so later bytes cannot be added to its hash';
    return progress;
  }
  if (body.fidelity === 'redacted' && body.sha256 !== undefined && !plan.base && plan.offset === 0) {
    // The session's first bytes, recorded as size and sha256 (redactor or recorder): their digest is the session's.
    progress.sha256 = body.sha256;
    return progress;
  }
  if (body.fidelity !== 'exact') {
    progress.reason = `a chunk body is ${body.fidelity}${body.reason ? ` (${body.reason})` : ''}`;
    return progress;
  }
  let running: Hash | undefined;
  const text = f.text;
  if (body.size === 0 || !reading || !kind || text === undefined) {
    running = plan.base?.copy() ?? createHash('sha256');
  } else if (typeof text !== 'string') {
    running = text.upload === plan.token ? reading.running : undefined;
    if (!running) {
      progress.reason = 'a chunk body was streamed before its request method and URL could be read';
      return progress;
    }
  } else if (plan.method === 'PUT' && !plan.base) {
    // closes a session that holds no bytes: the body's own digest is the blob's
    progress.sha256 = body.sha256!;
    return progress;
  } else {
    running = plan.base?.copy() ?? createHash('sha256');
    if (kind === 'utf8') running.update(text, 'utf8');
    else if (kind === 'latin1') running.update(Buffer.from(text, 'latin1'));
    else running.update(decodeBase64(text)!);
  }
  plan.running = running;
  progress.sha256 = running.copy().digest('hex');
  return progress;
}

// The reading an exact body was decided on (set by resolveReading; no object per body on the hot path).
let chosen: Reading | undefined;
let chosenKind: ReadingKind | undefined;

function resolveReading(f: BodyFacts): Body {
  if (f.redacted) {
    const why = f.redacted.by === 'record' ? 'over the recorder\'s inline limit; size and sha256 of the body kept' : 'redacted by oci-har-check; size and sha256 of the original body kept';
    return make(f, 'redacted', { size: f.redacted.size, sha256: f.redacted.sha256, prefix: new Uint8Array(0) }, why);
  }
  if (isEmptyText(f.text)) return noText(f);
  const text = f.text!;
  if (typeof text === 'string' && text.length <= 256 && PLACEHOLDER.test(text.trim())) {
    return make(f, 'redacted', undefined, `replaced by the placeholder "${text.trim()}"`);
  }
  if (typeof text !== 'string' && !text.utf8 && text.base64 === undefined) {
    return make(f, 'absent', undefined, 'body text too large to decode here');
  }
  const enc0 = f.encoding?.trim().toLowerCase();
  if (typeof text !== 'string' && !text.utf8 && enc0 !== 'base64') {
    // the streaming reader stopped hashing it as text once it looked like base64 (see StringSink)
    if (text.textSeen?.replacement) return make(f, 'lossy', undefined, 'text contains U+FFFD: the producer could not decode the bytes');
    return make(f, 'absent', undefined, 'a large body text that looks like base64 but has no base64 encoding was not hashed');
  }

  let reading: Reading | undefined;
  let kind: ReadingKind;
  const enc = f.encoding?.trim().toLowerCase();
  if (enc === 'base64') {
    kind = 'base64';
    reading = base64Reading(text, f.keepLimit) ?? undefined;
    if (!reading) return make(f, 'lossy', utf8Reading(text, f.keepLimit), 'encoding is base64 but the text is not valid base64');
  } else {
    const utf8 = utf8Reading(text, f.keepLimit)!;
    if (utf8.replacement) return make(f, 'lossy', utf8, 'text contains U+FFFD: the producer could not decode the bytes');
    const charset = textCharset(f.mimeType, f.mitmproxy);
    if (charset === 'latin1') {
      kind = 'latin1';
      reading = latin1Reading(text, f.keepLimit) ?? undefined;
      if (!reading) return make(f, 'lossy', utf8, 'text has characters beyond Latin-1 although it was decoded as Latin-1');
    } else if (charset === 'utf8') {
      if (utf8.c1 && !isTextualMime(f.mimeType)) return make(f, 'lossy', utf8, 'binary body stored as text (C1 control characters)');
      kind = 'utf8';
      reading = utf8;
    } else {
      if (!utf8.ascii) return make(f, 'lossy', utf8, `text cannot be re-encoded to charset ${charset.other}`);
      kind = 'utf8';
      reading = utf8;
    }
  }

  if (f.comment && DROPPED.test(f.comment)) return make(f, 'truncated', reading, `producer comment: ${oneLine(f.comment)}`);
  const declared = f.declaredSize;
  if (declared !== undefined && declared > reading.size) {
    const compressed =
      (f.compression !== undefined && f.compression !== 0 && reading.size === declared + f.compression) ||
      // mitmproxy writes the encoded (compressed) length as content.size
      (f.mitmproxy && f.contentEncoding !== undefined);
    if (!compressed) return make(f, 'truncated', reading, `holds ${reading.size} of ${declared} declared bytes`);
  }
  if (!f.bodyless && f.contentEncoding === undefined && f.contentLength !== undefined && f.contentLength > reading.size) {
    return make(f, 'truncated', reading, `holds ${reading.size} of ${f.contentLength} bytes (Content-Length)`);
  }
  chosen = reading;
  chosenKind = kind;
  return make(f, 'exact', reading);
}

/** No text: an empty body, or one the producer did not keep. */
function noText(f: BodyFacts): Body {
  if (f.noTextReason) return make(f, 'absent', undefined, f.noTextReason);
  if (f.sidecar) return make(f, 'absent', undefined, `external sidecar (${f.sidecar})`);
  if (f.bodyless) return EMPTY_BODY;
  if (f.declaredSize !== undefined && f.declaredSize > 0) return make(f, 'absent', undefined, `producer kept no body (${f.declaredSize} bytes declared)`);
  if (f.contentLength !== undefined && f.contentLength > 0) return make(f, 'absent', undefined, `producer kept no body (Content-Length ${f.contentLength})`);
  if (f.comment && DROPPED.test(f.comment)) return make(f, 'absent', undefined, `producer comment: ${oneLine(f.comment)}`);
  if (f.declaredSize === 0 || f.contentLength === 0 || f.text === '') return EMPTY_BODY;
  if (f.side === 'request' && !f.expectsBody) return EMPTY_BODY;
  return make(f, 'absent', undefined, 'no body recorded and no size declared');
}

function make(f: BodyFacts, fidelity: Fidelity, d: Reading | undefined, reason?: string): Body {
  const body: Body = { fidelity, size: d ? d.size : fidelity === 'redacted' ? (f.declaredSize ?? 0) : 0 };
  if (f.declaredSize !== undefined) body.declaredSize = f.declaredSize;
  if (d) {
    body.sha256 = d.sha256;
    if (d.asText !== undefined) body.text = d.asText;
    else if (d.kept && isUtf8(d.kept)) body.text = d.kept.toString('utf8');
    else if (d.size > 0 && d.prefix.length > 0) body.prefix = d.prefix;
  }
  if (f.mimeType) body.mimeType = f.mimeType;
  if (reason) body.reason = reason;
  return body;
}

function oneLine(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
