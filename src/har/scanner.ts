import { StringSink, type SinkResult } from './body-sink.js';

/** One element of `log.entries`, as JSON text with its big strings replaced by placeholders. */
export interface RawEntry {
  /** Position in `log.entries` as written. */
  index: number;
  /** The element's JSON text; undefined when it was skipped (see `skipped`). */
  json?: string;
  /** Results of the strings replaced by `placeholder(k)` in `json`. */
  bigs?: SinkResult[];
  /** Why the element was read past without being kept (too deep, too large). */
  skipped?: string;
  /** The element already parsed (the fast path parsed it to find its end). */
  parsed?: unknown;
  /** Absolute byte offsets of the element in the stream. */
  start: number;
  end: number;
}

export interface ScanHandlers {
  /** `log.version` or `log.creator`, as JSON text. */
  meta(key: 'version' | 'creator' | '_ociHarCheckRedacted', json: string): void;
  entry(raw: RawEntry): void;
  /**
   * A big request body starts: its entry's method and URL as far as the bytes before it say
   * (a hint; the reader checks it against the parsed entry). Returns the upload session to
   * hash the body onto as it streams (chunk reassembly), or undefined.
   */
  uploadPlan?(method: string, url: string): { token: string; base: import('node:crypto').Hash | undefined } | undefined;
}

export interface ScannerOptions {
  /** Strings longer than this (in escaped bytes) inside an entry are streamed, never held. */
  bigString: number;
  keepLimit: number;
  maxDepth: number;
  /** Cap on an entry's bytes once its big strings are streamed out. */
  maxEntryBytes: number;
}

export type ScanState =
  | { kind: 'empty' }
  | { kind: 'complete'; trailingAt?: number }
  | { kind: 'failed'; offset: number; reason: string }
  | { kind: 'eof'; offset: number; reason: string };

/** Text a big string is replaced with inside an entry's JSON; the normalizer swaps the result back in. */
const NONCE = Math.random().toString(36).slice(2, 10);
export const PLACEHOLDER_PREFIX = `\u0000har-big:${NONCE}:`;
function placeholderJson(k: number): Buffer {
  return Buffer.from(`"\\u0000har-big:${NONCE}:${k}"`);
}

// top-level states
const T_START = 0;
const T_VALUE = 1; // a value must follow (after ':' or at the start of an array element)
const T_ARR_FIRST = 2; // after '[': a value or ']'
const T_ARR_NEXT = 3; // after ',' in an array: a value (or ']' — a trailing comma, tolerated)
const T_OBJ_FIRST = 4; // after '{': a key or '}'
const T_OBJ_NEXT = 5; // after ',' in an object: a key (or '}' — trailing comma)
const T_COLON = 6;
const T_AFTER = 7; // after a value: ',' or the container's close
const T_STR = 8;
const T_LIT = 9;
const T_DONE = 10;
const T_FAILED = 11;
const T_TRAILING = 12;

// frame roles at the top level (outside entries)
const R_ROOT = 1;
const R_LOG = 2;
const R_ENTRIES = 3;
const R_OBJ = 4;
const R_ARR = 5;

const OBJ = 1;
const ARR = 2;

const CAPTURE_BYTES = 64;
/** Entries up to this size may take the fast path. */
const FAST_ENTRY_BYTES = 64 * 1024;
const META_BYTES = 64 * 1024;
const BOM = [0xef, 0xbb, 0xbf];

/** Bytes that end a run of "nothing to do" inside an entry. */
const STRUCTURAL = new Uint8Array(256);
for (const c of '"{}[],:') STRUCTURAL[c.charCodeAt(0)] = 1;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isLiteralByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2e || c === 0x2b || c === 0x2d;
}

const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

function validLiteral(s: string): boolean {
  if (s === 'true' || s === 'false' || s === 'null') return true;
  return s.length > 40 ? /^-?[0-9]/.test(s) : NUMBER.test(s);
}

// The few keys inside an entry whose names matter (body paths and their encoding), matched
// as bytes: no string is made for the thousands of other keys.
const K_OTHER = 0;
const K_REQUEST = 1;
const K_RESPONSE = 2;
const K_POSTDATA = 3;
const K_CONTENT = 4;
const K_TK_CONTENT = 5; // HTTP Toolkit request._content
const K_TEXT = 6;
const K_ENCODING = 7;
const KEY_NAMES = ['request', 'response', 'postData', 'content', '_content', 'text', 'encoding'].map((k) => Buffer.from(k));
const KEY_CODES = [K_REQUEST, K_RESPONSE, K_POSTDATA, K_CONTENT, K_TK_CONTENT, K_TEXT, K_ENCODING];

function keyCode(src: Uint8Array, from: number, to: number): number {
  const len = to - from;
  if (len !== 4 && len !== 7 && len !== 8) return K_OTHER;
  for (let k = 0; k < KEY_NAMES.length; k++) {
    const key = KEY_NAMES[k]!;
    if (key.length !== len || key[0] !== src[from]) continue;
    let j = 1;
    while (j < len && src[from + j] === key[j]) j++;
    if (j === len) return KEY_CODES[k]!;
  }
  return K_OTHER;
}

const METHOD_KEY = /"method"\s*:\s*"([A-Za-z]{1,16})"/g;
const UPLOAD_METHOD = /^(?:patch|put)$/i;
const URL_KEY = /"url"\s*:\s*"((?:[^"\\]|\\.){1,8192})"/g;

function isBodyText(k1: number, k2: number): boolean {
  return (k1 === K_RESPONSE && k2 === K_CONTENT) || (k1 === K_REQUEST && (k2 === K_POSTDATA || k2 === K_TK_CONTENT));
}

/**
 * A byte-level JSON scanner for HAR documents. It checks the grammar of everything outside
 * `log.entries`, picks out `log.version`/`log.creator`, and cuts `log.entries` into one JSON
 * text per element. Inside an element it tracks only string boundaries and depth (JSON.parse
 * of the element checks the rest), except that any string longer than `bigString` bytes is
 * streamed through a StringSink and replaced by a placeholder, so no big string is ever held.
 *
 * Push chunks of any size; results do not depend on where the chunks are cut. State is a few
 * numbers and arrays, no recursion, so hostile nesting costs nothing but a counter.
 */
export class HarScanner {
  entriesStarted = false;
  entriesEnded = false;
  sawLog = false;
  /** `log` / `log.entries` were present but of the wrong type. */
  logNotObject = false;
  entriesNotArray = false;
  /** Bytes pushed so far. */
  offset = 0;
  /** Index of the next element of log.entries. */
  entryIndex = 0;

  private state = T_START;
  private sawContent = false;
  private bomOk = true;
  private failure: { offset: number; reason: string; notHar?: boolean } | undefined;
  private trailingAt: number | undefined;
  trailingCommas = 0;
  // top-level frames
  private readonly roles: number[] = [];
  private readonly keys: (string | undefined)[] = [];
  private strIsKey = false;
  private lit = '';
  // string scanning
  private esc = false;
  private strLen = 0;
  // small-string capture (keys, encoding values): a view of the chunk while the string
  // stays in one chunk (the usual case), copied only when it spans chunks
  private capture = false;
  private capSrc: Buffer | undefined;
  private capFrom = 0;
  private capTo = 0;
  private readonly capBuf = Buffer.alloc(CAPTURE_BYTES);
  private capLen = 0;
  private capOverflow = false;
  // value collection (entries, version, creator)
  private collecting = false;
  private purpose: 'entry' | 'version' | 'creator' | '_ociHarCheckRedacted' = 'entry';
  private retaining = false;
  private skipReason: string | undefined;
  private pieces: Buffer[] = [];
  private cLen = 0;
  private pieceStart = -1;
  private cStart = 0;
  private cDepth = 0;
  private cInStr = false;
  private cKinds = [0, 0, 0, 0];
  private cKeys = [K_OTHER, K_OTHER, K_OTHER, K_OTHER];
  private expectKey = false;
  private encoding3: string | undefined;
  private strAtDepth = 0;
  private strStartAbs = 0;
  private strBody = false;
  private bigs: SinkResult[] | undefined;
  private bodyBig: Map<number, number> | undefined;
  private sink: StringSink | undefined;
  // fast path
  private separator: Buffer | undefined;
  private prevEndChunk: Buffer | undefined;
  private prevEnd = 0;
  private fastMisses = 0;

  constructor(
    private readonly opts: ScannerOptions,
    private readonly on: ScanHandlers,
  ) {}

  get failed(): { offset: number; reason: string; notHar?: boolean } | undefined {
    return this.failure;
  }

  /**
   * Scans one chunk. Nothing keeps a view of `buf` after this returns (what must outlive the
   * chunk is copied), so the caller may read the next chunk into the same buffer.
   */
  push(buf: Buffer): void {
    const n = buf.length;
    let i = 0;
    if (this.collecting && this.retaining && !this.sink) this.pieceStart = 0;
    this.prevEndChunk = undefined;
    while (i < n && this.state !== T_FAILED && this.state !== T_TRAILING) {
      i = this.collecting ? this.collect(buf, i) : this.top(buf, i);
    }
    if (this.collecting) this.endOfChunk(buf);
    if (this.capture && this.capSrc) this.spill();
    this.offset += n;
  }

  /** Where the document stands once the input has ended. */
  end(): ScanState {
    if (this.state === T_FAILED) return { kind: 'failed', ...this.failure! };
    if (!this.sawContent) return { kind: 'empty' };
    if (this.state === T_DONE || this.state === T_TRAILING) {
      return this.trailingAt === undefined ? { kind: 'complete' } : { kind: 'complete', trailingAt: this.trailingAt };
    }
    this.sink = undefined;
    let reason: string;
    if (this.collecting && this.purpose === 'entry') reason = `file ends inside entry ${this.entryIndex}`;
    else if (this.entriesStarted && !this.entriesEnded) reason = `file ends inside log.entries, after entry ${this.entryIndex - 1}`;
    else if (this.entriesEnded) reason = 'file ends after log.entries, before the end of the document';
    else reason = 'file ends before log.entries';
    return { kind: 'eof', offset: this.offset, reason };
  }

  // --- top level --------------------------------------------------------------------

  private top(buf: Buffer, i: number): number {
    const n = buf.length;
    while (i < n) {
      const st = this.state;
      if (st === T_STR) {
        const from = i;
        const q = this.scanString(buf, i);
        const end = q < 0 ? n : q;
        if (this.capture) this.captureBytes(buf, from, end);
        if (q < 0) return n;
        i = q + 1;
        if (this.strIsKey) {
          if (this.capture) this.keys[this.keys.length - 1] = this.captured();
          this.state = T_COLON;
        } else this.state = T_AFTER;
        this.capture = false;
        continue;
      }
      const c = buf[i]!;
      if (st === T_LIT) {
        if (isLiteralByte(c)) {
          if (this.lit.length < 64) this.lit += String.fromCharCode(c);
          i++;
          continue;
        }
        if (!validLiteral(this.lit)) return this.fail(i, `invalid literal "${this.lit.slice(0, 20)}"`);
        this.state = T_AFTER;
        continue;
      }
      if (st === T_START) {
        const abs = this.offset + i;
        if (this.bomOk && abs < 3 && c === BOM[abs]) {
          i++;
          continue;
        }
        this.bomOk = false;
        if (isSpace(c)) {
          i++;
          continue;
        }
        this.sawContent = true;
        // `[`, a string or a number starts JSON that cannot be a HAR (a HAR is an object).
        if (c === 0x5b || c === 0x22 || c === 0x2d || (c >= 0x30 && c <= 0x39)) {
          return this.fail(i, `the document is ${c === 0x5b ? 'an array' : 'not an object'}; a HAR is an object with a "log" member`, true);
        }
        if (c !== 0x7b /* { */) return this.fail(i, 'the first character is not "{"');
        this.openFrame(R_ROOT);
        i++;
        continue;
      }
      if (isSpace(c)) {
        i++;
        continue;
      }
      switch (st) {
        case T_VALUE:
        case T_ARR_FIRST:
        case T_ARR_NEXT:
          if (c === 0x5d /* ] */ && st !== T_VALUE) {
            if (st === T_ARR_NEXT) this.trailingCommas++;
            this.closeFrame();
            i++;
            continue;
          }
          if (c === 0x7b && this.roles[this.roles.length - 1] === R_ENTRIES) {
            const next = this.fastEntry(buf, i);
            if (next > 0) {
              i = next;
              continue;
            }
          }
          if (!this.beginValue(buf, i, c)) return n;
          if (this.collecting) return i;
          i++;
          continue;
        case T_OBJ_FIRST:
        case T_OBJ_NEXT:
          if (c === 0x22 /* " */) {
            const role = this.roles[this.roles.length - 1];
            this.beginTopString(true, role === R_ROOT || role === R_LOG);
            i++;
            continue;
          }
          if (c === 0x7d /* } */) {
            if (st === T_OBJ_NEXT) this.trailingCommas++;
            this.closeFrame();
            i++;
            continue;
          }
          return this.fail(i, `expected a key, found ${describe(c)}`);
        case T_COLON:
          if (c !== 0x3a /* : */) return this.fail(i, `expected ":", found ${describe(c)}`);
          this.state = T_VALUE;
          i++;
          continue;
        case T_AFTER: {
          const role = this.roles[this.roles.length - 1]!;
          const isArr = role === R_ENTRIES || role === R_ARR;
          if (c === 0x2c /* , */) {
            this.state = isArr ? T_ARR_NEXT : T_OBJ_NEXT;
            i++;
            continue;
          }
          if ((c === 0x5d && isArr) || (c === 0x7d && !isArr)) {
            this.closeFrame();
            i++;
            continue;
          }
          return this.fail(i, `expected "," or "${isArr ? ']' : '}'}", found ${describe(c)}`);
        }
        case T_DONE:
          this.trailingAt = this.offset + i;
          this.state = T_TRAILING;
          return n;
        default:
          return this.fail(i, 'scanner state');
      }
    }
    return n;
  }

  /** A value starts at buf[i]; false when it cannot (the scanner failed). */
  private beginValue(buf: Buffer, i: number, c: number): boolean {
    const depth = this.roles.length;
    const parent = this.roles[depth - 1];
    const key = this.keys[depth - 1];
    if (c !== 0x7b && c !== 0x5b && c !== 0x22 && !isLiteralByte(c)) {
      this.fail(i, `expected a value, found ${describe(c)}`);
      return false;
    }
    if (parent === R_ENTRIES) {
      this.beginCollect(buf, i, 'entry');
      return true;
    }
    if (parent === R_LOG && (key === 'version' || key === 'creator' || key === '_ociHarCheckRedacted')) {
      this.beginCollect(buf, i, key);
      return true;
    }
    if (parent === R_ROOT && key === 'log' && c !== 0x7b) this.logNotObject = true;
    if (parent === R_LOG && key === 'entries' && c !== 0x5b) this.entriesNotArray = true;
    if (c === 0x7b) {
      if (parent === R_ROOT && key === 'log' && !this.sawLog) {
        this.sawLog = true;
        this.openFrame(R_LOG);
      } else this.openFrame(R_OBJ);
    } else if (c === 0x5b /* [ */) {
      if (parent === R_LOG && key === 'entries' && !this.entriesStarted) {
        this.entriesStarted = true;
        this.openFrame(R_ENTRIES);
      } else this.openFrame(R_ARR);
    } else if (c === 0x22) {
      this.beginTopString(false, false);
    } else {
      this.lit = String.fromCharCode(c);
      this.state = T_LIT;
    }
    if (this.roles.length > this.opts.maxDepth) {
      this.fail(i, `nesting deeper than ${this.opts.maxDepth} levels`);
      return false;
    }
    return true;
  }

  private openFrame(role: number): void {
    this.roles.push(role);
    this.keys.push(undefined);
    this.state = role === R_ENTRIES || role === R_ARR ? T_ARR_FIRST : T_OBJ_FIRST;
  }

  private closeFrame(): void {
    const role = this.roles.pop();
    this.keys.pop();
    if (role === R_ENTRIES) this.entriesEnded = true;
    this.state = this.roles.length === 0 ? T_DONE : T_AFTER;
  }

  private beginTopString(isKey: boolean, capture: boolean): void {
    this.state = T_STR;
    this.strIsKey = isKey;
    this.esc = false;
    this.startCapture(capture);
  }

  /** `notHar`: the input is JSON, just not a HAR document. */
  private fail(i: number, reason: string, notHar = false): number {
    this.failure = notHar ? { offset: this.offset + i, reason, notHar } : { offset: this.offset + i, reason };
    this.state = T_FAILED;
    this.collecting = false;
    this.sink = undefined;
    return Number.MAX_SAFE_INTEGER;
  }

  // --- strings ----------------------------------------------------------------------

  /**
   * Index of the closing quote of the string being scanned, from buf[i]; -1 when the chunk
   * ends first. Jumps between quotes with indexOf (native, and faster than a byte loop even
   * for short strings) and counts the backslashes before each quote.
   */
  private scanString(buf: Buffer, i: number): number {
    const n = buf.length;
    if (this.esc) {
      if (i >= n) return -1;
      this.esc = false;
      i++;
    }
    for (;;) {
      const q = i < n ? buf.indexOf(0x22, i) : -1;
      const at = q < 0 ? n : q;
      let k = 0;
      while (at - 1 - k >= i && buf[at - 1 - k] === 0x5c) k++;
      if (q < 0) {
        this.esc = (k & 1) === 1;
        return -1;
      }
      if ((k & 1) === 0) return q;
      i = q + 1;
    }
  }

  private startCapture(on: boolean): void {
    this.capture = on;
    this.capSrc = undefined;
    this.capLen = 0;
    this.capOverflow = false;
  }

  private captureBytes(buf: Buffer, from: number, to: number): void {
    if (this.capOverflow) return;
    if (this.capSrc === undefined && this.capLen === 0) {
      this.capSrc = buf;
      this.capFrom = from;
      this.capTo = to;
    } else {
      if (this.capSrc) this.spill();
      this.append(buf, from, to);
    }
    if (this.capSrc ? this.capTo - this.capFrom > CAPTURE_BYTES : this.capLen > CAPTURE_BYTES) this.capOverflow = true;
  }

  /** The string spans chunks: copy the view before the chunk goes away. */
  private spill(): void {
    const src = this.capSrc!;
    this.capSrc = undefined;
    this.append(src, this.capFrom, this.capTo);
  }

  private append(buf: Buffer, from: number, to: number): void {
    const len = to - from;
    if (this.capLen + len > CAPTURE_BYTES) {
      this.capOverflow = true;
      return;
    }
    buf.copy(this.capBuf, this.capLen, from, to);
    this.capLen += len;
  }

  /** The captured string's value; undefined when it was too long to matter. */
  private captured(): string | undefined {
    if (this.capOverflow) return undefined;
    const raw = this.capSrc ? this.capSrc.toString('utf8', this.capFrom, this.capTo) : this.capBuf.toString('utf8', 0, this.capLen);
    if (!raw.includes('\\')) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return undefined;
    }
  }

  /** The captured key as one of the K_ codes. */
  private capturedKey(): number {
    if (this.capOverflow) return K_OTHER;
    return this.capSrc ? keyCode(this.capSrc, this.capFrom, this.capTo) : keyCode(this.capBuf, 0, this.capLen);
  }

  // --- value collection -------------------------------------------------------------

  private beginCollect(buf: Buffer, i: number, purpose: 'entry' | 'version' | 'creator' | '_ociHarCheckRedacted'): void {
    this.collecting = true;
    this.purpose = purpose;
    this.retaining = true;
    this.skipReason = undefined;
    this.pieces = [];
    this.cLen = 0;
    this.pieceStart = i;
    this.cStart = this.offset + i;
    this.cDepth = 0;
    this.cInStr = false;
    this.expectKey = false;
    this.bigs = undefined;
    this.bodyBig = undefined;
    this.sink = undefined;
  }

  private collect(buf: Buffer, i: number): number {
    const n = buf.length;
    const kinds = this.cKinds;
    while (i < n) {
      if (this.cInStr) {
        const from = i;
        const q = this.scanString(buf, i);
        const end = q < 0 ? n : q;
        this.strLen += end - from;
        if (this.sink) this.sink.write(buf.subarray(from, end));
        else if (this.capture) this.captureBytes(buf, from, end);
        if (!this.sink && this.strLen > this.opts.bigString && this.purpose === 'entry' && this.retaining) this.beginSink(buf, end);
        if (q < 0) return n;
        this.cInStr = false;
        i = q + 1;
        if (this.sink) this.endSink(q);
        else if (this.capture) {
          if (this.expectKey) {
            this.cKeys[this.strAtDepth] = this.capturedKey();
            this.expectKey = false;
          } else this.encoding3 = this.captured();
          this.capture = false;
        }
        if (this.cDepth === 0) return this.finishCollect(buf, i);
        continue;
      }
      const c = buf[i]!;
      if (this.cDepth === 0 && c !== 0x7b && c !== 0x5b && c !== 0x22) {
        // an element that is a bare literal (null, 1, true): it ends at the first delimiter
        if (isLiteralByte(c)) {
          i++;
          continue;
        }
        return this.finishCollect(buf, i);
      }
      switch (c) {
        case 0x22:
          this.beginString(i);
          i++;
          break;
        case 0x7b:
        case 0x5b: {
          const d = ++this.cDepth;
          if (d <= 3) {
            kinds[d] = c === 0x7b ? OBJ : ARR;
            this.cKeys[d] = K_OTHER;
            if (d === 3) this.encoding3 = undefined;
          }
          this.expectKey = c === 0x7b;
          if (d > this.opts.maxDepth && this.retaining) this.skip(`nesting deeper than ${this.opts.maxDepth} levels`);
          i++;
          break;
        }
        case 0x7d:
        case 0x5d:
          this.expectKey = false;
          i++;
          if (--this.cDepth === 0) return this.finishCollect(buf, i);
          break;
        case 0x2c:
          this.expectKey = this.cDepth <= 3 && kinds[this.cDepth] === OBJ;
          i++;
          break;
        case 0x3a:
          this.expectKey = false;
          i++;
          break;
        default:
          i++;
          while (i < n && STRUCTURAL[buf[i]!] === 0) i++;
      }
    }
    return n;
  }

  private beginString(i: number): void {
    const d = this.cDepth;
    this.cInStr = true;
    this.esc = false;
    this.strLen = 0;
    this.strAtDepth = d;
    this.strStartAbs = this.retaining ? this.cLen + (i - this.pieceStart) : 0;
    if (d > 3 || d === 0 || this.purpose !== 'entry' || !this.retaining) {
      // only the first three levels of an entry hold keys and bodies we look at
      this.capture = false;
      this.strBody = false;
      return;
    }
    const isKey = this.cKinds[d] === OBJ && this.expectKey;
    if (!isKey) this.expectKey = false;
    this.startCapture(isKey || (d === 3 && this.cKeys[3] === K_ENCODING));
    this.strBody = !isKey && d === 3 && this.cKeys[3] === K_TEXT && isBodyText(this.cKeys[1]!, this.cKeys[2]!);
  }

  /** The string being read is big: stream what we hold of it and the rest through a sink. */
  private beginSink(buf: Buffer, upto: number): void {
    const upload = this.strBody && this.cKeys[1] === K_REQUEST && this.on.uploadPlan ? this.uploadHint(buf, upto) : undefined;
    const sink = new StringSink({
      body: this.strBody,
      encoding: this.strBody ? this.encoding3 : undefined,
      keepLimit: this.opts.keepLimit,
      ...(upload ? { upload } : {}),
    });
    for (const part of this.retainedFrom(this.strStartAbs + 1, buf, upto)) sink.write(part);
    this.truncateRetained(this.strStartAbs, buf);
    this.pieceStart = -1;
    this.capture = false;
    this.sink = sink;
  }

  /**
   * The request's method and URL read from the entry's bytes before its body (the last
   * "method" and "url" keys: request.url follows Chrome's _initiator.url), asked of the
   * handler. Runs once per big request body, on bytes the entry retains anyway.
   */
  private uploadHint(buf: Buffer, upto: number): { token: string; base: import('node:crypto').Hash | undefined } | undefined {
    const head = Buffer.concat(this.retainedFrom(0, buf, upto)).toString('utf8', 0, this.strStartAbs);
    let method: string | undefined;
    for (const m of head.matchAll(METHOD_KEY)) method = m[1];
    if (method === undefined || !UPLOAD_METHOD.test(method)) return undefined;
    let url: string | undefined;
    for (const m of head.matchAll(URL_KEY)) url = m[1];
    if (url === undefined) return undefined;
    try {
      return this.on.uploadPlan!(method, JSON.parse(`"${url}"`) as string);
    } catch {
      return undefined;
    }
  }

  private endSink(q: number): void {
    const result = this.sink!.end();
    this.sink = undefined;
    const bigs = (this.bigs ??= []);
    const k = bigs.push(result) - 1;
    if (this.strBody) {
      // a repeated "text" key: JSON.parse keeps the last, so drop what the earlier one kept
      const path = this.cKeys[1]! * 8 + this.cKeys[2]!;
      const earlier = (this.bodyBig ??= new Map()).get(path);
      if (earlier !== undefined) bigs[earlier] = { rawBytes: bigs[earlier]!.rawBytes };
      this.bodyBig.set(path, k);
    }
    const ph = placeholderJson(k);
    this.pieces.push(ph);
    this.cLen += ph.length;
    this.pieceStart = q + 1;
  }

  /** The retained bytes from collected offset `from` up to buf[upto]. */
  private retainedFrom(from: number, buf: Buffer, upto: number): Buffer[] {
    const out: Buffer[] = [];
    let off = 0;
    for (const p of this.pieces) {
      const pEnd = off + p.length;
      if (pEnd > from) out.push(from > off ? p.subarray(from - off) : p);
      off = pEnd;
    }
    if (this.pieceStart >= 0) {
      const s = this.pieceStart + Math.max(from - off, 0);
      if (upto > s) out.push(buf.subarray(s, upto));
    }
    return out;
  }

  /** Keeps the first `to` collected bytes, dropping the rest (the big string's start). */
  private truncateRetained(to: number, buf: Buffer): void {
    if (to >= this.cLen) {
      if (to > this.cLen && this.pieceStart >= 0) this.pieces.push(Buffer.from(buf.subarray(this.pieceStart, this.pieceStart + (to - this.cLen))));
      this.cLen = to;
      return;
    }
    while (this.pieces.length > 0 && this.cLen - this.pieces[this.pieces.length - 1]!.length >= to) {
      this.cLen -= this.pieces.pop()!.length;
    }
    if (this.cLen > to) {
      const last = this.pieces.pop()!;
      this.pieces.push(last.subarray(0, last.length - (this.cLen - to)));
      this.cLen = to;
    }
  }

  private endOfChunk(buf: Buffer): void {
    if (this.retaining && this.pieceStart >= 0 && this.pieceStart < buf.length) {
      this.pieces.push(Buffer.from(buf.subarray(this.pieceStart)));
      this.cLen += buf.length - this.pieceStart;
    }
    this.pieceStart = -1;
    const cap = this.purpose === 'entry' ? this.opts.maxEntryBytes : META_BYTES;
    if (this.retaining && this.cLen > cap) this.skip(`entry larger than ${this.opts.maxEntryBytes} bytes besides its bodies`);
  }

  /** Stop keeping the element; keep scanning to its end. */
  private skip(reason: string): void {
    this.retaining = false;
    this.skipReason = reason;
    this.pieces = [];
    this.cLen = 0;
    this.pieceStart = -1;
    this.sink = undefined;
    this.capture = false;
    this.bigs = undefined;
  }

  // --- fast path for small entries ----------------------------------------------------

  /**
   * Producers write every entry the same way, so the bytes from one entry's closing brace to
   * the next entry's first key (`},{"startedDateTime"`, or the same with the producer's
   * indentation) repeat. Once learned, the end of a small entry is found with one native
   * search and checked by JSON.parse: a prefix that parses is exactly one balanced object, so
   * it ends where the scanner would have ended it. Anything else takes the byte scanner.
   * Returns the index after the entry, or -1.
   */
  private fastEntry(buf: Buffer, i: number): number {
    if (this.separator === undefined) {
      if (this.prevEndChunk === buf) this.learnSeparator(buf, i);
      return -1;
    }
    const limit = Math.min(FAST_ENTRY_BYTES, this.opts.bigString, buf.length - i);
    const at = buf.subarray(i, i + limit).indexOf(this.separator);
    if (at > 0) {
      const json = buf.toString('utf8', i, i + at + 1);
      // brackets bound the depth: entries that might nest past the cap take the scanner
      if (countBrackets(json, this.opts.maxDepth) <= this.opts.maxDepth) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(json);
        } catch {
          parsed = undefined;
        }
        if (parsed !== undefined) {
          const end = i + at + 1;
          this.fastMisses = 0;
          this.state = T_AFTER;
          this.prevEndChunk = buf;
          this.prevEnd = end;
          this.on.entry({ index: this.entryIndex++, json, parsed, start: this.offset + i, end: this.offset + end });
          return end;
        }
      }
    }
    if (++this.fastMisses > 64) this.separator = undefined; // not this producer's layout
    return -1;
  }

  /** Learns the separator from the previous entry's '}' to this entry's first key. */
  private learnSeparator(buf: Buffer, i: number): void {
    if (this.fastMisses > 64) return;
    let k = i + 1;
    while (k < buf.length && isSpace(buf[k]!)) k++;
    if (buf[k] !== 0x22) return;
    const close = buf.indexOf(0x22, k + 1);
    if (close < 0 || close - k > 64 || buf.subarray(k, close).includes(0x5c)) return;
    this.separator = Buffer.from(buf.subarray(this.prevEnd - 1, close + 1));
  }

  private finishCollect(buf: Buffer, i: number): number {
    let json: string | undefined;
    if (this.retaining) {
      if (this.pieceStart >= 0 && i > this.pieceStart) {
        this.pieces.push(buf.subarray(this.pieceStart, i));
        this.cLen += i - this.pieceStart;
      }
      json = this.pieces.length === 1 ? this.pieces[0]!.toString('utf8') : Buffer.concat(this.pieces, this.cLen).toString('utf8');
    }
    const purpose = this.purpose;
    const raw: RawEntry = { index: this.entryIndex, start: this.cStart, end: this.offset + i };
    const bigs = this.bigs;
    const skipped = this.skipReason;
    this.collecting = false;
    this.retaining = false;
    this.pieces = [];
    this.cLen = 0;
    this.pieceStart = -1;
    this.bigs = undefined;
    this.state = T_AFTER;
    if (purpose === 'entry') {
      this.entryIndex++;
      this.prevEndChunk = buf;
      this.prevEnd = i;
      if (json !== undefined) raw.json = json;
      if (bigs) raw.bigs = bigs;
      if (skipped) raw.skipped = skipped;
      this.on.entry(raw);
    } else if (json !== undefined) this.on.meta(purpose, json);
    return i;
  }
}

/** Number of '{' and '[' in `text`, counting no further than `limit` + 1. */
function countBrackets(text: string, limit: number): number {
  let n = 0;
  for (let p = text.indexOf('{'); p >= 0 && n <= limit; p = text.indexOf('{', p + 1)) n++;
  for (let p = text.indexOf('['); p >= 0 && n <= limit; p = text.indexOf('[', p + 1)) n++;
  return n;
}

function describe(c: number): string {
  return c >= 0x21 && c < 0x7f ? `"${String.fromCharCode(c)}"` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}
