import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { analyzeCapture } from '../../src/analyze.js';
import { HarInputError, readHar } from '../../src/har/index.js';
import type { Exchange } from '../../src/model/exchange.js';
import { buildZip, type ZipFileSpec } from '../support/zip-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'ohc-zip-'));
let n = 0;
function zipFile(files: ZipFileSpec[], options?: Parameters<typeof buildZip>[1]): string {
  const path = join(dir, `capture-${n++}.zip`);
  writeFileSync(path, buildZip(files, options));
  return path;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const layer = randomBytes(5000);
const digest = `sha256:${sha(layer)}`;

/** Playwright's shape: a blob GET whose body is the sidecar `<sha1>.bin`, `text` absent. */
function har(sidecar: string, extra: object = {}): string {
  return JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'Playwright', version: '1.65.1' },
      entries: [
        {
          startedDateTime: '2026-11-23T10:00:00.000Z',
          time: 1,
          request: { method: 'GET', url: `http://registry.test:5000/v2/demo/app/blobs/${digest}`, httpVersion: 'HTTP/1.1', headers: [{ name: 'User-Agent', value: 'crane/0.20' }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
          response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [{ name: 'Docker-Content-Digest', value: digest }, { name: 'Content-Length', value: String(layer.length) }], cookies: [], content: { size: layer.length, mimeType: 'application/octet-stream', _file: sidecar, ...extra }, redirectURL: '', headersSize: -1, bodySize: -1 },
          cache: {},
          timings: { send: 0, wait: 1, receive: 0 },
        },
      ],
    },
  });
}

async function exchanges(path: string | NodeJS.ReadableStream, opts: { keepJsonLimit?: number } = {}): Promise<Exchange[]> {
  const out: Exchange[] = [];
  const { items } = readHar(path, { file: 'capture.zip', ...opts });
  for await (const item of items) if (item.type === 'exchange') out.push(item.exchange);
  return out;
}

async function failure(path: string): Promise<string> {
  try {
    await exchanges(path);
  } catch (error) {
    expect(error).toBeInstanceOf(HarInputError);
    return (error as Error).message;
  }
  throw new Error('expected the archive to be refused');
}

describe('Playwright .zip captures', () => {
  it.each([[0], [8]])('reads har.har and its sidecars (method %i): the body is exact and its digest verifies', async (method) => {
    const path = zipFile([{ name: 'har.har', data: har('a1b2.bin'), method }, { name: 'a1b2.bin', data: layer, method }]);
    const [ex] = await exchanges(path);
    expect(ex!.response.body).toMatchObject({ fidelity: 'exact', size: layer.length, sha256: sha(layer) });
    const result = await analyzeCapture(path, { checks, spec: '1.1.1' });
    expect(result.notEvaluable.filter((x) => x.ruleId.startsWith('pull/'))).toEqual([]);
  });

  it('a big sidecar is hashed streaming before the HAR is read', async () => {
    const big = randomBytes(300_000);
    const path = zipFile([{ name: 'har.har', data: har('big.bin') }, { name: 'big.bin', data: big }]);
    const [ex] = await exchanges(path, { keepJsonLimit: 64 * 1024 });
    expect(ex!.response.body).toMatchObject({ fidelity: 'exact', size: big.length, sha256: sha(big) });
  });

  it('a sidecar missing from the archive: absent with the reason, never a crash', async () => {
    const [ex] = await exchanges(zipFile([{ name: 'har.har', data: har('gone.bin') }]));
    expect(ex!.response.body).toMatchObject({ fidelity: 'absent', reason: 'sidecar gone.bin is not in the archive' });
  });

  it('a damaged sidecar (inflates past its declared size): absent with the reason', async () => {
    const [ex] = await exchanges(zipFile([{ name: 'har.har', data: har('x.bin') }, { name: 'x.bin', data: layer, declaredSize: 100 }]));
    expect(ex!.response.body.fidelity).toBe('absent');
    expect(ex!.response.body.reason).toMatch(/sidecar x\.bin unreadable/);
  });

  it.each(['../../etc/passwd', '/etc/passwd', 'a/../../b.bin', 'C:\\x.bin', 'a\\..\\b'])('a sidecar name that leaves the archive (%s) is refused, never looked up', async (name) => {
    const [ex] = await exchanges(zipFile([{ name: 'har.har', data: har(name) }, { name, data: layer }]));
    expect(ex!.response.body.fidelity).toBe('absent');
    expect(ex!.response.body.reason).toMatch(/not a plain file name \(path traversal refused\)/);
  });

  it.each([[0], [8]])('a damaged sidecar (CRC-32 mismatch, method %i) is absent, never judged as the registry\'s bytes', async (method) => {
    const [ex] = await exchanges(zipFile([{ name: 'har.har', data: har('x.bin') }, { name: 'x.bin', data: layer, method, crc32: 12345 }]));
    expect(ex!.response.body.fidelity).toBe('absent');
    expect(ex!.response.body.reason).toMatch(/x\.bin is damaged \(CRC-32 mismatch\)/);
    const big = randomBytes(300_000);
    const [bigEx] = await exchanges(zipFile([{ name: 'har.har', data: har('b.bin') }, { name: 'b.bin', data: big, method, crc32: 1 }]), { keepJsonLimit: 64 * 1024 });
    expect(bigEx!.response.body.reason).toMatch(/b\.bin is damaged \(CRC-32 mismatch\)/);
  });

  it('the only .har entry is used when there is no har.har', async () => {
    const [ex] = await exchanges(zipFile([{ name: 'session/recorded.har', data: har('a.bin') }, { name: 'a.bin', data: layer }]));
    expect(ex!.response.body.fidelity).toBe('exact');
  });

  it.each([
    ['no .har inside', () => zipFile([{ name: 'a.bin', data: layer }]), /zip archive without a \.har file/],
    ['two .har inside', () => zipFile([{ name: 'a.har', data: har('x') }, { name: 'b.har', data: har('x') }]), /with 2 \.har files/],
    ['cut short (no end record)', () => {
      const path = join(dir, 'cut.zip');
      writeFileSync(path, buildZip([{ name: 'har.har', data: har('x') }]).subarray(0, 100));
      return path;
    }, /no end of central directory/],
    ['directory offset out of range', () => zipFile([{ name: 'har.har', data: har('x') }], { directoryOffset: 1 << 30 }), /central directory out of bounds/],
    ['more entries claimed than present', () => zipFile([{ name: 'har.har', data: har('x') }], { count: 5 }), /entry 1 is not where the directory says/],
    ['local header offset bogus', () => zipFile([{ name: 'pad.bin', data: 'x' }, { name: 'har.har', data: har('x'), localOffset: 1 }]), /has no local header where the directory says/],
    ['encrypted HAR', () => zipFile([{ name: 'har.har', data: har('x'), flags: 1 }]), /encrypted/],
    ['unsupported compression', () => zipFile([{ name: 'har.har', data: har('x'), method: 12 }]), /compression method 12/],
    ['HAR inflating past its declared size (a bomb)', () => zipFile([{ name: 'har.har', data: har('x') + ' '.repeat(100_000), declaredSize: 10 }]), /inflates past its declared 10 bytes/],
  ])('%s: one clear HarInputError', async (_name, make, message) => {
    expect(await failure(make())).toMatch(message);
  });

  it('a zip on stdin cannot be read at random: refused with a hint', async () => {
    const bytes = buildZip([{ name: 'har.har', data: har('x') }]);
    await expect(exchanges(Readable.from([bytes]))).rejects.toThrow(/zip archive/);
  });
});

describe('decompression bombs', () => {
  it('BombGuard stops only past 256 MiB of output at a ratio over 500×', async () => {
    const { BombGuard } = await import('../../src/har/source.js');
    const g = new BombGuard();
    g.input = 100 * 1024;
    g.output = 200 * 2 ** 20;
    expect(g.check()).toBeUndefined(); // high ratio, but small output: a legit tiny capture of repeats
    g.output = 300 * 2 ** 20;
    expect(g.check()).toMatch(/decompression bomb/);
    g.input = 10 * 2 ** 20;
    expect(g.check()).toBeUndefined(); // 30×: an ordinary compressed capture
  });

  it('a .zhar that inflates a few hundred KiB into hundreds of MiB is cut, noted, and its intact part analyzed', async () => {
    const { createDeflate } = await import('node:zlib');
    const entry = JSON.parse(har('x.bin')).log.entries[0];
    const deflate = createDeflate({ level: 9 });
    const parts: Buffer[] = [];
    deflate.on('data', (c: Buffer) => parts.push(c));
    const done = new Promise((resolve) => deflate.on('end', resolve));
    deflate.write(`{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[${JSON.stringify(entry)}`);
    const spaces = Buffer.alloc(1 << 20, 0x20);
    for (let i = 0; i < 300; i++) deflate.write(spaces);
    deflate.end(']}}');
    await done;
    const path = join(dir, 'bomb.zhar');
    writeFileSync(path, Buffer.concat(parts));
    const started = Date.now();
    const result = await analyzeCapture(path, { checks, spec: '1.1.1' });
    expect(result.capture.entries).toBe(1);
    expect(result.notes.find((n) => n.code === 'truncated-file')?.message).toMatch(/decompression bomb/);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 60_000);
});
