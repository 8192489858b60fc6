import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readHar } from '../../src/har/index.js';
import { chunked, entry, har, readFailure, text } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'har-errors-'));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('unusable input', () => {
  it('missing file → ENOENT', async () => {
    const e = await readFailure(join(dir, 'nope.har'), 'nope.har');
    expect(e.code).toBe('ENOENT');
    expect(e.file).toBe('nope.har');
    expect(e.message).toContain('nope.har');
    expect(e.message).not.toContain('\n');
  });

  it('directory → EISDIR', async () => {
    const sub = join(dir, 'captures');
    mkdirSync(sub);
    const e = await readFailure(sub, 'captures');
    expect(e.code).toBe('EISDIR');
    expect(e.message).toContain('captures');
  });

  it.skipIf(process.getuid?.() === 0)('unreadable file → EACCES', async () => {
    const path = file('secret.har', text(har([entry()])));
    chmodSync(path, 0);
    const e = await readFailure(path, 'secret.har');
    expect(e.code).toBe('EACCES');
  });

  it.each([
    ['EACCES', 'EACCES'],
    ['EIO', 'READ'],
  ])('a stream error %s → %s', async (errno, code) => {
    const failing = new Readable({
      read() {
        this.destroy(Object.assign(new Error(`${errno}: simulated`), { code: errno }));
      },
    });
    const e = await readFailure(failing, 'dev.har');
    expect(e.code).toBe(code);
    expect(e.message).toMatch(/^dev\.har: /);
  });

  it.each([
    ['0 bytes', ''],
    ['whitespace', ' \n\t\r\n  '],
    ['a BOM and whitespace', '\ufeff  \n'],
  ])('empty file (%s) → EMPTY', async (_, content) => {
    const e = await readFailure(file('empty.har', content), 'empty.har');
    expect(e.code).toBe('EMPTY');
    expect(e.message).toContain('empty.har');
  });

  it.each([
    ['HTML', '<html><body>login</body></html>'],
    ['a syntax error before log.entries', '{"log": {"version": "1.2" "entries": []}}'],
    ['a cut before log.entries', '{"log": {"version": "1.2", "crea'],
    ['a bad literal', '{"log": {"version": nope, "entries": []}}'],
  ])('%s → NOT_JSON', async (_, content) => {
    const e = await readFailure(file('bad.har', content), 'bad.har');
    expect(e.code).toBe('NOT_JSON');
    expect(e.message).toContain('bad.har');
    expect(e.message).not.toContain('\n');
  });

  it.each([
    ['no log', '{"version": "1.2"}', 'no "log" object'],
    ['log not an object', '{"log": []}', '"log" is not an object'],
    ['no entries', '{"log": {"version": "1.2", "pages": []}}', 'no "log.entries" array'],
    ['entries not an array', '{"log": {"entries": {}}}', '"log.entries" is not an array'],
    ['an array', '[{"log": {}}]', 'the document is an array'],
    ['a string', '"log"', 'the document is not an object'],
    ['a number', ' 42', 'the document is not an object'],
  ])('JSON without HAR shape (%s) → NOT_HAR', async (_, content, why) => {
    const e = await readFailure(file('other.json', content), 'other.json');
    expect(e.code).toBe('NOT_HAR');
    expect(e.message).toContain('other.json');
    expect(e.message).toContain(why);
  });

  it('a zip archive is refused with a hint', async () => {
    const e = await readFailure(chunked(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0])), 'trace.zip');
    expect(e.code).toBe('NOT_JSON');
    expect(e.message).toMatch(/zip/);
  });

  it('throws before yielding anything', async () => {
    const { items } = readHar(chunked('not json at all'), { file: 'x.har' });
    const it = items[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toMatchObject({ code: 'NOT_JSON' });
  });
});

describe('input forms', () => {
  it('reads a path', async () => {
    const { items, info } = readHar(file('ok.har', text(har([entry(), entry()]))), { file: 'ok.har' });
    let n = 0;
    for await (const item of items) if (item.type === 'exchange') n++;
    expect(n).toBe(2);
    expect(info.entries).toBe(2);
    expect(info.bytes).toBeGreaterThan(100);
  });

  it('reads gzip and zlib (mitmproxy .zhar) transparently', async () => {
    const doc = text(har([entry(), entry(), entry()]));
    for (const data of [gzipSync(doc), deflateSync(doc)]) {
      const { items, info } = readHar(chunked(data, 100), { file: 'c.har' });
      let n = 0;
      for await (const item of items) if (item.type === 'exchange') n++;
      expect(n).toBe(3);
      expect(info.stoppedAt).toBeUndefined();
    }
  });

  it('a cut-off compressed file keeps its complete entries', async () => {
    // random paths keep deflate from packing the whole document into the last bytes
    const doc = text(har(Array.from({ length: 20 }, () => entry({ request: { url: `https://r.example/v2/${randomBytes(64).toString('hex')}` } }))));
    const gz = gzipSync(doc);
    const { items, info } = readHar(chunked(gz.subarray(0, Math.floor(gz.length * 0.7)), 64), { file: 'c.har.gz' });
    const got = [];
    for await (const item of items) got.push(item);
    expect(info.stoppedAt).toBeDefined();
    expect(got.some((i) => i.type === 'note' && i.note.code === 'truncated-file')).toBe(true);
    expect(got.filter((i) => i.type === 'exchange').length).toBe(info.entries);
    expect(info.entries).toBeGreaterThan(3);
  });
});
