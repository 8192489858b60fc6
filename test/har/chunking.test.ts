import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { entry, har, plain, read, text } from './helpers.js';

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
