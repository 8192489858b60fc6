import { isAscii, isUtf8 } from 'node:buffer';
import type { Hash } from 'node:crypto';
import { Base64Decoder } from './base64.js';
import { ByteDigest, type Digest, hasC1Control, REPLACEMENT_UTF8 } from './digest.js';

export interface TextDigest extends Digest {
  /** The text holds U+FFFD (or a lone surrogate, which encodes as U+FFFD). */
  replacement: boolean;
  /** The text holds a C1 control character (U+0080–U+009F). */
  c1: boolean;
  /** Every character is ASCII (so every single-byte charset gives the same bytes). */
  ascii: boolean;
}

/**
 * What a JSON string too large to hold as a JS string turned out to be, in each reading
 * that was still possible when it ended. The reader picks one once the enclosing object
 * (and so its `encoding` and `mimeType`) is complete.
 */
export interface SinkResult {
  /** JSON-escaped bytes the string took in the file. */
  rawBytes: number;
  /** Read as text, encoded as UTF-8 (the normal reading). */
  utf8?: TextDigest;
  /** Read as text whose code points are bytes (mitmproxy, charset=latin-1); null if a code point > U+00FF. */
  latin1?: Digest | null;
  /** Read as base64; null when the text is not valid base64. */
  base64?: Digest | null;
  /** Token of the upload plan the readings were also hashed onto (their `running`). */
  upload?: string;
  /** What was learned of the text when its UTF-8 hash was given up (it looked like base64). */
  textSeen?: { replacement: boolean; c1: boolean; ascii: boolean };
}

export interface SinkOptions {
  /** A body text: hash it. Any other big string is only measured. */
  body: boolean;
  /** The sibling `encoding` when it came before the text; undefined when not seen (yet). */
  encoding?: string;
  keepLimit: number;
  /** A request body on an open upload session: also feed every reading onto a fork of its running hash. */
  upload?: { token: string; base: Hash | undefined };
}

const STAGE_BYTES = 64 * 1024;
const DIRECT_BYTES = 4096;
const BASE64_SLICE = 64 * 1024;
/**
 * A big string still all base64 alphabet after this many bytes is taken for base64 and its
 * text reading given up (see readings). Only strings over the big-string threshold (1 MiB)
 * come here; a JSON or text body breaks the alphabet in its first bytes. Small, because the
 * text reading keeps copies of its bytes until then: per large blob, that was a megabyte of
 * buffers only a major GC returned.
 */
const TEXT_WHILE_BASE64 = 64 * 1024;

/*
 * One stage buffer serves one sink after another (big strings stream one at a time). A fresh
 * 64 KiB per body was external memory that only a major GC returns: on a capture of large
 * blobs, RSS grew by the number of bodies between two major GCs.
 */
let spareStage: Buffer | undefined;
function takeStage(): Buffer {
  const stage = spareStage ?? Buffer.allocUnsafe(STAGE_BYTES);
  spareStage = undefined;
  return stage;
}
function giveStage(stage: Buffer): void {
  if (stage.length === STAGE_BYTES) spareStage = stage;
}

/** JSON simple escapes → byte. */
const SIMPLE_ESCAPE = new Int16Array(128).fill(-1);
SIMPLE_ESCAPE[0x22] = 0x22; // \"
SIMPLE_ESCAPE[0x5c] = 0x5c; // \\
SIMPLE_ESCAPE[0x2f] = 0x2f; // \/
SIMPLE_ESCAPE[0x62] = 0x08; // \b
SIMPLE_ESCAPE[0x66] = 0x0c; // \f
SIMPLE_ESCAPE[0x6e] = 0x0a; // \n
SIMPLE_ESCAPE[0x72] = 0x0d; // \r
SIMPLE_ESCAPE[0x74] = 0x09; // \t

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const l = b | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/**
 * Receives the raw (still JSON-escaped) bytes of one big string in pieces of any size,
 * unescapes them to UTF-8 and feeds every reading that is still possible: UTF-8 text,
 * Latin-1 text, base64. Nothing is held but the digests' state and, while small and textual,
 * the bytes of each reading. Escapes, surrogate pairs and UTF-8 sequences may be split
 * anywhere between pieces.
 */
export class StringSink {
  private rawBytes = 0;
  // unescaping
  private escape: number[] | null = null; // bytes after a backslash, until the escape is complete
  private highSurrogate = 0;
  private stage: Buffer;
  private stageLen = 0;
  private utf8Carry: Buffer | null = null;
  // readings
  private text: ByteDigest | undefined;
  /** The text reading's hash was given up (see readings); its flags are still tracked. */
  private textHashDropped = false;
  private replacement = false;
  private c1 = false;
  private ascii = true;
  /** Latin-1 reading: shares the UTF-8 digest while the text is ASCII (same bytes). */
  private latin1: ByteDigest | 'shared' | null | undefined;
  private latin1Buf: Buffer | undefined;
  private readonly base64: Base64Decoder | undefined;
  private readonly base64Digest: ByteDigest | undefined;

  constructor(private readonly opts: SinkOptions) {
    this.stage = opts.body ? takeStage() : Buffer.alloc(0);
    if (!opts.body) return;
    const enc = opts.encoding?.trim().toLowerCase();
    const upload = opts.upload;
    if (enc !== 'base64') {
      this.text = new ByteDigest(opts.keepLimit);
      if (upload) this.text.runFrom(upload.base);
      this.latin1 = 'shared';
    }
    if (enc === undefined || enc === 'base64') {
      const digest = new ByteDigest(opts.keepLimit);
      if (upload) digest.runFrom(upload.base);
      this.base64Digest = digest;
      this.base64 = new Base64Decoder((bytes) => digest.update(bytes));
    }
  }

  write(raw: Buffer): void {
    this.rawBytes += raw.length;
    if (!this.opts.body) return;
    const n = raw.length;
    let i = 0;
    if (this.escape) {
      i = this.continueEscape(raw, 0);
      if (this.escape) return;
    }
    while (i < n) {
      const slash = raw.indexOf(0x5c, i);
      const end = slash < 0 ? n : slash;
      if (end > i) {
        this.flushSurrogate();
        this.emit(raw, i, end);
      }
      if (slash < 0) break;
      this.escape = [];
      i = this.continueEscape(raw, slash + 1);
      if (this.escape) break;
    }
  }

  end(): SinkResult {
    const result: SinkResult = { rawBytes: this.rawBytes };
    if (!this.opts.body) return result;
    if (this.opts.upload) result.upload = this.opts.upload.token;
    // An escape cut by the string's end is invalid JSON; we are lenient and drop it.
    this.escape = null;
    this.flushSurrogate();
    this.flushStage();
    if (this.utf8Carry) {
      const carry = this.utf8Carry;
      this.utf8Carry = null;
      this.readings(isUtf8(carry) ? carry : Buffer.from(carry.toString('utf8')));
    }
    if (this.text) result.utf8 = { ...this.text.finish(), replacement: this.replacement, c1: this.c1, ascii: this.ascii };
    if (this.textHashDropped) result.textSeen = { replacement: this.replacement, c1: this.c1, ascii: this.ascii };
    if (this.latin1 !== undefined) {
      result.latin1 = this.latin1 === 'shared' ? (result.utf8 ? { ...result.utf8 } : null) : this.latin1 ? this.latin1.finish() : null;
    }
    if (this.base64 && this.base64Digest) result.base64 = this.base64.end() ? this.base64Digest.finish() : null;
    giveStage(this.stage);
    this.stage = Buffer.alloc(0);
    return result;
  }

  // --- unescaping -------------------------------------------------------------------

  /** Consumes escape bytes from raw[i…]; returns the next index. `escape` is null when done. */
  private continueEscape(raw: Buffer, i: number): number {
    const esc = this.escape!;
    const n = raw.length;
    if (esc.length === 0) {
      if (i >= n) return i;
      const c = raw[i++]!;
      if (c !== 0x75 /* u */) {
        this.escape = null;
        this.flushSurrogate();
        const mapped = c < 128 ? SIMPLE_ESCAPE[c]! : -1;
        this.emitByte(mapped >= 0 ? mapped : c); // invalid escape: keep the character (lenient)
        return i;
      }
      esc.push(c);
    }
    while (esc.length < 5 && i < n) esc.push(raw[i++]!);
    if (esc.length < 5) return i;
    this.escape = null;
    let unit = 0;
    for (let k = 1; k < 5; k++) {
      const h = hexValue(esc[k]!);
      if (h < 0) {
        unit = -1;
        break;
      }
      unit = (unit << 4) | h;
    }
    this.codeUnit(unit < 0 ? 0xfffd : unit);
    return i;
  }

  /** One UTF-16 code unit from a \uXXXX escape; pairs surrogates like JSON.parse + UTF-8 encoding. */
  private codeUnit(unit: number): void {
    if (this.highSurrogate) {
      if (unit >= 0xdc00 && unit <= 0xdfff) {
        const cp = 0x10000 + ((this.highSurrogate - 0xd800) << 10) + (unit - 0xdc00);
        this.highSurrogate = 0;
        this.emitCodePoint(cp);
        return;
      }
      this.flushSurrogate();
    }
    if (unit >= 0xd800 && unit <= 0xdbff) this.highSurrogate = unit;
    else if (unit >= 0xdc00 && unit <= 0xdfff) this.emitCodePoint(0xfffd);
    else this.emitCodePoint(unit);
  }

  /** A lone high surrogate encodes as U+FFFD in UTF-8, as Buffer.from(string) does. */
  private flushSurrogate(): void {
    if (!this.highSurrogate) return;
    this.highSurrogate = 0;
    this.emitCodePoint(0xfffd);
  }

  private emitCodePoint(cp: number): void {
    if (this.stageLen + 4 > STAGE_BYTES) this.flushStage();
    const s = this.stage;
    let k = this.stageLen;
    if (cp < 0x80) s[k++] = cp;
    else if (cp < 0x800) {
      s[k++] = 0xc0 | (cp >> 6);
      s[k++] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      s[k++] = 0xe0 | (cp >> 12);
      s[k++] = 0x80 | ((cp >> 6) & 0x3f);
      s[k++] = 0x80 | (cp & 0x3f);
    } else {
      s[k++] = 0xf0 | (cp >> 18);
      s[k++] = 0x80 | ((cp >> 12) & 0x3f);
      s[k++] = 0x80 | ((cp >> 6) & 0x3f);
      s[k++] = 0x80 | (cp & 0x3f);
    }
    this.stageLen = k;
  }

  private emitByte(b: number): void {
    if (this.stageLen >= STAGE_BYTES) this.flushStage();
    this.stage[this.stageLen++] = b;
  }

  /** Unescaped bytes: long runs go straight through, short ones are batched (few hash calls). */
  private emit(raw: Buffer, start: number, end: number): void {
    const len = end - start;
    if (len >= DIRECT_BYTES) {
      this.flushStage();
      this.deliver(raw.subarray(start, end));
      return;
    }
    if (this.stageLen + len > STAGE_BYTES) this.flushStage();
    raw.copy(this.stage, this.stageLen, start, end);
    this.stageLen += len;
  }

  private flushStage(): void {
    if (this.stageLen === 0) return;
    const block = this.stage.subarray(0, this.stageLen);
    this.stageLen = 0;
    this.deliver(block);
  }

  // --- UTF-8 blocks -------------------------------------------------------------------

  /**
   * Cuts blocks at UTF-8 sequence boundaries (a sequence split between pieces is carried)
   * so every reading sees whole characters, and repairs invalid UTF-8 the way
   * Buffer#toString does for small strings.
   */
  private deliver(block: Buffer): void {
    if (this.utf8Carry) {
      const carry = this.utf8Carry;
      const need = sequenceLength(carry[0]!) - carry.length;
      let take = 0;
      while (take < need && take < block.length && (block[take]! & 0xc0) === 0x80) take++;
      const joined = Buffer.concat([carry, block.subarray(0, take)]);
      block = block.subarray(take);
      if (take < need && block.length === 0) {
        this.utf8Carry = joined;
        return;
      }
      this.utf8Carry = null;
      this.readings(isUtf8(joined) ? joined : Buffer.from(joined.toString('utf8')));
    }
    const tail = incompleteTail(block);
    if (tail > 0) {
      this.utf8Carry = Buffer.from(block.subarray(block.length - tail));
      block = block.subarray(0, block.length - tail);
    }
    if (block.length === 0) return;
    this.readings(isUtf8(block) ? block : Buffer.from(block.toString('utf8')));
  }

  /** One block of whole, valid UTF-8 characters. */
  private readings(block: Buffer): void {
    if (this.textHashDropped) {
      if (!this.replacement && block.indexOf(REPLACEMENT_UTF8) >= 0) this.replacement = true;
      if (!this.c1 && hasC1Control(block)) this.c1 = true;
      if (this.ascii && !isAscii(block)) this.ascii = false;
    } else if (this.text) {
      if (!this.replacement && block.indexOf(REPLACEMENT_UTF8) >= 0) this.replacement = true;
      if (!this.c1 && hasC1Control(block)) this.c1 = true;
      if (this.ascii && !isAscii(block)) {
        this.ascii = false;
        if (this.latin1 === 'shared') this.latin1 = this.text.clone();
      }
      if (this.latin1 instanceof ByteDigest) this.latin1Update(this.latin1, block);
      this.text.update(block);
      // A text that is still all base64 past TEXT_WHILE_BASE64 is a base64 body whose `encoding`
      // comes later (mitmproxy, Chrome write it after the text): hashing it as text too would
      // double the hashing. The text reading is given up; should no base64 encoding follow,
      // the body is reported as not hashed rather than guessed.
      if (this.base64?.valid && this.text.size > TEXT_WHILE_BASE64) {
        this.text = undefined;
        this.latin1 = null;
        this.textHashDropped = true;
      }
    }
    if (this.base64) {
      // small slices: the text lives and dies on V8's young heap instead of as 1 MiB external strings
      for (let at = 0; at < block.length; at += BASE64_SLICE) this.base64.write(block.toString('latin1', at, Math.min(block.length, at + BASE64_SLICE)));
    }
  }

  /** UTF-8 → Latin-1 bytes; the reading dies at the first code point above U+00FF. */
  private latin1Update(digest: ByteDigest, block: Buffer): void {
    if (!this.latin1Buf || this.latin1Buf.length < block.length) this.latin1Buf = Buffer.allocUnsafe(Math.max(block.length, STAGE_BYTES));
    const out = this.latin1Buf;
    let k = 0;
    for (let i = 0; i < block.length; i++) {
      const b = block[i]!;
      if (b < 0x80) out[k++] = b;
      else if (b === 0xc2 || b === 0xc3) out[k++] = ((b & 0x1f) << 6) | (block[++i]! & 0x3f);
      else {
        this.latin1 = null;
        return;
      }
    }
    digest.update(out.subarray(0, k));
  }
}

function sequenceLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

/** Bytes at the end of `block` that start a UTF-8 sequence it does not finish. */
function incompleteTail(block: Buffer): number {
  const n = block.length;
  let k = 0;
  while (k < 3 && k < n && (block[n - 1 - k]! & 0xc0) === 0x80) k++;
  if (k === n) return 0;
  const lead = block[n - 1 - k]!;
  if (lead < 0xc0) return 0;
  return sequenceLength(lead) > k + 1 ? k + 1 : 0;
}
