import { describe, expect, it } from 'vitest';
import { EMPTY_BODY } from '../../src/model/body.js';
import { entry, har, read, sha256, text } from './helpers.js';

const codes = (notes: { code: string }[]) => notes.map((n) => n.code);

describe('§C.2 quirks', () => {
  it('UTF-8 BOM before the document', async () => {
    const r = await read(`\ufeff${text(har([entry()]))}`);
    expect(r.exchanges).toHaveLength(1);
    expect(r.info.harVersion).toBe('1.2');
    expect(r.info.creator).toEqual({ name: 'test', version: '1' });
  });

  it('-1 / null sizes and times are unknown, never 0', async () => {
    const r = await read(
      har([
        entry({ time: -1, request: { bodySize: -1, headersSize: -1 }, response: { bodySize: -1, content: { size: -1, mimeType: 'text/plain', text: 'hi' } } }),
        entry({ time: null, response: { bodySize: -1, content: { size: null, mimeType: 'x-unknown' } } }),
      ]),
    );
    const [a, b] = r.exchanges;
    expect(a!.timeMs).toBeUndefined();
    expect(b!.timeMs).toBeUndefined();
    expect(a!.response.body).toMatchObject({ fidelity: 'exact', size: 2, text: 'hi' });
    expect(a!.response.body.declaredSize).toBeUndefined();
    expect(a!.request.body).toBe(EMPTY_BODY);
    // no text, no size, no Content-Length: we cannot tell, so absent (not "0 bytes")
    expect(b!.response.body.fidelity).toBe('absent');
  });

  it('HTTP/2 pseudo-headers: dropped, :authority becomes Host, mismatches noted', async () => {
    const h2 = (method: string, path: string) => [
      { name: ':method', value: method },
      { name: ':authority', value: 'registry.example' },
      { name: ':scheme', value: 'https' },
      { name: ':path', value: path },
      { name: 'accept', value: 'application/vnd.oci.image.manifest.v1+json' },
    ];
    const r = await read(
      har([
        entry({ request: { url: 'https://registry.example/v2/a/manifests/1?x=1', headers: h2('GET', '/v2/a/manifests/1?x=1') }, response: { headers: [{ name: ':status', value: '200' }] } }),
        entry({ request: { method: 'HEAD', url: 'https://registry.example/v2/a/manifests/1', headers: h2('GET', '/v2/b/manifests/1') } }),
      ]),
    );
    const [ok, bad] = r.exchanges;
    expect(ok!.request.headers.lines.map((l) => l.name)).toEqual(['host', 'accept']);
    expect(ok!.request.headers.get('Host')).toBe('registry.example');
    expect(ok!.response.headers.size).toBe(0);
    expect(r.notes.filter((n) => n.entry === 0 && n.code === 'header-shape')).toEqual([]);
    const note = r.notes.find((n) => n.entry === 1 && n.code === 'header-shape');
    expect(note?.message).toMatch(/:method GET differs from request.method HEAD/);
    expect(note?.message).toMatch(/:path \/v2\/b\/manifests\/1 differs/);
  });

  it('keeps an existing Host over :authority', async () => {
    const r = await read(har([entry({ request: { headers: [{ name: ':authority', value: 'a.example' }, { name: 'Host', value: 'b.example' }] } })]));
    expect(r.exchanges[0]!.request.headers.getAll('host')).toEqual(['b.example']);
  });

  it('duplicate and comma-joined headers read the same', async () => {
    const r = await read(
      har([
        entry({ request: { headers: [{ name: 'Accept', value: 'a/1' }, { name: 'accept', value: 'b/2' }] } }),
        entry({ request: { headers: [{ name: 'accept', value: 'a/1, b/2' }] } }),
      ]),
    );
    const [split, joined] = r.exchanges;
    expect(split!.request.headers.getList('Accept')).toEqual(['a/1', 'b/2']);
    expect(joined!.request.headers.getList('ACCEPT')).toEqual(['a/1', 'b/2']);
  });

  it('header object maps and "Name: value" strings are read, with a note', async () => {
    const r = await read(
      har([
        entry({ request: { headers: { 'User-Agent': 'crane/0.19', Accept: ['a/1', 'b/2'] } } }),
        entry({ request: { headers: ['User-Agent: oras/1.2.0', ':method: GET', 'X-Empty:'] } }),
        entry({ request: { headers: 'User-Agent: regctl/v0.5\r\nAccept: */*' } }),
      ]),
    );
    const [map, strings, one] = r.exchanges;
    expect(map!.client).toMatchObject({ product: 'crane', version: '0.19' });
    expect(map!.request.headers.getAll('accept')).toEqual(['a/1', 'b/2']);
    expect(strings!.client.product).toBe('oras');
    expect(strings!.request.headers.has(':method')).toBe(false);
    expect(strings!.request.headers.get('x-empty')).toBe('');
    expect(one!.client.product).toBe('regctl');
    expect(r.notes.filter((n) => n.code === 'header-shape').map((n) => n.entry)).toEqual([0, 1, 2]);
  });

  it('content: {} and status 0 with _error (mitmproxy error flow) → failed', async () => {
    const r = await read(
      har(
        [
          entry({
            response: { status: 0, statusText: '', httpVersion: '', headers: [], content: {}, bodySize: -1, _error: 'Connection killed.' },
          }),
        ],
        { creator: { name: 'mitmproxy exporthar', version: '0.1' } },
      ),
    );
    const ex = r.exchanges[0]!;
    expect(ex.failed).toBe(true);
    expect(ex.failure).toBe('Connection killed.');
    expect(ex.response.status).toBe(0);
    expect(ex.response.body.fidelity).toBe('absent');
    expect(r.notes.filter((n) => n.code === 'body-not-exact')).toEqual([]);
  });

  it.each([
    ['status -1 with _failureText (Playwright)', { status: -1, _failureText: 'net::ERR_CONNECTION_REFUSED', content: { size: -1, mimeType: 'x-unknown' } }, 'net::ERR_CONNECTION_REFUSED'],
    ['status -999 (browsermob)', { status: -999, content: { size: 0, mimeType: '' } }, 'status -999'],
    ['status 0 (HTTP Toolkit abort)', { status: 0, content: { size: 0, mimeType: 'application/x-unknown' } }, 'status 0'],
  ])('%s → failed', async (_, response, failure) => {
    const r = await read(har([entry({ response })]));
    expect(r.exchanges[0]).toMatchObject({ failed: true, failure, response: { status: 0 } });
  });

  it('missing response → failed, no crash', async () => {
    const e = entry();
    delete e.response;
    const r = await read(har([e]));
    expect(r.exchanges[0]).toMatchObject({ failed: true, failure: 'no response recorded', response: { status: 0, statusText: '' } });
    expect(codes(r.notes)).toContain('har-schema');
  });

  it('a producer error next to a real status keeps the exchange; only its body is in doubt', async () => {
    const r = await read(har([entry({ response: { _error: 'net::ERR_HTTP2_PROTOCOL_ERROR' } })]));
    expect(r.exchanges[0]).toMatchObject({ failed: false, failure: 'net::ERR_HTTP2_PROTOCOL_ERROR', response: { status: 200 } });
    expect(r.exchanges[0]!.response.body.fidelity).toBe('truncated');
  });

  it("Playwright's net::ERR_ABORTED (body never read) keeps status and headers, body absent", async () => {
    const r = await read(har([entry({ _failureText: 'net::ERR_ABORTED', response: { status: 202, content: { size: -1, mimeType: 'x-unknown' } } })]));
    expect(r.exchanges[0]).toMatchObject({ failed: false, failure: 'net::ERR_ABORTED', response: { status: 202 } });
    expect(r.exchanges[0]!.response.body.fidelity).not.toBe('exact');
  });

  it('timings: {} and cache: null: a schema note, the exchange is still read', async () => {
    const r = await read(har([entry({ timings: {}, cache: null })]));
    expect(r.exchanges).toHaveLength(1);
    const note = r.notes.find((n) => n.code === 'har-schema');
    expect(note?.entry).toBe(0);
    expect(note?.message).toMatch(/timings|cache/);
  });

  it('valid entries get no schema note; validate:false skips the validator', async () => {
    expect(codes((await read(har([entry()]))).notes)).toEqual([]);
    expect(codes((await read(har([entry({ timings: {} })]), { validate: false })).notes)).toEqual([]);
  });

  it('redirectURL and Location on 3xx resolve against the request URL', async () => {
    const r = await read(
      har([
        entry({ request: { url: 'https://r.example/v2/a/blobs/sha256:1' }, response: { status: 307, redirectURL: '/store/blob?sig=1' } }),
        entry({ request: { url: 'https://r.example/v2/a/blobs/sha256:1' }, response: { status: 307, headers: [{ name: 'Location', value: 'https://cdn.example/x' }] } }),
        entry({ response: { status: 200, headers: [{ name: 'Location', value: '/elsewhere' }] } }),
        entry({ request: { url: 'https://r.example/v2/a/blobs/uploads/' }, response: { status: 202, headers: [{ name: 'Location', value: '/v2/a/blobs/uploads/u1?_state=x' }] } }),
      ]),
    );
    expect(r.exchanges.map((e) => e.response.redirectURL)).toEqual(['https://r.example/store/blob?sig=1', 'https://cdn.example/x', undefined, undefined]);
  });

  it('an unparsable URL → url undefined and a note', async () => {
    const r = await read(har([entry({ request: { url: 'not a url' } })]));
    expect(r.exchanges[0]!.request).toMatchObject({ url: undefined, rawUrl: 'not a url' });
    expect(r.notes.find((n) => n.code === 'unparsable-url')).toMatchObject({ entry: 0 });
  });

  it('startedDateTime with microseconds and offsets parses; an unparsable one keeps file order', async () => {
    const r = await read(
      har([
        entry({ startedDateTime: '2024-05-01T10:00:00.123456+00:00' }),
        entry({ startedDateTime: 'yesterday-ish' }),
        entry({ startedDateTime: '2024-05-01T12:00:00.5+02:00' }),
      ]),
    );
    expect(r.exchanges.map((e) => [e.index, e.startMs])).toEqual([
      [0, Date.parse('2024-05-01T10:00:00.123Z')],
      [1, Date.parse('2024-05-01T10:00:00.123Z')],
      [2, Date.parse('2024-05-01T10:00:00.500Z')],
    ]);
    expect(r.exchanges[1]!.startedDateTime).toBe('yesterday-ish');
  });

  it('the client comes from the request User-Agent', async () => {
    const r = await read(har([entry({ request: { headers: [{ name: 'user-agent', value: 'containerd/v1.7.2 (linux)' }] } })]));
    expect(r.exchanges[0]!.client).toEqual({ product: 'containerd', version: 'v1.7.2', userAgent: 'containerd/v1.7.2 (linux)' });
  });

  it('trailing garbage after the document → note, not error', async () => {
    const r = await read(`${text(har([entry()]))}\n\u0000\u0000garbage{`);
    expect(r.exchanges).toHaveLength(1);
    expect(r.info.stoppedAt).toBeUndefined();
    expect(r.notes.find((n) => n.code === 'har-schema' && /after the end/.test(n.message))).toBeDefined();
  });

  it('trailing commas are tolerated with a note', async () => {
    const doc = `{"log":{"version":"1.2","entries":[${text(entry())},${text(entry())},],}}`;
    const r = await read(doc);
    expect(r.exchanges).toHaveLength(2);
    expect(r.notes.find((n) => /trailing comma/.test(n.message))).toBeDefined();
  });

  it('log.creator after log.entries and unknown log fields are fine', async () => {
    const doc = `{"log":{"pages":[{"id":"p","title":"t","startedDateTime":"2024-01-01T00:00:00Z","pageTimings":{}}],"_tlsErrors":[],"entries":[${text(entry())}],"creator":{"name":"late","version":"2"},"comment":"c"}}`;
    const r = await read(doc);
    expect(r.exchanges).toHaveLength(1);
    expect(r.info.creator).toEqual({ name: 'late', version: '2' });
  });

  it('an element of log.entries that is not an object → note, reading goes on', async () => {
    const doc = `{"log":{"entries":[null, 42, "x", [1], ${text(entry())}]}}`;
    const r = await read(doc);
    expect(r.exchanges.map((e) => e.index)).toEqual([4]);
    expect(r.notes.filter((n) => n.code === 'har-schema').map((n) => n.entry)).toEqual([0, 1, 2, 3]);
    expect(r.info.entries).toBe(5);
  });

  it('deep nesting: the entry is skipped with a note, others are read, nothing overflows', async () => {
    const deep = `{"startedDateTime":"2024-01-01T00:00:00Z","x":${'['.repeat(100000)}${']'.repeat(100000)}}`;
    const doc = `{"log":{"entries":[${text(entry())},${deep},${text(entry())}]}}`;
    const r = await read(doc);
    expect(r.exchanges.map((e) => e.index)).toEqual([0, 2]);
    expect(r.notes.find((n) => n.code === 'limit')).toMatchObject({ entry: 1 });
    expect(r.notes.find((n) => n.code === 'limit')!.message).toMatch(/nesting/);
  });

  it('deep nesting outside the entries is not JSON we accept', async () => {
    const doc = `{"log":{"x":${'['.repeat(100000)}${']'.repeat(100000)},"entries":[]}}`;
    await expect(read(doc)).rejects.toMatchObject({ code: 'NOT_JSON' });
  });

  it('notes carry the entry index', async () => {
    const r = await read(har([entry(), entry({ request: { url: '::' } })]));
    expect(r.notes.find((n) => n.code === 'unparsable-url')?.entry).toBe(1);
  });

  it('request bodies hash what was sent', async () => {
    const body = '{"a":1}';
    const r = await read(har([entry({ request: { method: 'PUT', bodySize: 7, postData: { mimeType: 'application/json', text: body } } })]));
    expect(r.exchanges[0]!.request.body).toMatchObject({ fidelity: 'exact', size: 7, sha256: sha256(body), text: body });
  });
});
