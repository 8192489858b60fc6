import { readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { constants, createGunzip, createInflate, inflateRawSync } from 'node:zlib';
import { HarInputError } from './errors.js';

/** Read size: large enough that per-chunk costs vanish, small enough to stay bounded. */
const CHUNK_BYTES = 1024 * 1024;
/** Files up to this size are read whole (see fileChunks). */
const SMALL_FILE_BYTES = 4 * 1024 * 1024;

/** Compressed input stopped early (a cut-off .zhar / .har.gz): the data so far is usable. */
export class CompressedInputEnded extends Error {}

/** Past this much output, a compression ratio above BOMB_RATIO is taken for a decompression bomb. */
const BOMB_FLOOR_BYTES = 256 * 1024 * 1024;
/** HAR text deflates 5-50×, base64 blobs barely; a bomb reaches thousands. */
const BOMB_RATIO = 500;

/**
 * Watches a decompression: a tiny input that would inflate to terabytes is stopped (what was
 * read so far is analyzed, and the note says why) instead of streaming for hours.
 */
export class BombGuard {
  input = 0;
  output = 0;

  /** Why to stop now, or undefined to go on. */
  check(): string | undefined {
    if (this.output <= BOMB_FLOOR_BYTES || this.output <= this.input * BOMB_RATIO) return undefined;
    return `decompression stopped after ${Math.round(this.output / 2 ** 20)} MiB from ${Math.round(this.input / 1024)} KiB: a ratio over ${BOMB_RATIO}× is a decompression bomb, not a capture`;
  }
}

function inputError(error: unknown, file: string): HarInputError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ENOENT') return new HarInputError('ENOENT', file, 'no such file');
  if (code === 'EISDIR') return new HarInputError('EISDIR', file, 'is a directory, not a HAR file');
  if (code === 'EACCES' || code === 'EPERM') return new HarInputError('EACCES', file, 'permission denied');
  return new HarInputError('READ', file, `cannot be read (${message.split('\n')[0]})`);
}

/** Whether the consumer is done with each chunk before asking for the next (see HarScanner#push). */
interface ChunkReuse {
  reuse: boolean;
}

/**
 * Chunks of a file, read one ahead into two buffers used in turn while `reuse.reuse` holds:
 * the disk works while the scanner does, and there is no megabyte of garbage per chunk for
 * the collector to chase (peak RSS stays low on big captures).
 */
async function* fileChunks(path: string, file: string, reuse: ChunkReuse): AsyncGenerator<Buffer> {
  let handle;
  try {
    // statSync: an async stat per file is a thread-pool round trip the batch waits on, 2,000 times over
    const stats = statSync(path);
    if (stats.isDirectory()) throw new HarInputError('EISDIR', file, 'is a directory, not a HAR file');
    // A small file in one synchronous read: archives hold thousands of them, and per-file
    // async round trips and two 1 MiB buffers each would cost more than the analysis.
    if (stats.isFile() && stats.size <= SMALL_FILE_BYTES) {
      const whole = readFileSync(path);
      if (whole.length > 0) yield whole;
      return;
    }
    handle = await open(path, 'r');
  } catch (error) {
    throw error instanceof HarInputError ? error : inputError(error, file);
  }
  const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
  let turn = 0;
  const readInto = (buf: Buffer) => {
    const pending = handle.read(buf, 0, CHUNK_BYTES, null);
    pending.catch(() => {}); // handled when awaited; never an unhandled rejection meanwhile
    return pending;
  };
  let pending = readInto(buffers[0]!);
  try {
    for (;;) {
      let bytesRead: number;
      let buffer: Buffer;
      try {
        ({ bytesRead, buffer } = await pending);
      } catch (error) {
        throw inputError(error, file);
      }
      if (bytesRead === 0) return;
      turn ^= 1;
      if (!reuse.reuse) buffers[turn] = Buffer.allocUnsafe(CHUNK_BYTES);
      pending = readInto(buffers[turn]!);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await pending.catch(() => undefined);
    await handle.close();
  }
}

/** Raw chunks of a path, '-' (stdin) or a stream; read errors become HarInputError. */
async function* rawChunks(input: string | NodeJS.ReadableStream, file: string, reuse: ChunkReuse): AsyncGenerator<Buffer> {
  if (typeof input === 'string' && input !== '-') {
    yield* fileChunks(input, file, reuse);
    return;
  }
  const stream = typeof input === 'string' ? process.stdin : input;
  try {
    for await (const chunk of stream) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
  } catch (error) {
    throw error instanceof HarInputError ? error : inputError(error, file);
  }
}

type Container = 'plain' | 'gzip' | 'zlib' | 'zip' | 'zstd';

function sniff(head: Buffer): Container {
  const b0 = head[0];
  const b1 = head[1];
  if (b0 === undefined || b1 === undefined) return 'plain';
  if (b0 === 0x1f && b1 === 0x8b) return 'gzip';
  // zlib header (mitmproxy .zhar): CM=8 and the 16-bit header a multiple of 31; never '{'
  if ((b0 & 0x0f) === 8 && (b0 * 256 + b1) % 31 === 0) return 'zlib';
  if (b0 === 0x50 && b1 === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (b0 === 0x28 && b1 === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'plain';
}

/**
 * The bytes of the HAR document: the input as is, or inflated when it starts with gzip or
 * zlib magic (mitmproxy writes `.zhar` as zlib). A zip here is one on stdin or a pipe (zip
 * files are opened by path in read.ts) and zstd is not read: both are refused with a hint
 * rather than misread as bad JSON.
 */
export async function* harBytes(input: string | NodeJS.ReadableStream, file: string): AsyncGenerator<Buffer> {
  // the first chunks are kept while sniffing, and zlib holds its input: no reuse until plain
  const reuse: ChunkReuse = { reuse: false };
  const raw = rawChunks(input, file, reuse);
  const head: Buffer[] = [];
  let headLen = 0;
  let done = false;
  while (headLen < 4) {
    const r = await raw.next();
    if (r.done) {
      done = true;
      break;
    }
    head.push(r.value);
    headLen += r.value.length;
  }
  const first = Buffer.concat(head, headLen);
  const kind = sniff(first);
  if (kind === 'zip') throw new HarInputError('NOT_JSON', file, 'is a zip archive (Playwright .zip?): give it as a file path, it cannot be read from stdin or a pipe');
  if (kind === 'zstd') throw new HarInputError('NOT_JSON', file, 'is zstd-compressed: decompress it first');
  if (kind === 'plain') {
    for (const chunk of head) yield chunk;
    reuse.reuse = true;
    if (!done) yield* raw;
    return;
  }
  const guard = new BombGuard();
  // A small input is kept: when zlib fails on its checksum it drops the output it held, and
  // the data is recovered once more without the check (see salvage).
  let kept: Buffer[] | undefined = [];
  let ended = false;
  async function* compressed(): AsyncGenerator<Buffer> {
    guard.input += first.length;
    kept?.push(Buffer.from(first));
    yield first;
    if (!done) {
      for await (const chunk of raw) {
        guard.input += chunk.length;
        if (kept && guard.input <= SALVAGE_BYTES) kept.push(Buffer.from(chunk));
        else kept = undefined;
        yield chunk;
      }
    }
    ended = true;
  }
  // SYNC_FLUSH at the end: a cut-off stream yields what it holds instead of an error
  const zopts = { chunkSize: 256 * 1024, finishFlush: constants.Z_SYNC_FLUSH };
  const inflate = kind === 'gzip' ? createGunzip(zopts) : createInflate(zopts);
  const out = pipeline(Readable.from(compressed()), inflate, () => {});
  try {
    for await (const chunk of out) {
      guard.output += (chunk as Buffer).length;
      const bomb = guard.check();
      if (bomb) throw new CompressedInputEnded(bomb);
      yield chunk as Buffer;
    }
  } catch (error) {
    if (error instanceof CompressedInputEnded) throw error;
    if (error instanceof HarInputError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    const recovered = guard.output === 0 && ended && kept ? salvage(kind, Buffer.concat(kept)) : undefined;
    if (recovered && recovered.length > 0) {
      yield recovered;
      throw new CompressedInputEnded(`${kind} data is damaged (${why}); its ${recovered.length} bytes were read without the ${kind} check`);
    }
    throw new CompressedInputEnded(`${kind} data ends early or is corrupt (${why})`);
  }
}

/** Compressed inputs up to this size are kept for salvage. */
const SALVAGE_BYTES = 16 * 1024 * 1024;

/**
 * The deflate data inside a gzip or zlib stream, inflated without its trailer's checksum
 * (raw inflate), for a small input whose check failed. Undefined when the header is not one.
 */
function salvage(kind: 'gzip' | 'zlib', data: Buffer): Buffer | undefined {
  let start: number;
  if (kind === 'zlib') start = data[1] !== undefined && data[1] & 0x20 ? 6 : 2; // FDICT adds a dictionary id
  else {
    if (data.length < 10) return undefined;
    const flags = data[3]!;
    start = 10;
    if (flags & 0x04) start += 2 + data.readUInt16LE(start); // FEXTRA
    if (flags & 0x08) start = data.indexOf(0, start) + 1; // FNAME
    if (flags & 0x10) start = data.indexOf(0, start) + 1; // FCOMMENT
    if (flags & 0x02) start += 2; // FHCRC
    if (start <= 0 || start > data.length) return undefined;
  }
  try {
    return inflateRawSync(data.subarray(start), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 512 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}
