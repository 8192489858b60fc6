import { isDigit, isTchar, skipWhitespace } from './lexical.js';

/**
 * The four byte-range headers of the protocol. They look alike but follow different rules:
 * - chunk `Content-Range` on PATCH/PUT (request): OCI form `^[0-9]+-[0-9]+$`, inclusive, no
 *   unit, no total. Real clients also send RFC 9110 `bytes a-b/total` or `bytes=a-b`.
 * - upload progress `Range` on 202/204 (response): `0-<end>`, `<end>` = last byte received.
 *   Docker docs sometimes show `bytes=0-<end>`; zot once sent `0--1` for an empty session.
 * - `Range: bytes=a-b` on a blob GET (request, RFC 9110 §14.2).
 * - `Content-Range: bytes a-b/size` (206) or `bytes *\/size` (416) on a blob GET (response).
 * Numbers are JS numbers; anything above 2^53 − 1 is reported as `out-of-range`, never rounded.
 * Nothing here throws.
 */

export type RangeParseError =
  | 'empty'
  /** Not the expected shape at all. */
  | 'syntax'
  /** A number above Number.MAX_SAFE_INTEGER. */
  | 'out-of-range'
  /** end < start (inclusive ranges cannot be reversed). */
  | 'inverted'
  /** RFC 9110 form whose complete length is not greater than the last position. */
  | 'exceeds-size';

export interface RangeFailure {
  ok: false;
  reason: RangeParseError;
}

/**
 * Parses a run of ASCII digits as a non-negative integer, refusing values above
 * `Number.MAX_SAFE_INTEGER` (2^53 − 1) instead of rounding them.
 */
export function parseSafeInteger(digits: string): { ok: true; value: number } | RangeFailure {
  if (digits.length === 0) return { ok: false, reason: 'syntax' };
  for (let i = 0; i < digits.length; i++) {
    if (!isDigit(digits.charCodeAt(i))) return { ok: false, reason: 'syntax' };
  }
  let first = 0;
  while (first < digits.length - 1 && digits.charCodeAt(first) === 0x30) first++;
  // 2^53 − 1 has 16 digits; anything longer is out of range whatever its value.
  if (digits.length - first > 16) return { ok: false, reason: 'out-of-range' };
  const value = Number(digits.slice(first));
  if (!Number.isSafeInteger(value)) return { ok: false, reason: 'out-of-range' };
  return { ok: true, value };
}

/** `<digits>-<digits>` over the whole of `s`, both bounds inclusive. */
function parseStartEnd(s: string): { ok: true; start: number; end: number } | RangeFailure {
  const dash = s.indexOf('-');
  if (dash <= 0) return { ok: false, reason: 'syntax' };
  const start = parseSafeInteger(s.slice(0, dash));
  const end = parseSafeInteger(s.slice(dash + 1));
  if (!start.ok) return start;
  if (!end.ok) return end;
  if (end.value < start.value) return { ok: false, reason: 'inverted' };
  return { ok: true, start: start.value, end: end.value };
}

/** True when `s` starts with `prefix`, ignoring ASCII case. */
function startsWithIgnoreCase(s: string, prefix: string): boolean {
  return s.length >= prefix.length && s.slice(0, prefix.length).toLowerCase() === prefix;
}

// ---------------------------------------------------------------------------------------
// Chunk Content-Range (PATCH / PUT request)

export type ChunkRangeForm =
  /** `a-b`: what the spec requires (CHUNK-05). */
  | 'oci'
  /** `bytes a-b/total` or `bytes a-b/*`: RFC 9110 Content-Range, not the OCI form. */
  | 'rfc9110'
  /** `bytes=a-b`: a Range-header shape used as Content-Range. */
  | 'bytes-prefix';

export interface ChunkRange {
  ok: true;
  form: ChunkRangeForm;
  /** First byte offset, inclusive. */
  start: number;
  /** Last byte offset, inclusive. */
  end: number;
  /** The `/total` of the RFC 9110 form; undefined for `*` and the other forms. */
  total?: number;
}

/**
 * Parses a chunk upload `Content-Range`. The OCI form is `^[0-9]+-[0-9]+$`; the RFC 9110 and
 * `bytes=` forms are recognised so a check can flag them with a precise message.
 */
export function parseChunkRange(value: string): ChunkRange | RangeFailure {
  const s = value.trim();
  if (s.length === 0) return { ok: false, reason: 'empty' };
  if (isDigit(s.charCodeAt(0))) {
    const r = parseStartEnd(s);
    return r.ok ? { ok: true, form: 'oci', start: r.start, end: r.end } : r;
  }
  if (startsWithIgnoreCase(s, 'bytes=')) {
    const r = parseStartEnd(s.slice(6).trim());
    return r.ok ? { ok: true, form: 'bytes-prefix', start: r.start, end: r.end } : r;
  }
  if (startsWithIgnoreCase(s, 'bytes ')) {
    const r = parseResponseContentRange(s);
    if (!r.ok) return r;
    if (r.kind === 'unsatisfied') return { ok: false, reason: 'syntax' };
    const out: ChunkRange = { ok: true, form: 'rfc9110', start: r.start, end: r.end };
    if (r.size !== undefined) out.total = r.size;
    return out;
  }
  return { ok: false, reason: 'syntax' };
}

// ---------------------------------------------------------------------------------------
// Upload progress Range (202 / 204 response)

export type ProgressRangeForm =
  /** `0-<end>` as the spec shows it. */
  | 'oci'
  /** `bytes=0-<end>` (Docker docs examples); accepted with a warning. */
  | 'bytes-prefix'
  /** `<start>--1`: an empty session written as end −1 (zot before it switched to `0-0`). */
  | 'negative-end';

export interface ProgressRange {
  ok: true;
  form: ProgressRangeForm;
  /** Always 0 in a conforming response; a check flags anything else. */
  start: number;
  /** Index of the last byte received; −1 only with form `negative-end`. */
  end: number;
}

/**
 * Parses the `Range` header of an upload progress response (`0-<end>`). Remember the
 * spec's off-by-one: `0-0` is what distribution answers both for 0 and for 1 byte received.
 */
export function parseProgressRange(value: string): ProgressRange | RangeFailure {
  let s = value.trim();
  if (s.length === 0) return { ok: false, reason: 'empty' };
  let form: ProgressRangeForm = 'oci';
  if (startsWithIgnoreCase(s, 'bytes=')) {
    form = 'bytes-prefix';
    s = s.slice(6).trim();
  }
  if (s.endsWith('--1')) {
    const start = parseSafeInteger(s.slice(0, -3));
    if (!start.ok) return start;
    return { ok: true, form: 'negative-end', start: start.value, end: -1 };
  }
  const r = parseStartEnd(s);
  return r.ok ? { ok: true, form, start: r.start, end: r.end } : r;
}

// ---------------------------------------------------------------------------------------
// Request Range on blob GET (RFC 9110 §14.2)

export type RangeSpec =
  /** `first-last` or `first-` (last omitted: to the end). */
  | { kind: 'int'; first: number; last?: number }
  /** `-n`: the last n bytes. */
  | { kind: 'suffix'; length: number };

export interface RequestRange {
  ok: true;
  /** Lower-cased range unit; `bytes` is the only one registries support. */
  unit: string;
  ranges: RangeSpec[];
}

/**
 * Parses `Range: <unit>=<range-set>` (RFC 9110 §14.1.1, `1#range-spec`). Empty list elements
 * are skipped as `#` lists allow. Linear; never throws.
 */
export function parseRequestRange(value: string): RequestRange | RangeFailure {
  const s = value.trim();
  if (s.length === 0) return { ok: false, reason: 'empty' };
  const eq = s.indexOf('=');
  if (eq <= 0) return { ok: false, reason: 'syntax' };
  const unit = s.slice(0, eq).trim();
  for (let i = 0; i < unit.length; i++) if (!isTchar(unit.charCodeAt(i))) return { ok: false, reason: 'syntax' };
  const ranges: RangeSpec[] = [];
  for (const part of s.slice(eq + 1).split(',')) {
    const item = part.trim();
    if (item.length === 0) continue;
    const dash = item.indexOf('-');
    if (dash === -1) return { ok: false, reason: 'syntax' };
    if (dash === 0) {
      const length = parseSafeInteger(item.slice(1));
      if (!length.ok) return length;
      ranges.push({ kind: 'suffix', length: length.value });
      continue;
    }
    const first = parseSafeInteger(item.slice(0, dash));
    if (!first.ok) return first;
    const lastText = item.slice(dash + 1);
    if (lastText.length === 0) {
      ranges.push({ kind: 'int', first: first.value });
      continue;
    }
    const last = parseSafeInteger(lastText);
    if (!last.ok) return last;
    if (last.value < first.value) return { ok: false, reason: 'inverted' };
    ranges.push({ kind: 'int', first: first.value, last: last.value });
  }
  if (ranges.length === 0) return { ok: false, reason: 'syntax' };
  return { ok: true, unit: unit.toLowerCase(), ranges };
}

// ---------------------------------------------------------------------------------------
// Response Content-Range on blob GET (206 / 416), RFC 9110 §14.4

export type ResponseContentRange =
  /** `bytes a-b/size` (206); size undefined for `/*`. */
  | { ok: true; kind: 'range'; unit: string; start: number; end: number; size?: number }
  /** `bytes *\/size` (416). */
  | { ok: true; kind: 'unsatisfied'; unit: string; size: number };

/**
 * Parses an RFC 9110 `Content-Range` value: `<unit> SP <first>-<last>/<size|*>` or
 * `<unit> SP *\/<size>`.
 */
export function parseResponseContentRange(value: string): ResponseContentRange | RangeFailure {
  const s = value.trim();
  if (s.length === 0) return { ok: false, reason: 'empty' };
  const sp = s.indexOf(' ');
  if (sp <= 0) return { ok: false, reason: 'syntax' };
  const unit = s.slice(0, sp);
  for (let i = 0; i < unit.length; i++) if (!isTchar(unit.charCodeAt(i))) return { ok: false, reason: 'syntax' };
  const rest = s.slice(skipWhitespace(s, sp));
  const slash = rest.indexOf('/');
  if (slash === -1) return { ok: false, reason: 'syntax' };
  const rangePart = rest.slice(0, slash);
  const sizePart = rest.slice(slash + 1);
  let size: number | undefined;
  if (sizePart !== '*') {
    const n = parseSafeInteger(sizePart);
    if (!n.ok) return n;
    size = n.value;
  }
  if (rangePart === '*') {
    if (size === undefined) return { ok: false, reason: 'syntax' };
    return { ok: true, kind: 'unsatisfied', unit: unit.toLowerCase(), size };
  }
  const r = parseStartEnd(rangePart);
  if (!r.ok) return r;
  // RFC 9110 §14.4: invalid when complete-length <= last-pos.
  if (size !== undefined && size <= r.end) return { ok: false, reason: 'exceeds-size' };
  const out: ResponseContentRange = { ok: true, kind: 'range', unit: unit.toLowerCase(), start: r.start, end: r.end };
  if (size !== undefined) out.size = size;
  return out;
}
