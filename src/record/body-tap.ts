import { createHash, type Hash } from 'node:crypto';

/** Bytes a body may keep in memory to be written into the HAR; above it only size and sha256 are kept. */
export const DEFAULT_INLINE_LIMIT = 16 * 1024 * 1024;

export interface TappedBody {
  size: number;
  sha256: string;
  /** The whole body, when it stayed under the inline limit. */
  bytes?: Buffer;
}

/**
 * Watches a body stream go by: counts and hashes every chunk, and keeps the bytes only up to
 * the inline limit, so a multi-gigabyte blob passes through in constant memory.
 */
export class BodyTap {
  private readonly hash: Hash = createHash('sha256');
  private chunks: Buffer[] | undefined = [];
  private size = 0;

  constructor(private readonly inlineLimit: number) {}

  push(chunk: Buffer): void {
    this.size += chunk.length;
    this.hash.update(chunk);
    if (this.chunks && this.size <= this.inlineLimit) this.chunks.push(chunk);
    else this.chunks = undefined;
  }

  finish(): TappedBody {
    const out: TappedBody = { size: this.size, sha256: this.hash.digest('hex') };
    if (this.chunks) out.bytes = Buffer.concat(this.chunks, this.size);
    this.chunks = undefined;
    return out;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A HAR body: UTF-8 text when the bytes are text, else base64 (HAR 1.3 `encoding`). */
export function harText(bytes: Buffer): { text: string; encoding?: 'base64' } {
  if (bytes.length === 0) return { text: '' };
  if (!bytes.includes(0)) {
    try {
      return { text: utf8.decode(bytes) };
    } catch {
      // not UTF-8: base64 below
    }
  }
  return { text: bytes.toString('base64'), encoding: 'base64' };
}
