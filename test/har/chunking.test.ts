import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHar } from '../../src/har/index.js';
import { HarScanner } from '../../src/har/scanner.js';
import { collect, entry, har, plain, read, text } from './helpers.js';

/** A capture with most quirks in it, so every scanner state meets a chunk boundary. */
function rich(): string {
  const bytes = randomBytes(700);
  const entries = [
    entry({ request: { headers: [{ name: ':method', value: 'GET' }, { name: ':authority', value: 'r.example' }, { name: 'User-Agent', value: 'docker/24 go/1.20' }] } }),
    entry({ time: -1, timings: {}, cache: null, response: { status: 307, redirectURL: '/x', content: { size: -1, mimeType: '' } } }),
    entry({ response: { content: { size: 700, mimeType: 'application/octet-stream', text: bytes.toString('base64'), encoding: 'base64' } } }),
    entry({ response: { content: { encoding: 'base64', mimeType: 'application/json', text: Buffer.from('{"a":"é"}').toString('base64') } } }),
    entry({ request: { method: 'PUT', postData: { mimeType: 'application/json', text: '{"k":"v \\" \u00e9 \ud83d\ude00 \\\\ /"}' } } }),
    entry({ request: { method: 'PATCH', _content: { text: bytes.toString('base64'), size: 700, encoding: 'base64' } } }),
    entry({ request: { headers: { 'User-Agent': 'crane/0.19' } } }),
    entry({ response: { status: 0, content: {}, _error: 'killed' } }),
    entry({ startedDateTime: '2000-01-01T00:00:00Z', request: { url: 'not a url' } }),
    entry({ response: { content: { size: 10, mimeType: 'text/plain', text: 'a\ufffd' } } }),
    // objects that look like entries inside an entry: the fast path must not end the entry there
    entry({ _nested: [{ startedDateTime: 'x' }, { startedDateTime: 'y' }], comment: '},{"startedDateTime"' }),
    entry({ _deep: JSON.parse(`${'['.repeat(600)}${']'.repeat(600)}`) as unknown }),
    entry(),
  ];
  return `\ufeff${text(har(entries, { pages: [{ id: 'p', title: 't "q" \\ ', startedDateTime: '2024-01-01T00:00:00Z', pageTimings: {} }], _x: [1, -2.5e3, true, false, null] }))}  \n`;
}

describe('chunk boundaries do not change anything', () => {
  const doc = rich();

  it.each([1, 7, 64, 4096])('%i-byte chunks read like one chunk', async (size) => {
    const whole = plain(await read(doc));
    expect(plain(await read(doc, { chunk: size }))).toEqual(whole);
    expect(plain(await read(doc, { chunk: size, bigStringThreshold: 50 }))).toEqual(plain(await read(doc, { bigStringThreshold: 50 })));
  });

  it('the rich capture reads as expected', async () => {
    const r = await read(doc);
    expect(r.exchanges).toHaveLength(12);
    expect(r.notes.find((n) => n.code === 'limit')).toMatchObject({ entry: 11 });
    expect(r.info.stoppedAt).toBeUndefined();
    expect(r.exchanges[0]!.index).toBe(8); // year 2000 sorts first
  });
});

describe('reading a file reuses one buffer: nothing may keep a view of it', () => {
  it('a multi-megabyte file read by path equals the same bytes read from a stream', async () => {
    const entries = Array.from({ length: 400 }, (_, i) =>
      i % 50 === 7
        ? entry({ response: { content: { size: 450_000, mimeType: 'application/octet-stream', text: randomBytes(450_000).toString('base64'), encoding: 'base64' } } })
        : i % 50 === 21
          ? entry({ response: { content: { mimeType: 'application/json', text: JSON.stringify({ pad: 'p'.repeat(1_300_000 + i) }) } } })
          : entry({ request: { url: `https://r.example/v2/x/blobs/sha256:${randomBytes(32).toString('hex')}`, headers: [{ name: 'User-Agent', value: `c/${i}` }] } }),
    );
    const doc = text(har(entries));
    expect(doc.length).toBeGreaterThan(5 * 1024 * 1024);
    const path = join(mkdtempSync(join(tmpdir(), 'har-reuse-')), 'big.har');
    writeFileSync(path, doc);
    const viaPath = plain(await collect(readHar(path, { file: 'test.har' })));
    expect(viaPath).toEqual(plain(await read(doc, { chunk: 1 << 20 })));
    expect(plain(await read(doc, { chunk: 65_537 }))).toEqual(viaPath);
  });
});

describe('the scanner keeps no view of a chunk after push()', () => {
  it.each([1, 7, 64, 1000])('chunks of %i bytes copied into one reused buffer', async (size) => {
    const doc = Buffer.from(rich());
    const scan = (reuse: boolean) => {
      const out: unknown[] = [];
      const scanner = new HarScanner(
        { bigString: 50, keepLimit: 1 << 20, maxDepth: 512, maxEntryBytes: 1 << 26 },
        { meta: (key, json) => out.push([key, json]), entry: (raw) => out.push({ ...raw, parsed: undefined, json: raw.json ?? JSON.stringify(raw.parsed) }) },
      );
      const shared = Buffer.alloc(size);
      for (let i = 0; i < doc.length; i += size) {
        const piece = doc.subarray(i, i + size);
        if (reuse) {
          shared.fill(0x41);
          piece.copy(shared);
          scanner.push(shared.subarray(0, piece.length));
        } else scanner.push(Buffer.from(piece));
      }
      out.push(scanner.end());
      return out;
    };
    expect(scan(true)).toEqual(scan(false));
  });
});
