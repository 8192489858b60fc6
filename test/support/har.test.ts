import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  BASE_TIME,
  DEFAULT_CONFIG,
  DEFAULT_LAYER,
  DEFAULT_MANIFEST,
  DEFAULT_MANIFEST_DIGEST,
  EMPTY_DESCRIPTOR,
  MT,
  REGISTRY,
  appendQuery,
  descriptor,
  edit,
  editAt,
  exchange,
  har,
  harText,
  harWith,
  locationOf,
  nextLocation,
  oci,
  ociIndex,
  ociManifest,
  pause,
  sha256Digest,
  type HarEntry,
  type HarLog,
} from './har.js';

const harValidator = createRequire(import.meta.url)('har-validator') as { har(data: unknown): Promise<unknown> };

const header = (headers: { name: string; value: string }[], name: string): string | undefined =>
  headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
const headerAll = (headers: { name: string; value: string }[], name: string): string[] =>
  headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value);
const reqH = (e: HarEntry, name: string) => header(e.request.headers, name);
const resH = (e: HarEntry, name: string) => header(e.response.headers, name);

function requestBytes(e: HarEntry): Buffer {
  const pd = e.request.postData;
  if (!pd?.text) return Buffer.alloc(0);
  return pd.encoding === 'base64' ? Buffer.from(pd.text, 'base64') : Buffer.from(pd.text, 'utf8');
}
function responseBytes(e: HarEntry): Buffer {
  const c = e.response.content;
  if (!c.text) return Buffer.alloc(0);
  return c.encoding === 'base64' ? Buffer.from(c.text, 'base64') : Buffer.from(c.text, 'utf8');
}

function composite(): HarLog {
  const referrer = oci.pushManifest({
    ref: 'sbom',
    manifest: ociManifest({
      artifactType: 'application/spdx+json',
      config: EMPTY_DESCRIPTOR,
      layers: [descriptor('{"spdx":true}', 'application/spdx+json')],
      subject: descriptor(DEFAULT_MANIFEST, MT.manifest),
    }),
    auth: 'Bearer test-token',
  });
  return har(
    oci.ping(),
    oci.bearerFlow(oci.pushImage({ layers: [DEFAULT_LAYER, 'second layer'] })),
    oci.token({ method: 'POST', scope: ['repository:library/hello:pull,push'], offline: true }),
    oci.token({ withBasicAuth: true, scope: ['repository:library/hello:pull', 'repository:library/base:pull'] }),
    oci.pushBlob({ data: 'chunky data!', style: 'chunked', chunkSize: 5 }),
    oci.pushBlob({ data: 'streamed', style: 'streamed' }),
    oci.pushBlob({ data: 'one shot', style: 'single-post' }),
    oci.mount({ from: 'library/base' }),
    oci.mount({ status: 202, digest: sha256Digest('elsewhere') }),
    oci.uploadStatus({ offset: 12 }),
    oci.cancelUpload(),
    referrer,
    pause(5000),
    oci.authedPull(),
    oci.pullManifest({ head: true, auth: 'Bearer test-token' }),
    oci.pullManifest({ ref: DEFAULT_MANIFEST_DIGEST, auth: 'Bearer test-token' }),
    oci.pullBlob({ redirectTo: true, auth: 'Bearer test-token' }),
    oci.pullBlob({ content: DEFAULT_CONFIG }),
    oci.headBlob(),
    oci.listTags({ tags: ['a', 'b'], n: 2, link: true }),
    oci.listReferrers({ manifests: [descriptor(referrer.bytes, MT.manifest, { artifactType: 'application/spdx+json' })] }),
    oci.listReferrers({ artifactType: 'application/spdx+json' }),
    oci.deleteManifest({ ref: referrer.digest }),
    oci.deleteBlob(),
    oci.pullManifest({ ref: referrer.digest, status: 404 }),
    oci.challenge({ scheme: 'Basic' }),
  );
}

describe('har-validator', () => {
  it('accepts a big composite scenario', async () => {
    const doc = composite();
    expect(doc.log.entries.length).toBeGreaterThan(40);
    await expect(harValidator.har(doc)).resolves.toBeTruthy();
    await expect(harValidator.har({ log: { entries: [] } })).rejects.toThrow(); // the validator does validate
    await expect(harValidator.har(JSON.parse(harText(oci.ping(), oci.pushImage({ style: 'chunked' }))))).resolves.toBeTruthy();
  });

  it('accepts absent and base64 request bodies', async () => {
    const doc = har(
      exchange({ method: 'PUT', url: '/v2/x/blobs/uploads/u?digest=sha256:00', reqBody: { absent: true, size: 10 } }),
      exchange({ method: 'PUT', url: '/v2/x/blobs/uploads/u?digest=sha256:00', reqBody: { base64: 'AAEC' } }),
      exchange({ url: '/v2/x/blobs/sha256:00', resBody: { absent: true, size: 99 } }),
    );
    await expect(harValidator.har(doc)).resolves.toBeTruthy();
    const [absentReq, b64Req, absentRes] = doc.log.entries as [HarEntry, HarEntry, HarEntry];
    expect(absentReq.request.postData).toEqual({ mimeType: MT.octet });
    expect(absentReq.request.bodySize).toBe(10);
    expect(reqH(absentReq, 'content-length')).toBe('10');
    expect(b64Req.request.postData).toEqual({ mimeType: MT.octet, text: 'AAEC', encoding: 'base64' });
    expect(reqH(b64Req, 'content-length')).toBe('3');
    expect(absentRes.response.content).toEqual({ size: 99, mimeType: MT.octet });
    expect(resH(absentRes, 'content-length')).toBe('99');
  });
});

describe('consistent defaults', () => {
  it('Content-Length matches every recorded body', () => {
    for (const e of composite().log.entries) {
      const rq = reqH(e, 'content-length');
      if (rq !== undefined) expect(Number(rq)).toBe(requestBytes(e).length);
      expect(e.request.bodySize).toBe(requestBytes(e).length);
      const rs = resH(e, 'content-length');
      if (e.request.method !== 'HEAD') {
        expect(e.response.bodySize).toBe(responseBytes(e).length);
        expect(e.response.content.size).toBe(responseBytes(e).length);
        if (rs !== undefined) expect(Number(rs)).toBe(responseBytes(e).length);
      } else {
        expect(e.response.content.text).toBeUndefined();
        expect(e.response.bodySize).toBe(0);
      }
    }
  });

  it('fills exchange defaults', () => {
    const e = exchange({ method: 'post', url: '/v2/library/hello/blobs/uploads/' });
    expect(e.request.url).toBe(`${REGISTRY}/v2/library/hello/blobs/uploads/`);
    expect(e.request.method).toBe('POST');
    expect(e.request.httpVersion).toBe('HTTP/1.1');
    expect(e.response.httpVersion).toBe('HTTP/1.1');
    expect(e.request.headers).toEqual([
      { name: 'User-Agent', value: 'test-client/1.0' },
      { name: 'Content-Length', value: '0' },
    ]);
    expect(e.request.postData).toBeUndefined();
    expect(e.response.status).toBe(200);
    expect(e.response.statusText).toBe('OK');
    expect(e.time).toBeGreaterThan(0);
    expect(e.request.headersSize).toBeGreaterThan(0);
    const get = exchange({ url: 'http://other.test/x?a=1&a=2', resBody: '{"x":1}' });
    expect(reqH(get, 'content-length')).toBeUndefined();
    expect(get.request.queryString).toEqual([{ name: 'a', value: '1' }, { name: 'a', value: '2' }]);
    expect(resH(get, 'content-type')).toBe('application/json');
    expect(get.response.content).toEqual({ size: 7, mimeType: 'application/json', text: '{"x":1}' });
  });

  it('encodes binary as base64 and JSON as text', () => {
    const [blob] = oci.pullBlob();
    expect(blob!.response.content.encoding).toBe('base64');
    expect(Buffer.from(responseBytes(blob!)).equals(Buffer.from(DEFAULT_LAYER))).toBe(true);
    const [m] = oci.pullManifest();
    expect(m!.response.content.encoding).toBeUndefined();
    expect(m!.response.content.text).toBe(DEFAULT_MANIFEST);
    const put = oci.pushBlob({ style: 'monolithic' })[1]!;
    expect(put.request.postData?.encoding).toBe('base64');
    const mput = oci.pushManifest()[0]!;
    expect(mput.request.postData).toEqual({ mimeType: MT.manifest, text: DEFAULT_MANIFEST });
  });
});

describe('digests', () => {
  it('sha256Digest', () => {
    expect(sha256Digest('')).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Digest('{}')).toBe(EMPTY_DESCRIPTOR.digest);
    expect(sha256Digest(new Uint8Array([0x7b, 0x7d]))).toBe(EMPTY_DESCRIPTOR.digest);
  });

  it('manifest pulls carry the digest of the exact bytes', () => {
    const text = '{\n  "schemaVersion": 2,\n  "mediaType": "application/vnd.oci.image.index.v1+json",\n  "manifests": []\n}';
    const e = oci.pullManifest({ manifest: text })[0]!;
    expect(resH(e, 'docker-content-digest')).toBe(sha256Digest(text));
    expect(resH(e, 'content-type')).toBe(MT.index);
    const head = oci.pullManifest({ head: true })[0]!;
    expect(head.request.method).toBe('HEAD');
    expect(resH(head, 'docker-content-digest')).toBe(DEFAULT_MANIFEST_DIGEST);
    expect(resH(head, 'content-length')).toBe(String(Buffer.byteLength(DEFAULT_MANIFEST)));
    expect(head.response.content.size).toBe(0);
    expect(resH(oci.pullManifest({ omitDigestHeader: true })[0]!, 'docker-content-digest')).toBeUndefined();
  });

  it('blob pulls and pushes use the content digest', () => {
    const [e] = oci.pullBlob({ content: 'hello' });
    expect(e!.request.url).toBe(`${REGISTRY}/v2/library/hello/blobs/${sha256Digest('hello')}`);
    expect(resH(e!, 'docker-content-digest')).toBe(sha256Digest(responseBytes(e!)));
    for (const style of ['monolithic', 'chunked', 'streamed', 'single-post'] as const) {
      const pushed = oci.pushBlob({ data: DEFAULT_LAYER, style, chunkSize: 300 });
      const sent = Buffer.concat(pushed.map(requestBytes));
      expect(sha256Digest(sent)).toBe(pushed.digest);
      const last = pushed[pushed.length - 1]!;
      expect(new URL(last.request.url).searchParams.get('digest')).toBe(pushed.digest);
      expect(last.response.status).toBe(201);
      expect(locationOf(last)).toBe(`/v2/library/hello/blobs/${pushed.digest}`);
      expect(resH(last, 'docker-content-digest')).toBe(pushed.digest);
    }
  });

  it('pushImage builds a valid manifest over what it uploaded', () => {
    const img = oci.pushImage();
    expect(img.manifestDigest).toBe(DEFAULT_MANIFEST_DIGEST);
    expect(img.manifestBytes).toBe(DEFAULT_MANIFEST);
    const uploaded = new Map<string, Buffer>();
    for (const e of img) {
      const d = new URL(e.request.url).searchParams.get('digest');
      if (d && e.request.method === 'PUT') uploaded.set(d, requestBytes(e));
    }
    for (const desc of [...img.manifest.layers, img.manifest.config]) {
      expect(uploaded.get(desc.digest)?.length).toBe(desc.size);
      expect(sha256Digest(uploaded.get(desc.digest)!)).toBe(desc.digest);
    }
    const put = img[img.length - 1]!;
    expect(put.request.method).toBe('PUT');
    expect(put.request.url).toBe(`${REGISTRY}/v2/library/hello/manifests/latest`);
    expect(reqH(put, 'content-type')).toBe(MT.manifest);
    expect(sha256Digest(requestBytes(put))).toBe(img.manifestDigest);
    expect(resH(put, 'docker-content-digest')).toBe(img.manifestDigest);
    expect(locationOf(put)).toBe(`/v2/library/hello/manifests/${img.manifestDigest}`);
    // HEAD 404 before each blob upload
    expect(img.filter((e) => e.request.method === 'HEAD').map((e) => e.response.status)).toEqual([404, 404]);
    const config = JSON.parse(DEFAULT_CONFIG) as { rootfs: { diff_ids: string[] } };
    expect(config.rootfs.diff_ids).toEqual([sha256Digest(DEFAULT_LAYER)]);
  });

  it('manifest helpers', () => {
    expect(ociManifest({ mediaType: null, annotations: { a: 'b' } })).toEqual({
      schemaVersion: 2,
      config: descriptor(DEFAULT_CONFIG, MT.config),
      layers: [descriptor(DEFAULT_LAYER, MT.layer)],
      annotations: { a: 'b' },
    });
    expect(ociIndex({ manifests: [] })).toEqual({ schemaVersion: 2, mediaType: MT.index, manifests: [] });
    expect(descriptor('{}', MT.empty)).toEqual({ mediaType: MT.empty, digest: EMPTY_DESCRIPTOR.digest, size: 2 });
  });

  it('pushManifest with a subject answers OCI-Subject', () => {
    const subject = descriptor(DEFAULT_MANIFEST, MT.manifest);
    expect(resH(oci.pushManifest({ subject })[0]!, 'oci-subject')).toBe(DEFAULT_MANIFEST_DIGEST);
    expect(resH(oci.pushManifest({ subject, ociSubject: false })[0]!, 'oci-subject')).toBeUndefined();
    expect(resH(oci.pushManifest()[0]!, 'oci-subject')).toBeUndefined();
    expect(reqH(oci.pushManifest({ contentType: null })[0]!, 'content-type')).toBeUndefined();
  });
});

describe('upload Location chaining', () => {
  it.each(['monolithic', 'chunked', 'streamed'] as const)('%s follows the latest Location and rotates _state', (style) => {
    const entries = oci.pushBlob({ style, chunkSize: 400 });
    const states: string[] = [];
    for (let i = 1; i < entries.length; i++) {
      const loc = locationOf(entries[i - 1]!)!;
      const expected = new URL(loc, REGISTRY);
      const actual = new URL(entries[i]!.request.url);
      expect(actual.origin + actual.pathname).toBe(expected.origin + expected.pathname);
      expect(actual.searchParams.get('_state')).toBe(expected.searchParams.get('_state'));
      states.push(actual.searchParams.get('_state')!);
    }
    expect(new Set(states).size).toBe(states.length);
    expect(states.every(Boolean)).toBe(true);
    const last = entries[entries.length - 1]!;
    expect(last.request.method).toBe('PUT');
    expect(new URL(last.request.url).searchParams.get('digest')).toBe(entries.digest);
  });

  it('chunks carry inclusive Content-Range and get Range 0-<end>', () => {
    const entries = oci.pushBlob({ data: 'abcdefghij', style: 'chunked', chunkSize: 4 });
    const patches = entries.filter((e) => e.request.method === 'PATCH');
    expect(patches.map((e) => reqH(e, 'content-range'))).toEqual(['0-3', '4-7', '8-9']);
    expect(patches.map((e) => reqH(e, 'content-length'))).toEqual(['4', '4', '2']);
    expect(patches.map((e) => resH(e, 'range'))).toEqual(['0-3', '0-7', '0-9']);
    expect(patches.every((e) => reqH(e, 'content-type') === MT.octet)).toBe(true);
    expect(reqH(entries[0]!, 'content-length')).toBe('0');
    expect(entries[entries.length - 1]!.request.bodySize).toBe(0);
  });

  it('streamed PATCH has no Content-Range', () => {
    const patch = oci.pushBlob({ style: 'streamed' }).find((e) => e.request.method === 'PATCH')!;
    expect(reqH(patch, 'content-range')).toBeUndefined();
    expect(reqH(patch, 'content-length')).toBeUndefined();
  });

  it('single POST sends the digest and the body', () => {
    const [post] = oci.pushBlob({ data: 'x', style: 'single-post' });
    expect(post!.request.method).toBe('POST');
    expect(new URL(post!.request.url).searchParams.get('digest')).toBe(sha256Digest('x'));
    expect(post!.response.status).toBe(201);
  });

  it('appends digest without dropping the query', () => {
    expect(appendQuery('/u/1?_state=abc', 'digest', 'sha256:00')).toBe('/u/1?_state=abc&digest=sha256%3A00');
    expect(appendQuery('/u/1', 'digest', 'sha256:00')).toBe('/u/1?digest=sha256%3A00');
    const put = oci.finishUpload({ location: '/v2/library/hello/blobs/uploads/u1?_state=abc&x=1' })[0]!;
    const q = new URL(put.request.url).searchParams;
    expect([q.get('_state'), q.get('x'), q.get('digest')]).toEqual(['abc', '1', sha256Digest(DEFAULT_LAYER)]);
  });

  it('nextLocation keeps relative/absolute form and other params', () => {
    const rel = nextLocation('/v2/r/blobs/uploads/u1?_state=a&k=v', 5);
    expect(rel.startsWith('/v2/r/blobs/uploads/u1?')).toBe(true);
    expect(new URL(rel, REGISTRY).searchParams.get('k')).toBe('v');
    expect(nextLocation(`${REGISTRY}/v2/r/blobs/uploads/u1?_state=a`, 5).startsWith(REGISTRY)).toBe(true);
    expect(nextLocation('/v2/r/blobs/uploads/u1', 5)).toBe('/v2/r/blobs/uploads/u1');
    const abs = oci.pushBlob({ absoluteLocation: true });
    expect(locationOf(abs[0]!)!.startsWith(`${REGISTRY}/v2/`)).toBe(true);
  });

  it('startUpload advertises the session', () => {
    const s = oci.startUpload({ chunkMinLength: 1024 });
    const e = s[0]!;
    expect(e.response.status).toBe(202);
    expect(locationOf(e)).toBe(s.location);
    expect(s.location).toMatch(/^\/v2\/library\/hello\/blobs\/uploads\/[0-9a-f-]{36}\?_state=/);
    expect(resH(e, 'range')).toBe('0-0');
    expect(resH(e, 'oci-chunk-min-length')).toBe('1024');
    expect(oci.patchChunk()[0]!.request.url).toBe(`${REGISTRY}${s.location}`);
  });
});

describe('overrides', () => {
  it('null removes default headers', () => {
    const e = exchange({ url: '/v2/', userAgent: null, resBody: 'x', resHeaders: { 'content-length': null } });
    expect(reqH(e, 'user-agent')).toBeUndefined();
    expect(resH(e, 'content-length')).toBeUndefined();
    expect(reqH(exchange({ url: '/v2/', reqHeaders: { 'USER-AGENT': null } }), 'user-agent')).toBeUndefined();
    const s = oci.startUpload({ location: null });
    expect(locationOf(s[0]!)).toBeUndefined();
    expect(s.location).toBeNull();
    expect(resH(oci.ping({ resHeaders: { 'Docker-Distribution-API-Version': null } })[0]!, 'docker-distribution-api-version')).toBeUndefined();
    expect(reqH(oci.pullManifest({ accept: null })[0]!, 'accept')).toBeUndefined();
    expect(resH(oci.patchChunk({ range: null })[0]!, 'range')).toBeUndefined();
    expect(reqH(oci.patchChunk({ contentRange: null })[0]!, 'content-range')).toBeUndefined();
  });

  it('replaces case-insensitively in place and repeats array values', () => {
    const e = exchange({ url: '/v2/', reqHeaders: { 'user-agent': 'other/2' }, resHeaders: { Link: ['<a>; rel="next"', '<b>; rel="prev"'] } });
    expect(e.request.headers).toEqual([{ name: 'user-agent', value: 'other/2' }]);
    expect(headerAll(e.response.headers, 'link')).toEqual(['<a>; rel="next"', '<b>; rel="prev"']);
    const c = oci.pullManifest({ resHeaders: { 'docker-content-digest': 'sha256:bad' } })[0]!;
    expect(headerAll(c.response.headers, 'Docker-Content-Digest')).toEqual(['sha256:bad']);
  });

  it('edit and editAt change one entry only', () => {
    const entries = oci.pushBlob();
    const changed = editAt(entries, 0, { resHeaders: { Location: null }, status: 201 });
    expect(locationOf(changed[0]!)).toBeUndefined();
    expect(changed[0]!.response.statusText).toBe('Created');
    expect(locationOf(entries[0]!)).toBeDefined();
    expect(changed[1]).toBe(entries[1]);
    expect(changed.digest).toBe(entries.digest);
    const moved = edit(entries[1]!, { url: '/v2/other/blobs/uploads/x?y=1' });
    expect(moved.request.queryString).toEqual([{ name: 'y', value: '1' }]);
  });

  it('error statuses get an OCI error body', () => {
    const e = oci.pullManifest({ status: 404 })[0]!;
    expect(JSON.parse(e.response.content.text!)).toEqual({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
    expect(resH(e, 'docker-content-digest')).toBeUndefined();
    const h = oci.headBlob({ exists: false })[0]!;
    expect(h.response.status).toBe(404);
    expect(h.response.content.text).toBeUndefined();
    const d = oci.deleteBlob({ status: 405, errorCode: 'UNSUPPORTED' })[0]!;
    expect(JSON.parse(d.response.content.text!).errors[0].code).toBe('UNSUPPORTED');
    expect(resH(oci.listTags({ status: 429 })[0]!, 'retry-after')).toBe('10');
  });
});

describe('auth', () => {
  it('challenge carries WWW-Authenticate and UNAUTHORIZED', () => {
    const e = oci.challenge({ scope: 'repository:library/hello:pull,push', error: 'insufficient_scope' })[0]!;
    expect(e.response.status).toBe(401);
    expect(resH(e, 'www-authenticate')).toBe(
      'Bearer realm="http://auth.test/token",service="registry.test:5000",scope="repository:library/hello:pull,push",error="insufficient_scope"',
    );
    expect(JSON.parse(e.response.content.text!).errors[0].code).toBe('UNAUTHORIZED');
    expect(resH(oci.challenge({ scheme: 'Basic' })[0]!, 'www-authenticate')).toBe('Basic realm="Registry Realm"');
  });

  it('token GET repeats scope; POST is a form', () => {
    const g = oci.token({ scope: ['repository:a:pull', 'repository:b:pull'], withBasicAuth: true })[0]!;
    const q = new URL(g.request.url).searchParams;
    expect(q.get('service')).toBe('registry.test:5000');
    expect(q.getAll('scope')).toEqual(['repository:a:pull', 'repository:b:pull']);
    expect(reqH(g, 'authorization')).toMatch(/^Basic /);
    expect(JSON.parse(g.response.content.text!)).toEqual({ token: 'test-token', access_token: 'test-token', expires_in: 300, issued_at: BASE_TIME });
    const p = oci.token({ method: 'POST', grantType: 'refresh_token', scope: ['repository:a:pull', 'repository:b:push'] })[0]!;
    expect(p.request.method).toBe('POST');
    expect(reqH(p, 'content-type')).toBe(MT.form);
    const form = new URLSearchParams(p.request.postData!.text);
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('scope')).toBe('repository:a:pull repository:b:push');
    expect(JSON.parse(p.response.content.text!)).toMatchObject({ access_token: 'test-token', scope: 'repository:a:pull repository:b:push' });
    expect(JSON.parse(oci.token({ token: null, expiresIn: null })[0]!.response.content.text!)).toEqual({ access_token: 'test-token', issued_at: BASE_TIME });
  });

  it('bearerFlow: 401 → token → retry with Bearer; never to storage', () => {
    const flow = oci.bearerFlow(oci.pullBlob({ redirectTo: true }));
    expect(flow.map((e) => e.response.status)).toEqual([401, 200, 307, 200]);
    expect(reqH(flow[0]!, 'authorization')).toBeUndefined();
    expect(new URL(flow[1]!.request.url).searchParams.get('scope')).toBe('repository:library/hello:pull');
    expect(reqH(flow[2]!, 'authorization')).toBe('Bearer test-token');
    expect(new URL(flow[3]!.request.url).host).toBe('storage.test');
    expect(reqH(flow[3]!, 'authorization')).toBeUndefined();
    const push = oci.bearerFlow(oci.pushBlob());
    expect(resH(push[0]!, 'www-authenticate')).toContain('scope="repository:library/hello:pull,push"');
    const pull = oci.authedPull({}, { token: 'abc' });
    expect(pull.map((e) => e.request.method)).toEqual(['GET', 'GET', 'GET']);
    expect(reqH(pull[2]!, 'authorization')).toBe('Bearer abc');
  });
});

describe('timestamps', () => {
  it('increase one second apart from the base', () => {
    const times = composite().log.entries.map((e) => Date.parse(e.startedDateTime));
    expect(times[0]).toBe(Date.parse(BASE_TIME));
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
    const doc = har(oci.ping(), [oci.ping(), oci.ping()]);
    expect(doc.log.entries.map((e) => e.startedDateTime)).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-01-01T00:00:01.000Z',
      '2024-01-01T00:00:02.000Z',
    ]);
    expect(doc.log.creator.name).toBe('oci-har-check test builder');
    expect(doc.log.version).toBe('1.2');
  });

  it('honour base, step, pause and pinned entries', () => {
    const doc = harWith({ base: '2025-06-01T12:00:00Z', stepMs: 10 }, oci.ping(), pause(60_000), oci.ping());
    expect(doc.log.entries.map((e) => e.startedDateTime)).toEqual(['2025-06-01T12:00:00.000Z', '2025-06-01T12:01:00.010Z']);
    const pinnedDoc = har(oci.ping(), oci.ping({ startedDateTime: '2024-01-01T01:00:00.000Z' }), oci.ping());
    expect(pinnedDoc.log.entries.map((e) => e.startedDateTime)).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-01-01T01:00:00.000Z',
      '2024-01-01T01:00:01.000Z',
    ]);
  });

  it('copies entries, so one entry can appear in several HARs', () => {
    const [e] = oci.ping();
    const a = har(oci.ping(), e!);
    const b = har(e!);
    expect(a.log.entries[1]!.startedDateTime).not.toBe(b.log.entries[0]!.startedDateTime);
    expect(e!.startedDateTime).toBe(BASE_TIME);
  });
});

describe('discovery and deletes', () => {
  it('tags list with Link', () => {
    const e = oci.listTags({ tags: ['a', 'b'], n: 2, link: true })[0]!;
    expect(e.request.url).toBe(`${REGISTRY}/v2/library/hello/tags/list?n=2`);
    expect(oci.listTags({ n: 1, last: 'a' })[0]!.request.url).toBe(`${REGISTRY}/v2/library/hello/tags/list?n=1&last=a`);
    expect(JSON.parse(e.response.content.text!)).toEqual({ name: 'library/hello', tags: ['a', 'b'] });
    expect(resH(e, 'link')).toBe('</v2/library/hello/tags/list?n=2&last=b>; rel="next"');
  });

  it('referrers index with filter header', () => {
    const e = oci.listReferrers({ artifactType: 'application/spdx+json' })[0]!;
    expect(e.request.url).toBe(`${REGISTRY}/v2/library/hello/referrers/${DEFAULT_MANIFEST_DIGEST}?artifactType=application%2Fspdx%2Bjson`);
    expect(resH(e, 'content-type')).toBe(MT.index);
    expect(resH(e, 'oci-filters-applied')).toBe('artifactType');
    expect(JSON.parse(e.response.content.text!)).toEqual({ schemaVersion: 2, mediaType: MT.index, manifests: [] });
    expect(resH(oci.listReferrers()[0]!, 'oci-filters-applied')).toBeUndefined();
  });

  it('deletes, mount, status, cancel', () => {
    expect(oci.deleteManifest()[0]!.response.status).toBe(202);
    expect(oci.deleteBlob()[0]!.request.url).toBe(`${REGISTRY}/v2/library/hello/blobs/${sha256Digest(DEFAULT_LAYER)}`);
    const m = oci.mount()[0]!;
    expect(new URL(m.request.url).searchParams.get('from')).toBe('library/base');
    expect(locationOf(m)).toBe(`/v2/library/hello/blobs/${sha256Digest(DEFAULT_LAYER)}`);
    expect(oci.mount({ status: 202 }).location).toMatch(/uploads/);
    const st = oci.uploadStatus({ offset: 10 });
    expect(st[0]!.response.status).toBe(204);
    expect(resH(st[0]!, 'range')).toBe('0-9');
    expect(st.location).not.toBe(oci.startUpload().location);
    const c = oci.cancelUpload()[0]!;
    expect([c.request.method, reqH(c, 'content-length'), c.response.status]).toEqual(['DELETE', '0', 204]);
  });
});
