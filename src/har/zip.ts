import { closeSync, createReadStream, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { HarInputError } from './errors.js';
import { BombGuard } from './source.js';

/*
 * Just enough of the zip format (APPNOTE 6.3) to read a Playwright `recordHar` archive:
 * `har.har` plus one file per body, stored or deflated. Everything is found through the
 * central directory with bounded reads; entries stream, none is held whole.
 */

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
/** EOCD is 22 bytes plus a comment of at most 65,535. */
const EOCD_SEARCH = 22 + 0xffff;
/** More entries than any capture has bodies: beyond it the directory is lying or hostile. */
const MAX_ENTRIES = 1_000_000;
/** Central directory bytes read in one go at most (1,000,000 entries with long names fit). */
const MAX_DIRECTORY_BYTES = 256 * 1024 * 1024;

/** A regular file that starts with a zip local header (PK\x03\x04). */
export function isZipFile(path: string): boolean {
  let fd: number | undefined;
  try {
    if (!statSync(path).isFile()) return false;
    fd = openSync(path, 'r');
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.readUInt32LE(0) === 0x04034b50;
  } catch {
    return false; // the reader reports what is wrong with the file
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  /** CRC-32 of the uncompressed bytes, as the directory records it. */
  crc32: number;
  compressedSize: number;
  size: number;
  /** Offset of the local header. */
  localOffset: number;
  encrypted: boolean;
}

export class ZipArchive {
  private constructor(
    readonly path: string,
    private readonly fd: number,
    readonly entries: ReadonlyMap<string, ZipEntry>,
    private readonly directoryStart: number,
  ) {}

  /** Reads the central directory; a damaged or hostile archive is one HarInputError. */
  static open(path: string, file: string): ZipArchive {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      throw new HarInputError('READ', file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    try {
      const { entries, directoryStart } = readDirectory(fd, fstatSync(fd).size, file);
      return new ZipArchive(path, fd, entries, directoryStart);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /** The HAR inside: `har.har` (Playwright's name), else the only `*.har` entry. */
  harEntry(file: string): ZipEntry {
    const named = this.entries.get('har.har');
    if (named) return named;
    const hars = [...this.entries.values()].filter((e) => e.name.toLowerCase().endsWith('.har'));
    if (hars.length === 1) return hars[0]!;
    throw new HarInputError('NOT_HAR', file, hars.length === 0 ? 'is a zip archive without a .har file' : `is a zip archive with ${hars.length} .har files; expected one (har.har)`);
  }

  /** Where an entry's data starts and how long it is, checked against the archive's bounds. */
  private dataRange(entry: ZipEntry, file: string): { start: number; end: number } {
    if (entry.encrypted) throw new HarInputError('NOT_HAR', file, `zip entry ${entry.name} is encrypted`);
    if (entry.method !== 0 && entry.method !== 8) throw new HarInputError('NOT_HAR', file, `zip entry ${entry.name} uses compression method ${entry.method} (only stored and deflate are read)`);
    const head = Buffer.alloc(30);
    if (readSync(this.fd, head, 0, 30, entry.localOffset) !== 30 || head.readUInt32LE(0) !== LOCAL_SIG) {
      throw new HarInputError('NOT_HAR', file, `zip entry ${entry.name} has no local header where the directory says`);
    }
    const start = entry.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
    const end = start + entry.compressedSize;
    if (end > this.directoryStart) throw new HarInputError('NOT_HAR', file, `zip entry ${entry.name} runs past the central directory`);
    return { start, end };
  }

  /** An entry's bytes as they inflate: bounded memory whatever its size. */
  async *stream(entry: ZipEntry, file: string): AsyncGenerator<Buffer> {
    const { start, end } = this.dataRange(entry, file);
    if (end === start) return;
    const raw = createReadStream(this.path, { start, end: end - 1, highWaterMark: 1024 * 1024 });
    const source = entry.method === 8 ? pipeline(raw, createInflateRaw({ chunkSize: 256 * 1024 }), () => {}) : raw;
    let produced = 0;
    const guard = new BombGuard();
    raw.on('data', (chunk: string | Buffer) => {
      guard.input += chunk.length;
    });
    try {
      for await (const chunk of source) {
        produced += (chunk as Buffer).length;
        // a deflate bomb or a lying directory: stop at the declared size
        if (produced > entry.size) throw new HarInputError('NOT_HAR', file, `zip entry ${entry.name} inflates past its declared ${entry.size} bytes`);
        guard.output = produced;
        const bomb = entry.method === 8 ? guard.check() : undefined;
        if (bomb) throw new HarInputError('NOT_HAR', file, `zip entry ${entry.name}: ${bomb}`);
        yield chunk as Buffer;
      }
    } catch (error) {
      if (error instanceof HarInputError) throw error;
      throw new HarInputError('NOT_HAR', file, `zip entry ${entry.name} is damaged (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** A small entry's bytes, read synchronously (the caller bounds `entry.size`). */
  readSmall(entry: ZipEntry, file: string): Buffer {
    const { start, end } = this.dataRange(entry, file);
    const compressed = Buffer.allocUnsafe(end - start);
    if (readSync(this.fd, compressed, 0, compressed.length, start) !== compressed.length) throw new HarInputError('NOT_HAR', file, `zip entry ${entry.name} is cut short`);
    if (entry.method === 0) {
      if (crc32(compressed) !== entry.crc32) throw new HarInputError('NOT_HAR', file, `zip entry ${entry.name} is damaged (CRC-32 mismatch)`);
      return compressed;
    }
    let bytes: Buffer;
    try {
      bytes = inflateRawSync(compressed, { maxOutputLength: Math.max(1, entry.size) });
    } catch (error) {
      throw new HarInputError('NOT_HAR', file, `zip entry ${entry.name} is damaged (${error instanceof Error ? error.message : String(error)})`);
    }
    if (bytes.length !== entry.size) throw new HarInputError('NOT_HAR', file, `zip entry ${entry.name} inflates to ${bytes.length} bytes, not the declared ${entry.size}`);
    if (crc32(bytes) !== entry.crc32) throw new HarInputError('NOT_HAR', file, `zip entry ${entry.name} is damaged (CRC-32 mismatch)`);
    return bytes;
  }

  /** sha256 and size of an entry, streaming. */
  async hash(entry: ZipEntry, file: string): Promise<{ size: number; sha256: string; prefix: Uint8Array }> {
    const digest = createHash('sha256');
    let size = 0;
    let prefix = Buffer.alloc(0);
    let crc = CRC_START;
    for await (const chunk of this.stream(entry, file)) {
      if (prefix.length < 64) prefix = Buffer.concat([prefix, chunk.subarray(0, 64 - prefix.length)]);
      digest.update(chunk);
      crc = crc32Update(crc, chunk);
      size += chunk.length;
    }
    // a damaged body would be judged as the registry's bytes: refuse it instead
    if (crc32Finish(crc) !== entry.crc32) throw new HarInputError('NOT_HAR', file, `zip entry ${entry.name} is damaged (CRC-32 mismatch)`);
    return { size, sha256: digest.digest('hex'), prefix: new Uint8Array(prefix) };
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

function readDirectory(fd: number, fileSize: number, file: string): { entries: Map<string, ZipEntry>; directoryStart: number } {
  const bad = (why: string) => new HarInputError('NOT_HAR', file, `is a damaged zip archive: ${why}`);
  const tailLength = Math.min(fileSize, EOCD_SEARCH);
  const tail = readAt(fd, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('no end of central directory record');
  let count = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryStart = tail.readUInt32LE(eocd + 16);
  const eocdAt = fileSize - tailLength + eocd;
  if (count === 0xffff || directorySize === 0xffffffff || directoryStart === 0xffffffff) {
    // zip64: the locator sits just before the EOCD and points at the zip64 EOCD record
    const locator = eocdAt >= 20 ? readAt(fd, eocdAt - 20, 20) : Buffer.alloc(0);
    if (locator.length !== 20 || locator.readUInt32LE(0) !== ZIP64_LOCATOR_SIG) throw bad('zip64 sizes without a zip64 locator');
    const recordAt = Number(locator.readBigUInt64LE(8));
    const record = recordAt + 56 <= fileSize ? readAt(fd, recordAt, 56) : Buffer.alloc(0);
    if (record.length !== 56 || record.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw bad('zip64 end of central directory not found');
    count = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryStart = Number(record.readBigUInt64LE(48));
  }
  if (count > MAX_ENTRIES) throw bad(`${count} entries`);
  if (directorySize > MAX_DIRECTORY_BYTES || directoryStart + directorySize > eocdAt) throw bad('central directory out of bounds');
  const directory = readAt(fd, directoryStart, directorySize);
  if (directory.length !== directorySize) throw bad('central directory cut short');
  const entries = new Map<string, ZipEntry>(); // bounded: MAX_ENTRIES
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIG) throw bad(`central directory entry ${n} is not where the directory says`);
    const flags = directory.readUInt16LE(at + 8);
    const method = directory.readUInt16LE(at + 10);
    const crc32 = directory.readUInt32LE(at + 16);
    let compressedSize = directory.readUInt32LE(at + 20);
    let size = directory.readUInt32LE(at + 24);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    let localOffset = directory.readUInt32LE(at + 42);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > directory.length) throw bad(`central directory entry ${n} runs past the directory`);
    const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
    // zip64 extra field: the 64-bit values, in this order, for each 32-bit field that is all ones
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = directory.readUInt16LE(extra);
      const length = directory.readUInt16LE(extra + 2);
      if (id === 0x0001) {
        let p = extra + 4;
        const take = () => {
          if (p + 8 > extra + 4 + length) throw bad(`zip64 field of ${name} too short`);
          const v = Number(directory.readBigUInt64LE(p));
          p += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localOffset === 0xffffffff) localOffset = take();
      }
      extra += 4 + length;
    }
    if (localOffset + 30 > directoryStart || !Number.isSafeInteger(size) || !Number.isSafeInteger(compressedSize)) throw bad(`entry ${name} lies outside the archive`);
    if (!name.endsWith('/')) entries.set(name, { name, method, crc32, compressedSize, size, localOffset, encrypted: (flags & 1) === 1 });
    at = end;
  }
  return { entries, directoryStart };
}

// CRC-32 (IEEE, as zip uses), table-driven: zlib.crc32 only exists from Node 20.15.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();
const CRC_START = 0xffffffff;

function crc32Update(crc: number, bytes: Uint8Array): number {
  let c = crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c;
}

function crc32Finish(crc: number): number {
  return (crc ^ 0xffffffff) >>> 0;
}

export function crc32(bytes: Uint8Array): number {
  return crc32Finish(crc32Update(CRC_START, bytes));
}
