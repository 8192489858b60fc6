import { Readable } from 'node:stream';
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { analyzeCapture } from '../../src/analyze.js';
import { harText, oci } from '../support/har.js';

const doc = Buffer.from(harText(oci.ping(), oci.pullManifest()));
const analyze = (bytes: Buffer) => analyzeCapture(Readable.from([bytes]), { checks, spec: '1.1.1', file: 'x' });

describe('compressed captures whose checksum fails', () => {
  it.each([
    ['zlib (.zhar), adler32 trailer', () => {
      const z = Buffer.from(deflateSync(doc));
      z[z.length - 1] ^= 0xff;
      return z;
    }],
    ['gzip, CRC-32 trailer', () => {
      const g = Buffer.from(gzipSync(doc));
      g[g.length - 6] ^= 0xff;
      return g;
    }],
  ])('%s: the entries are still read (not "is empty") and a note says the data is damaged', async (_name, make) => {
    const result = await analyze(make());
    expect(result.capture.entries).toBe(2);
    expect(result.notes.find((n) => n.code === 'truncated-file')?.message).toMatch(/document is complete, but (zlib|gzip) data is damaged .*read without the (zlib|gzip) check: bodies may be damaged/);
  });

  it('intact compressed captures carry no such note', async () => {
    for (const bytes of [deflateSync(doc), gzipSync(doc)]) {
      const result = await analyze(bytes);
      expect(result.capture.entries).toBe(2);
      expect(result.notes.filter((n) => n.code === 'truncated-file')).toEqual([]);
    }
  });
});
