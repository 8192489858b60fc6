import * as crypto from 'node:crypto';
import { createHash, type Hash } from 'node:crypto';

/** Bytes kept as `Body.prefix` for bodies we do not keep whole. */
const PREFIX_BYTES = 64;

/** What we know about one interpretation of a body's bytes, without holding them all. */
export interface Digest {
  size: number;
  sha256: string;
  prefix: Uint8Array;
  /** Every byte, when the body stayed within the keep limit and looked textual. */
  kept?: Buffer;
  /** An upload session's running hash with these bytes appended (see ByteDigest.runFrom); not finished. */
  running?: Hash;
}

/**
 * Incremental size + sha256 + prefix of a byte stream, keeping the bytes only while they
 * stay under `keepLimit` and look like text (a JSON manifest is kept, a layer is not).
 */
export class ByteDigest {
  private hash: Hash;
  size = 0;
  private prefixBuf = Buffer.alloc(PREFIX_BYTES);
  private prefixLen = 0;
  private kept: Buffer[] | undefined = [];
  /** A session's running hash fed alongside (chunk reassembly), or 'own' to keep this hash's state. */
  private running: Hash | 'own' | undefined;

  constructor(private readonly keepLimit: number, hash?: Hash) {
    this.hash = hash ?? createHash('sha256');
  }

  /**
   * Also hash the bytes onto an upload session's running hash: `base` is forked (never
   * changed); without a base (the session is empty) this digest's own state is kept instead.
   */
  runFrom(base: Hash | undefined): void {
    this.running = base ? base.copy() : 'own';
  }

  /** `block` may be reused by the caller after this returns (it is copied when kept). */
  update(block: Uint8Array): void {
    const n = block.length;
    if (n === 0) return;
    this.hash.update(block);
    if (this.running !== undefined && this.running !== 'own') this.running.update(block);
    if (this.prefixLen < PREFIX_BYTES) {
      const take = Math.min(PREFIX_BYTES - this.prefixLen, n);
      this.prefixBuf.set(block.subarray(0, take), this.prefixLen);
      this.prefixLen += take;
      if (this.kept && this.prefixLen === PREFIX_BYTES && !looksTextual(this.prefixBuf)) this.kept = undefined;
    }
    this.size += n;
    if (this.kept) {
      if (this.size > this.keepLimit) this.kept = undefined;
      else this.kept.push(Buffer.from(block));
    }
  }

  /** Stop keeping the bytes (this reading will not be wanted whole). */
  dropKept(): void {
    this.kept = undefined;
  }

  /** An independent copy of the state so far (to fork one interpretation into two). */
  clone(): ByteDigest {
    const copy = new ByteDigest(this.keepLimit, this.hash.copy());
    copy.size = this.size;
    copy.prefixBuf.set(this.prefixBuf);
    copy.prefixLen = this.prefixLen;
    copy.kept = this.kept ? [...this.kept] : undefined;
    if (this.running !== undefined) copy.running = this.running === 'own' ? 'own' : this.running.copy();
    return copy;
  }

  finish(): Digest {
    const running = this.running === 'own' ? this.hash.copy() : this.running;
    const d: Digest = {
      size: this.size,
      sha256: this.hash.digest('hex'),
      prefix: Uint8Array.prototype.slice.call(this.prefixBuf, 0, this.prefixLen),
    };
    if (this.kept && (this.prefixLen === PREFIX_BYTES || looksTextual(d.prefix))) d.kept = Buffer.concat(this.kept, this.size);
    if (running) d.running = running;
    return d;
  }
}

// crypto.hash (Node ≥ 20.12) skips the Hash object: a third faster on small bodies.
const oneShot: ((algorithm: string, data: string | Buffer, encoding: 'hex') => string) | undefined = (crypto as { hash?: typeof crypto.hash }).hash;

/** Hex sha256 of bytes, or of a string's UTF-8 encoding. */
export function sha256Hex(data: string | Buffer): string {
  return oneShot ? oneShot('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex');
}

/** Digest of bytes already in memory (small bodies). */
export function digestBytes(bytes: Buffer, keepLimit: number): Digest {
  const d: Digest = {
    size: bytes.length,
    sha256: sha256Hex(bytes),
    prefix: Uint8Array.prototype.slice.call(bytes, 0, PREFIX_BYTES),
  };
  if (bytes.length <= keepLimit && looksTextual(d.prefix)) d.kept = bytes;
  return d;
}

/**
 * True when the first bytes contain no control bytes other than tab, LF, FF, CR (binary
 * formats — gzip, tar, zstd, images — all have them early). Decides whether to keep a body.
 */
function looksTextual(prefix: Uint8Array): boolean {
  for (let i = 0; i < prefix.length; i++) {
    const b = prefix[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) return false;
    if (b === 0x7f) return false;
  }
  return true;
}

/** looksTextual for the UTF-8 encoding of `text`, without encoding it. */
export function looksTextualText(text: string): boolean {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes < PREFIX_BYTES; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) return false;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? 2 : 3;
  }
  return true;
}

/** The first PREFIX_BYTES of a string's UTF-8 encoding. */
export function prefixOf(text: string): Uint8Array {
  let end = Math.min(text.length, PREFIX_BYTES);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end++; // keep a surrogate pair whole
  return Uint8Array.prototype.slice.call(Buffer.from(text.slice(0, end), 'utf8'), 0, PREFIX_BYTES);
}

/** UTF-8 of U+FFFD, the mark of bytes a producer could not decode. */
export const REPLACEMENT_UTF8 = Buffer.from([0xef, 0xbf, 0xbd]);

/** True when UTF-8 bytes contain a C1 control (U+0080–U+009F): binary decoded as Latin-1. */
export function hasC1Control(bytes: Uint8Array): boolean {
  let i = bytes.indexOf(0xc2);
  while (i >= 0 && i + 1 < bytes.length) {
    const next = bytes[i + 1]!;
    if (next >= 0x80 && next <= 0x9f) return true;
    i = bytes.indexOf(0xc2, i + 1);
  }
  return false;
}
