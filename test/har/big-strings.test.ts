import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { entry, har, plain, read, sha256, text } from './helpers.js';

const MB = 1_000_000;

/** Entry JSON with a response content whose keys come in the given order (producers differ). */
function withContent(fields: [string, unknown][], request: Record<string, unknown> = {}): string {
  const base = entry({ request, response: { content: { size: -1, mimeType: 'x' } } });
  const json = text(base);
  const content = `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
  return json.replace('{"size":-1,"mimeType":"x"}', () => content);
}

function doc(entries: string[], creator = 'test'): string {
  return `{"log":{"version":"1.2","creator":{"name":"${creator}","version":"1"},"entries":[${entries.join(',')}]}}`;
}

describe('strings longer than the big-string threshold', () => {
  const layer = randomBytes(3 * MB);
  const b64 = layer.toString('base64');

  it('3 MB base64 body with encoding AFTER text (Chrome, Playwright, mitmproxy order)', async () => {
    const r = await read(doc([withContent([['size', layer.length], ['mimeType', 'application/octet-stream'], ['text', b64], ['encoding', 'base64']])]));
    const body = r.exchanges[0]!.response.body;
    expect(body).toMatchObject({ fidelity: 'exact', size: layer.length, sha256: sha256(layer) });
    expect(Buffer.from(body.prefix!)).toEqual(layer.subarray(0, 64));
    expect(body.text).toBeUndefined();
  });

  it('3 MB base64 body with encoding BEFORE text', async () => {
    const r = await read(doc([withContent([['encoding', 'base64'], ['mimeType', 'application/octet-stream'], ['text', b64], ['size', layer.length]])]));
    expect(r.exchanges[0]!.response.body).toMatchObject({ fidelity: 'exact', size: layer.length, sha256: sha256(layer) });
  });

  it('big base64 with url-safe alphabet, escaped slashes and line breaks', async () => {
    const bytes = randomBytes(2 * MB);
    const wrapped = bytes.toString('base64').replace(/(.{76})/g, '$1\n');
    // json-encoders that escape "/" (PHP) write \/ inside base64
    const fields = JSON.stringify(wrapped).replace(/\//g, '\\/');
    const entryJson = withContent([['size', bytes.length], ['mimeType', 'application/octet-stream'], ['text', 'PLACE'], ['encoding', 'base64']]).replace('"PLACE"', () => fields);
    const r = await read(doc([entryJson]));
    expect(r.exchanges[0]!.response.body).toMatchObject({ fidelity: 'exact', size: bytes.length, sha256: sha256(bytes) });
    const url = bytes.toString('base64url');
    const r2 = await read(doc([withContent([['text', url], ['encoding', 'base64']])]));
    expect(r2.exchanges[0]!.response.body).toMatchObject({ fidelity: 'exact', sha256: sha256(bytes) });
  });

  it('a 5 MB text body is hashed, not kept whole', async () => {
    const line = 'log line with ünïcode and "quotes" and \\ backslashes\n';
    const body5 = line.repeat(Math.ceil((5 * MB) / line.length));
    const r = await read(doc([withContent([['mimeType', 'text/plain'], ['text', body5]])]));
    const body = r.exchanges[0]!.response.body;
    expect(body).toMatchObject({ fidelity: 'exact', size: Buffer.byteLength(body5), sha256: sha256(body5) });
    expect(body.text).toBeUndefined();
    expect(Buffer.from(body.prefix!).toString('utf8')).toBe(Buffer.from(body5).subarray(0, 64).toString('utf8'));
  });

  it('a 1 MB JSON body is kept whole as text', async () => {
    const json = JSON.stringify({ layers: Array.from({ length: 6000 }, (_, i) => ({ digest: `sha256:${sha256(String(i))}`, size: i })) }).slice(0, MB - 2);
    const manifest = `${json.slice(0, json.lastIndexOf('}') + 1)}]}`;
    const r = await read(doc([withContent([['mimeType', 'application/vnd.oci.image.index.v1+json'], ['text', manifest]])]));
    expect(r.exchanges[0]!.response.body).toMatchObject({ fidelity: 'exact', text: manifest, sha256: sha256(manifest) });
  });

  it('a 3 MB JSON manifest with escapes is streamed, unescaped exactly, and still kept as text', async () => {
    const manifest = JSON.stringify({
      annotations: Object.fromEntries(Array.from({ length: 70000 }, (_, i) => [`k${i}`, `v"${i}"\n\t/é😀\u0001\\`])),
    });
    expect(manifest.length).toBeGreaterThan(1024 * 1024);
    // escape everything that can be escaped: \uXXXX for non-ASCII, surrogate pairs for the emoji
    const escaped = JSON.stringify(manifest).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const entryJson = withContent([['mimeType', 'application/vnd.oci.image.manifest.v1+json'], ['text', 'PLACE']]).replace('"PLACE"', () => escaped);
    const r = await read(doc([entryJson]));
    const body = r.exchanges[0]!.response.body;
    expect(body).toMatchObject({ fidelity: 'exact', size: Buffer.byteLength(manifest), sha256: sha256(manifest) });
    expect(body.text).toBe(manifest);
  });

  it('a 3 MB base64 JSON body is decoded and kept as text', async () => {
    const manifest = JSON.stringify({ pad: 'x'.repeat(3 * MB) });
    const r = await read(doc([withContent([['text', Buffer.from(manifest).toString('base64')], ['encoding', 'base64'], ['mimeType', 'application/json']])]));
    expect(r.exchanges[0]!.response.body).toMatchObject({ fidelity: 'exact', text: manifest });
  });

  it('a big body longer than keepJsonLimit is not kept', async () => {
    const manifest = JSON.stringify({ pad: 'x'.repeat(2 * MB) });
    const r = await read(doc([withContent([['text', manifest], ['mimeType', 'application/json']])]), { keepJsonLimit: MB });
    expect(r.exchanges[0]!.response.body.text).toBeUndefined();
    expect(r.exchanges[0]!.response.body.sha256).toBe(sha256(manifest));
  });

  it('big request bodies: postData, HAR 1.3 encoding, HTTP Toolkit _content', async () => {
    const blob = randomBytes(2 * MB);
    const e1 = text(entry({ request: { method: 'PUT', bodySize: blob.length, postData: { mimeType: 'application/octet-stream', text: blob.toString('base64'), encoding: 'base64' } } }));
    const e2 = text(entry({ request: { method: 'PATCH', bodySize: blob.length, _requestBodyStatus: 'discarded:not-representable', _content: { text: blob.toString('base64'), size: blob.length, encoding: 'base64' } } }));
    const r = await read(doc([e1, e2]));
    for (const ex of r.exchanges) expect(ex.request.body).toMatchObject({ fidelity: 'exact', size: blob.length, sha256: sha256(blob) });
  });

  it('a big mitmproxy request body in Latin-1 text is encoded back exactly', async () => {
    const blob = randomBytes(2 * MB);
    const e = text(entry({ request: { method: 'PUT', bodySize: blob.length, postData: { mimeType: 'application/octet-stream', text: blob.toString('latin1'), params: [] } } }));
    const r = await read(doc([e], 'mitmproxy exporthar'));
    expect(r.exchanges[0]!.request.body).toMatchObject({ fidelity: 'exact', size: blob.length, sha256: sha256(blob) });
  });

  it('a big text that looks like base64 but declares no encoding is not hashed twice: absent, with the reason', async () => {
    const r = await read(doc([withContent([['text', b64], ['mimeType', 'application/octet-stream']])]));
    expect(r.exchanges[0]!.response.body).toMatchObject({ fidelity: 'absent', reason: expect.stringMatching(/looks like base64 but has no base64 encoding/) });
  });

  it('big text with U+FFFD is lossy', async () => {
    const t = `${'a'.repeat(2 * MB)}\ufffd`;
    const r = await read(doc([withContent([['text', t], ['mimeType', 'application/octet-stream']])]));
    expect(r.exchanges[0]!.response.body.fidelity).toBe('lossy');
  });

  it('a big string outside a body is omitted with a note', async () => {
    const e = text(entry({ request: { headers: [{ name: 'X-Huge', value: 'h'.repeat(2 * MB) }, { name: 'User-Agent', value: 'crane/1' }] } }));
    const r = await read(doc([e]));
    expect(r.exchanges[0]!.request.headers.get('x-huge')).toMatch(/^\[\d+-byte value omitted\]$/);
    expect(r.exchanges[0]!.client.product).toBe('crane');
    expect(r.notes.find((n) => n.code === 'limit')?.entry).toBe(0);
  });

  it('a repeated "text" key: the last one wins, as in JSON.parse', async () => {
    const first = randomBytes(2 * MB).toString('base64');
    const last = randomBytes(2 * MB);
    const r = await read(doc([withContent([['text', first], ['text', last.toString('base64')], ['encoding', 'base64']])]));
    expect(r.exchanges[0]!.response.body.sha256).toBe(sha256(last));
  });
});

describe('the same results whatever the threshold', () => {
  // every body here goes through the streaming path with a tiny threshold
  const bytes = randomBytes(5000);
  const entries = [
    withContent([['size', 5000], ['mimeType', 'application/octet-stream'], ['text', bytes.toString('base64')], ['encoding', 'base64']]),
    withContent([['encoding', 'base64'], ['text', bytes.toString('base64url').replace(/(.{60})/g, '$1\r\n')]]),
    withContent([['mimeType', 'application/json'], ['text', JSON.stringify({ a: 'é😀\ud800 "q" \\ / \u0000', b: 'x'.repeat(300) })]]),
    withContent([['mimeType', 'text/plain; charset=iso-8859-1'], ['text', `caf\u00e9 ${'y'.repeat(300)}`]]),
    withContent([['mimeType', 'application/octet-stream'], ['text', bytes.toString('latin1')]]),
    withContent([['mimeType', 'application/octet-stream'], ['text', `${'z'.repeat(300)}\ufffd`]]),
    withContent([['mimeType', 'text/plain'], ['text', 'Q'.repeat(400)], ['size', 1000]]),
    withContent([['mimeType', 'text/plain'], ['text', 'QUJD'.repeat(100)]]),
    text(entry({ request: { method: 'PUT', postData: { mimeType: 'application/octet-stream', text: bytes.toString('latin1') } } })),
  ];

  it.each([
    ['plain producer', 'test'],
    ['mitmproxy', 'mitmproxy exporthar'],
  ])('%s: threshold 64 B gives what the in-memory path gives', async (_, creator) => {
    const d = doc(entries, creator);
    const small = plain(await read(d, { bigStringThreshold: 64 }));
    const normal = plain(await read(d));
    // only the "omitted" limit notes may differ: none here, bodies are all under body paths
    expect(small).toEqual(normal);
  });
});

describe('random bodies: streamed and in-memory readings agree', () => {
  it('base64, base64url with line breaks, Latin-1 and UTF-8-decoded binary, for two producers', async () => {
    for (let round = 0; round < 25; round++) {
      const bytes = randomBytes(3000);
      const entries = [
        withContent([['mimeType', 'application/octet-stream'], ['text', bytes.toString('base64')], ['encoding', 'base64']]),
        withContent([['encoding', 'base64'], ['text', bytes.toString('base64url').replace(/(.{60})/g, '$1\r\n')]]),
        withContent([['mimeType', 'application/octet-stream'], ['text', bytes.toString('latin1')]]),
        withContent([['mimeType', 'application/octet-stream'], ['text', bytes.toString('utf8')]]),
      ];
      for (const creator of ['test', 'mitmproxy']) {
        const d = doc(entries, creator);
        const chunk = 1 + (round * 37) % 500;
        expect(plain(await read(d, { bigStringThreshold: 100, chunk }))).toEqual(plain(await read(d)));
      }
    }
  });
});
