import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY_BODY } from '../../src/model/body.js';
import { entry, har, read, sha256 } from './helpers.js';

const MITM = { creator: { name: 'mitmproxy exporthar', version: '0.1' } };

async function responseBody(content: Record<string, unknown>, response: Record<string, unknown> = {}, request: Record<string, unknown> = {}) {
  const r = await read(har([entry({ request, response: { ...response, content } })]));
  return r.exchanges[0]!.response.body;
}

async function requestBody(request: Record<string, unknown>, log: Record<string, unknown> = {}) {
  const r = await read(har([entry({ request: { method: 'PUT', ...request } })], log));
  return r.exchanges[0]!.request.body;
}

describe('response bodies', () => {
  it('base64 → the decoded bytes, exact', async () => {
    const bytes = randomBytes(300);
    const body = await responseBody({ size: 300, mimeType: 'application/octet-stream', text: bytes.toString('base64'), encoding: 'base64' });
    expect(body).toMatchObject({ fidelity: 'exact', size: 300, declaredSize: 300, sha256: sha256(bytes) });
    expect(Buffer.from(body.prefix!)).toEqual(bytes.subarray(0, 64));
    expect(body.text).toBeUndefined();
  });

  it('base64url alphabet, line breaks and missing padding are tolerated', async () => {
    const bytes = randomBytes(301);
    const url = bytes.toString('base64url');
    const wrapped = url.replace(/(.{76})/g, '$1\r\n');
    const body = await responseBody({ size: 301, mimeType: 'application/octet-stream', text: wrapped, encoding: 'base64' });
    expect(body).toMatchObject({ fidelity: 'exact', size: 301, sha256: sha256(bytes) });
  });

  it('encoding base64 with text that is not base64 → lossy', async () => {
    const body = await responseBody({ size: 5, mimeType: 'text/plain', text: 'héllo!', encoding: 'base64' });
    expect(body.fidelity).toBe('lossy');
    expect(body.reason).toMatch(/not valid base64/);
  });

  it('a JSON manifest is kept as text', async () => {
    const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', annotations: { t: 'é 😀' } });
    const body = await responseBody({ size: Buffer.byteLength(manifest), mimeType: 'application/vnd.oci.image.manifest.v1+json', text: manifest });
    expect(body).toMatchObject({ fidelity: 'exact', text: manifest, sha256: sha256(manifest), size: Buffer.byteLength(manifest) });
  });

  it('a base64 JSON body (Playwright embed) is decoded and kept as text', async () => {
    const manifest = '{"schemaVersion":2}';
    const body = await responseBody({ size: -1, mimeType: 'application/json', text: Buffer.from(manifest).toString('base64'), encoding: 'base64' });
    expect(body).toMatchObject({ fidelity: 'exact', text: manifest, sha256: sha256(manifest) });
  });

  it('declared size larger than the text → truncated (Firefox, Chrome buffer)', async () => {
    const body = await responseBody({ size: 5_000_000, mimeType: 'application/json', text: '{"a":' });
    expect(body).toMatchObject({ fidelity: 'truncated', size: 5, declaredSize: 5_000_000 });
    expect(body.reason).toMatch(/5 of 5000000/);
  });

  it('Content-Length larger than the body → truncated', async () => {
    const body = await responseBody({ size: -1, mimeType: 'text/plain', text: 'abc' }, { headers: [{ name: 'Content-Length', value: '10' }] });
    expect(body.fidelity).toBe('truncated');
  });

  it('mitmproxy: content.size is the encoded length when Content-Encoding is set', async () => {
    const r = await read(
      har([entry({ response: { headers: [{ name: 'content-encoding', value: 'gzip' }], content: { size: 20, compression: 5, mimeType: 'application/json', text: '{"decoded":"longer than 20"}' } } })], MITM),
    );
    expect(r.exchanges[0]!.response.body.fidelity).toBe('exact');
  });

  it('size + compression = held bytes counts as exact', async () => {
    const body = await responseBody({ size: 10, compression: 6, mimeType: 'text/plain', text: 'sixteen bytes!!!' });
    expect(body.fidelity).toBe('exact');
  });

  it('a producer comment about dropping the body → absent, or truncated when text remains', async () => {
    const comment = 'Body discarded during HAR generation: longer than limit of 500000 bytes';
    expect(await responseBody({ size: 0, mimeType: 'application/octet-stream', comment })).toMatchObject({ fidelity: 'absent' });
    expect(await responseBody({ size: 3, mimeType: 'text/plain', text: 'abc', comment: 'truncated by exporter' })).toMatchObject({ fidelity: 'truncated' });
  });

  it('no text although a size was declared → absent', async () => {
    const body = await responseBody({ size: 1234, mimeType: 'application/octet-stream' });
    expect(body).toMatchObject({ fidelity: 'absent', size: 0, declaredSize: 1234 });
    expect(body.sha256).toBeUndefined();
  });

  it('no text and Content-Length > 0 → absent; HEAD, 204 and size 0 → the empty body', async () => {
    const cl = [{ name: 'Content-Length', value: '512' }];
    expect((await responseBody({ size: -1, mimeType: '' }, { headers: cl, bodySize: -1 })).fidelity).toBe('absent');
    expect(await responseBody({ size: -1, mimeType: '' }, { headers: cl, bodySize: -1 }, { method: 'HEAD' })).toBe(EMPTY_BODY);
    expect(await responseBody({ size: -1, mimeType: '' }, { status: 204, bodySize: -1 })).toBe(EMPTY_BODY);
    expect(await responseBody({ size: 0, mimeType: 'application/json' })).toBe(EMPTY_BODY);
  });

  it('Playwright attach mode: _file sidecar → absent', async () => {
    const body = await responseBody({ size: 100, mimeType: 'application/json', _file: '75a1.json' });
    expect(body).toMatchObject({ fidelity: 'absent', reason: 'external sidecar (75a1.json)' });
  });

  it('text with U+FFFD → lossy', async () => {
    const body = await responseBody({ size: 4, mimeType: 'application/octet-stream', text: 'a\ufffd\ufffdb' });
    expect(body).toMatchObject({ fidelity: 'lossy' });
    expect(body.sha256).toBe(sha256('a\ufffd\ufffdb'));
  });

  it('a lone surrogate in the text → lossy', async () => {
    const body = await responseBody({ size: 4, mimeType: 'text/plain', text: 'a\ud800b' });
    expect(body.fidelity).toBe('lossy');
  });

  it('binary stored as text (C1 controls) for a binary type → lossy; the same text for a text type stays exact', async () => {
    expect((await responseBody({ size: 3, mimeType: 'application/octet-stream', text: '\u001f\u008b\u0008' })).fidelity).toBe('lossy');
    expect((await responseBody({ size: 3, mimeType: 'text/plain; charset=utf-8', text: 'x\u0085y' })).fidelity).toBe('exact');
  });

  it('charset=iso-8859-1 text is encoded back to Latin-1', async () => {
    const body = await responseBody({ size: 4, mimeType: 'text/plain; charset=ISO-8859-1', text: 'café' });
    expect(body).toMatchObject({ fidelity: 'exact', size: 4, sha256: sha256(Buffer.from('café', 'latin1')) });
  });

  it('an unknown charset: exact only when the text is ASCII', async () => {
    expect((await responseBody({ size: 3, mimeType: 'text/plain; charset=shift_jis', text: 'abc' })).fidelity).toBe('exact');
    expect((await responseBody({ size: 3, mimeType: 'text/plain; charset=shift_jis', text: '日本' })).fidelity).toBe('lossy');
  });

  it.each(['[application/javascript redacted]', 'REDACTED', 'obfuscated', '[redacted]'])('placeholder %j → redacted', async (placeholder) => {
    const body = await responseBody({ size: 900, mimeType: 'application/json', text: placeholder });
    expect(body).toMatchObject({ fidelity: 'redacted', size: 900 });
    expect(body.sha256).toBeUndefined();
  });

  it('our redactor record keeps size and sha256', async () => {
    const digest = sha256('the original layer');
    const body = await responseBody({ size: 18, mimeType: 'application/octet-stream', _redacted: { size: 18, sha256: digest } });
    expect(body).toMatchObject({ fidelity: 'redacted', size: 18, sha256: digest });
  });

  it('a body that is not exact gets a body-not-exact note for its entry', async () => {
    const r = await read(har([entry(), entry({ response: { content: { size: 100, mimeType: 'application/json' } } })]));
    expect(r.notes.filter((n) => n.code === 'body-not-exact')).toEqual([
      { code: 'body-not-exact', entry: 1, message: 'response body absent (producer kept no body (100 bytes declared))' },
    ]);
  });
});

describe('request bodies', () => {
  it('HAR 1.3 postData.encoding base64', async () => {
    const bytes = randomBytes(100);
    const body = await requestBody({ bodySize: 100, postData: { mimeType: 'application/octet-stream', text: bytes.toString('base64'), encoding: 'base64' } });
    expect(body).toMatchObject({ fidelity: 'exact', size: 100, sha256: sha256(bytes) });
  });

  it('Reqable: postData.encoding base64 for text', async () => {
    const body = await requestBody({ postData: { mimeType: 'application/json', text: Buffer.from('{"x":1}').toString('base64'), encoding: 'base64' } });
    expect(body).toMatchObject({ fidelity: 'exact', text: '{"x":1}' });
  });

  it('HTTP Toolkit _content (binary request bodies, base64)', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x01]);
    const body = await requestBody({
      bodySize: 4,
      _requestBodyStatus: 'discarded:not-representable',
      _content: { text: bytes.toString('base64'), size: 4, encoding: 'base64' },
      headers: [{ name: 'content-type', value: 'application/octet-stream' }],
    });
    expect(body).toMatchObject({ fidelity: 'exact', size: 4, sha256: sha256(bytes), mimeType: 'application/octet-stream' });
  });

  it('HTTP Toolkit discarded:too-large → absent', async () => {
    const body = await requestBody({ bodySize: 900000, _requestBodyStatus: 'discarded:too-large', comment: 'Body discarded during HAR generation' });
    expect(body).toMatchObject({ fidelity: 'absent', declaredSize: 900000 });
    expect(body.reason).toMatch(/too-large/);
  });

  it('Playwright: empty postData.text for octet-stream → absent', async () => {
    const body = await requestBody({ bodySize: 2048, postData: { mimeType: 'application/octet-stream', text: '', params: [] } });
    expect(body).toMatchObject({ fidelity: 'absent', declaredSize: 2048 });
  });

  it('Playwright attach: postData._file → absent (external sidecar)', async () => {
    const body = await requestBody({ bodySize: 2048, postData: { mimeType: 'application/octet-stream', text: '', _file: 'ab12.dat' } });
    expect(body).toMatchObject({ fidelity: 'absent', reason: 'external sidecar (ab12.dat)' });
  });

  it('only postData.params → absent', async () => {
    const body = await requestBody({ method: 'POST', bodySize: -1, postData: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'scope', value: 'x' }] } });
    expect(body).toMatchObject({ fidelity: 'absent', reason: 'only postData.params recorded' });
  });

  it('PUT with nothing recorded and no size → absent; GET → empty', async () => {
    expect((await requestBody({ bodySize: -1 })).fidelity).toBe('absent');
    expect(await requestBody({ method: 'GET', bodySize: -1 })).toBe(EMPTY_BODY);
    expect(await requestBody({ method: 'POST', bodySize: 0 })).toBe(EMPTY_BODY);
    expect(await requestBody({ method: 'POST', bodySize: -1, headers: [{ name: 'Content-Length', value: '0' }] })).toBe(EMPTY_BODY);
  });

  it('mitmproxy: binary request bodies written as Latin-1 text are encoded back exactly', async () => {
    const bytes = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0x80, 0x00, 0x41, 0xe9]);
    const body = await requestBody({ bodySize: bytes.length, postData: { mimeType: 'application/octet-stream', text: bytes.toString('latin1'), params: [] } }, MITM);
    expect(body).toMatchObject({ fidelity: 'exact', size: bytes.length, sha256: sha256(bytes) });
  });

  it('mitmproxy: JSON request bodies are UTF-8', async () => {
    const json = '{"name":"café"}';
    const body = await requestBody({ postData: { mimeType: 'application/vnd.oci.image.manifest.v1+json', text: json } }, MITM);
    expect(body).toMatchObject({ fidelity: 'exact', sha256: sha256(json), text: json });
  });

  it('the same Latin-1 text from another producer is lossy (C1 controls in a binary type)', async () => {
    const bytes = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0x80]);
    const body = await requestBody({ postData: { mimeType: 'application/octet-stream', text: bytes.toString('latin1') } });
    expect(body.fidelity).toBe('lossy');
  });

  it('request body redactor record', async () => {
    const digest = sha256('x');
    const body = await requestBody({ postData: { mimeType: 'application/octet-stream', _redacted: { size: 1, sha256: digest.toUpperCase() } } });
    expect(body).toMatchObject({ fidelity: 'redacted', size: 1, sha256: digest });
  });
});
