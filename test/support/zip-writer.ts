import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../src/har/zip.js';

/** One file of a test archive; the overrides write a lying directory on purpose. */
export interface ZipFileSpec {
  name: string;
  data: Buffer | string;
  /** 0 stored, 8 deflate (default), or any other number to test refusal. */
  method?: number;
  /** General-purpose flags (bit 0: encrypted). */
  flags?: number;
  /** Written to the central directory instead of the true values. */
  declaredSize?: number;
  crc32?: number;
  localOffset?: number;
}

/**
 * A minimal zip writer (APPNOTE 6.3, no zip64) for tests: local headers, data, central
 * directory, end record. `count` overrides the entry count in the end record.
 */
export function buildZip(files: ZipFileSpec[], options: { count?: number; directoryOffset?: number } = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const raw = typeof f.data === 'string' ? Buffer.from(f.data) : f.data;
    const method = f.method ?? 8;
    const data = method === 8 ? deflateRawSync(raw) : raw;
    const name = Buffer.from(f.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(f.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    const crc = f.crc32 ?? crc32(raw);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(f.flags ?? 0, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(f.declaredSize ?? raw.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(f.localOffset ?? offset, 42);
    central.push(entry, name);
    parts.push(local, name, data);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(options.count ?? files.length, 8);
  end.writeUInt16LE(options.count ?? files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(options.directoryOffset ?? offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
