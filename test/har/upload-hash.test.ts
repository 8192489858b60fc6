import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UploadHasher } from '../../src/har/upload-hash.js';
import type { Exchange } from '../../src/model/exchange.js';
import { HeaderMap } from '../../src/model/headers.js';
import { DEFAULT_LAYER, har, oci, sha256Digest } from '../support/har.js';
import { trackEvents } from '../support/spy.js';

/** A minimal PATCH/PUT exchange carrying `bytes` as an exact body, answered `status`. */
function chunk(path: string, bytes: Buffer, start: number, status = 202, method = 'PATCH'): Exchange {
  const url = new URL(`http://registry.test${path}`);
  return {
    index: 0,
    pointer: '',
    startedDateTime: '',
    startMs: 0,
    request: {
      method,
      rawUrl: url.href,
      url,
      httpVersion: 'HTTP/1.1',
      headers: new HeaderMap(bytes.length ? [{ name: 'Content-Range', value: `${start}-${start + bytes.length - 1}` }] : []),
      body: { fidelity: 'exact', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
    },
    response: { status, statusText: '', httpVersion: 'HTTP/1.1', headers: new HeaderMap(), body: { fidelity: 'exact', size: 0 } },
    failed: false,
    client: { product: 'test', version: '1' },
  } as Exchange;
}

describe('chunked upload reassembly while reading', () => {
  it('two sessions interleaved in time are hashed apart', async () => {
    const a = oci.pushBlob({ style: 'chunked', chunkSize: 400, uuid: 'aaaa-0001' });
    const other = Uint8Array.from({ length: 700 }, (_, i) => (i * 7) & 0xff);
    const b = oci.pushBlob({ style: 'chunked', chunkSize: 300, uuid: 'bbbb-0002', data: other });
    // POST a, POST b, then their PATCHes alternate, then both PUTs.
    const events = await trackEvents(har(a[0]!, b[0]!, a[1]!, b[1]!, a[2]!, b[2]!, a[3]!, b[3]!, a[4]!, b[4]!));
    const closed = events.filter((e) => e.type === 'upload.closed').map((e) => (e.type === 'upload.closed' ? e.close.computedDigest : undefined));
    expect(closed).toEqual([sha256Digest(DEFAULT_LAYER), sha256Digest(other)]);
  });

  it('a refused chunk (416) is not part of the blob', () => {
    const hasher = new UploadHasher();
    const path = '/v2/demo/blobs/uploads/s1';
    const first = chunk(path, Buffer.from('abcd'), 0);
    hasher.observe(first, 'abcd', undefined);
    const refused = chunk(path, Buffer.from('zz'), 4, 416);
    hasher.observe(refused, 'zz', undefined);
    const next = chunk(path, Buffer.from('ef'), 4);
    hasher.observe(next, 'ef', undefined);
    expect(next.request.upload).toEqual({ sha256: createHash('sha256').update('abcdef').digest('hex'), bytes: 6 });
  });

  it('many small chunks stay linear', () => {
    const hasher = new UploadHasher();
    const path = '/v2/demo/blobs/uploads/many';
    const all = createHash('sha256');
    const started = performance.now();
    let last: Exchange | undefined;
    for (let i = 0; i < 20000; i++) {
      const bytes = Buffer.from(`chunk-${i}`.padEnd(16, '.'));
      all.update(bytes);
      last = chunk(path, bytes, i * 16);
      hasher.observe(last, bytes.toString('latin1'), undefined);
    }
    expect(last!.request.upload).toEqual({ sha256: all.digest('hex'), bytes: 20000 * 16 });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('keeps a bounded number of sessions', () => {
    const hasher = new UploadHasher();
    for (let i = 0; i < 10000; i++) hasher.observe(chunk(`/v2/demo/blobs/uploads/s${i}`, Buffer.from('ab'), 0), 'ab', undefined);
    expect((hasher as unknown as { sessions: Map<string, unknown> }).sessions.size).toBeLessThanOrEqual(4096);
  });

  it('a session first seen mid-blob is not evaluable', () => {
    const hasher = new UploadHasher();
    const late = chunk('/v2/demo/blobs/uploads/late', Buffer.from('ab'), 100);
    hasher.observe(late, 'ab', undefined);
    expect(late.request.upload).toEqual({ problem: expect.stringMatching(/before byte 100/) });
  });

  it('base64 chunk bodies are decoded to their bytes', () => {
    const hasher = new UploadHasher();
    const bytes = Buffer.from([0, 1, 2, 250, 251]);
    const ex = chunk('/v2/demo/blobs/uploads/b64', bytes, 0);
    hasher.observe(ex, bytes.toString('base64'), 'base64');
    expect(ex.request.upload).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: 5 });
  });
});
