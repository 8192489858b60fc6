import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UploadHasher } from '../../src/har/upload-hash.js';
import type { Exchange } from '../../src/model/exchange.js';
import { HeaderMap } from '../../src/model/headers.js';
import { trackEvents } from '../support/spy.js';
import { chunkedPush, chunksOutOfFileOrder } from '../support/chunked.js';
import { DEFAULT_LAYER, har, type HarEntry, type HarLog, oci, sha256Digest, withRequestText } from '../support/har.js';
import { read } from './helpers.js';

const hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** Every way of reading: small strings parsed whole, or every body streamed through the sink in odd pieces. */
const READINGS = [
  { name: 'parsed', opts: {} },
  { name: 'streamed', opts: { bigStringThreshold: 300, chunk: 97 } },
  { name: 'streamed, 1-byte input chunks', opts: { bigStringThreshold: 300, chunk: 1 } },
];

async function uploads(log: HarLog, opts: object) {
  const { exchanges } = await read(log, opts);
  return exchanges.map((e) => e.request.body.upload);
}

async function closed(log: HarLog) {
  const events = await trackEvents(log);
  return events.filter((e) => e.type === 'upload.closed').map((e) => (e as Extract<typeof e, { type: 'upload.closed' }>).close);
}

describe.each(READINGS)('upload reassembly in the reader ($name)', ({ opts }) => {
  it('one chunk: the PATCH and the empty PUT carry the blob digest', async () => {
    const u = await uploads(har(oci.pushBlob({ style: 'streamed' })), opts);
    expect(u[0]).toBeUndefined(); // the POST
    expect(u[1]).toEqual({ offset: 0, sha256: hex(DEFAULT_LAYER) });
    expect(u[2]).toEqual({ offset: 1024, previous: 1, sha256: hex(DEFAULT_LAYER) });
  });

  it('three chunks: each request carries the digest of the bytes so far', async () => {
    const u = await uploads(har(chunkedPush({ chunks: 3 })), opts);
    expect(u.slice(1)).toEqual([
      { offset: 0, sha256: hex(DEFAULT_LAYER.subarray(0, 342)) },
      { offset: 342, previous: 1, sha256: hex(DEFAULT_LAYER.subarray(0, 684)) },
      { offset: 684, previous: 2, sha256: hex(DEFAULT_LAYER) },
      { offset: 1024, previous: 3, sha256: hex(DEFAULT_LAYER) },
    ]);
  });

  it('the last chunk in the closing PUT', async () => {
    const u = await uploads(har(chunkedPush({ chunks: 2, lastInPut: true })), opts);
    expect(u[3]).toEqual({ offset: 684, previous: 2, sha256: hex(DEFAULT_LAYER) });
  });

  it('text and base64 chunks mix: the bytes are what each encoding decodes to', async () => {
    const start = oci.startUpload({ uuid: 'mixed' });
    const text = `plain text chunk, longer than the streaming threshold of the test reader, with UTF-8 (é, 漢): ${'0123456789abcdef'.repeat(20)}`;
    const first = oci.patchChunk({ location: start.location!, data: text });
    const second = oci.patchChunk({ location: first.location!, data: DEFAULT_LAYER, start: Buffer.byteLength(text) });
    const log = har(start, first, second, oci.finishUpload({ location: second.location!, digest: sha256Digest(Buffer.concat([Buffer.from(text), DEFAULT_LAYER])) }));
    // the first chunk is kept as text (UTF-8), the second as base64
    log.log.entries[1]!.request.postData = { mimeType: 'application/octet-stream', text };
    expect(log.log.entries[2]!.request.postData!.encoding).toBe('base64');
    const u = await uploads(log, opts);
    expect(u[3]!.sha256).toBe(hex(Buffer.concat([Buffer.from(text), DEFAULT_LAYER])));
    expect((await closed(log))[0]!.computedDigest).toBe(`sha256:${u[3]!.sha256}`);
  });

  it('two sessions interleaved keep separate hashes', async () => {
    const other = Uint8Array.from(DEFAULT_LAYER, (b) => b ^ 0x5a);
    const a = chunkedPush({ chunks: 2, uuid: 'a' });
    const b = chunkedPush({ chunks: 2, uuid: 'b', data: other });
    const log = har(a[0]!, b[0]!, a[1]!, b[1]!, a[2]!, b[2]!, a[3]!, b[3]!);
    const u = await uploads(log, opts);
    expect(u[6]!.sha256).toBe(hex(DEFAULT_LAYER));
    expect(u[7]!.sha256).toBe(hex(other));
    const close = await closed(log);
    expect(close.map((c) => c.computedDigest)).toEqual([sha256Digest(DEFAULT_LAYER), sha256Digest(other)]);
  });

  it('a chunk the registry refused is not part of the blob; the resent chunk is', async () => {
    const start = oci.startUpload({ uuid: 'refused' });
    const first = oci.patchChunk({ location: start.location!, data: DEFAULT_LAYER.subarray(0, 500) });
    const refused = oci.patchChunk({ location: first.location!, data: Buffer.from('garbage bytes that were refused by the registry'), start: 500, status: 416 });
    const again = oci.patchChunk({ location: first.location!, data: DEFAULT_LAYER.subarray(500), start: 500 });
    const log = har(start, first, refused, again, oci.finishUpload({ location: again.location! }));
    const u = await uploads(log, opts);
    expect(u[4]).toEqual({ offset: 1024, previous: 3, sha256: hex(DEFAULT_LAYER) });
    expect((await closed(log))[0]!.computedDigest).toBe(sha256Digest(DEFAULT_LAYER));
  });

  it('a chunk that is not exact makes the rest of the session not evaluable', async () => {
    const log = har(withRequestText(chunkedPush({ chunks: 3 }), 2, undefined));
    const u = await uploads(log, opts);
    expect(u[2]).toMatchObject({ offset: 342, previous: 1, reason: expect.stringMatching(/absent/) });
    expect(u[3]).toMatchObject({ reason: expect.stringMatching(/absent/) });
    expect(u[4]!.sha256).toBeUndefined();
    expect((await closed(log))[0]!.notEvaluable).toMatch(/chunks not reassembled: a chunk body is absent/);
  });
});

describe('a chunk recorded only as size and sha256 (oci-har-check record over its inline limit, redact --blobs)', () => {
  /** The streamed push with the PATCH body replaced by a `_recorded` (or `_redacted`) record. */
  function recordedPush(field: '_recorded' | '_redacted', closeDigest = sha256Digest(DEFAULT_LAYER)) {
    const log = har(oci.pushBlob({ style: 'streamed' }));
    const entries = log.log.entries;
    entries[1]!.request.postData = { mimeType: 'application/octet-stream', text: '', [field]: { size: DEFAULT_LAYER.length, sha256: hex(DEFAULT_LAYER) } } as never;
    const close = entries[2]!.request;
    close.url = close.url.replace(/digest=[^&]+/, `digest=${encodeURIComponent(closeDigest)}`);
    return log;
  }

  it.each(['_recorded', '_redacted'] as const)('%s: a single chunk still names the blob, so the close digest is checked', async (field) => {
    const u = await uploads(recordedPush(field), {});
    expect(u[1]).toEqual({ offset: 0, sha256: hex(DEFAULT_LAYER) });
    expect(u[2]).toEqual({ offset: DEFAULT_LAYER.length, previous: 1, sha256: hex(DEFAULT_LAYER) });
    expect((await closed(recordedPush(field)))[0]!.computedDigest).toBe(sha256Digest(DEFAULT_LAYER));
  });

  it('a chunk after a recorded one cannot be added to its hash: not evaluable, with the reason', async () => {
    const start = oci.startUpload({ uuid: 'rec' });
    const first = oci.patchChunk({ location: start.location!, data: DEFAULT_LAYER.subarray(0, 300) });
    const second = oci.patchChunk({ location: first.location!, data: DEFAULT_LAYER.subarray(300), start: 300 });
    const log = har(start, first, second, oci.finishUpload({ location: second.location! }));
    log.log.entries[1]!.request.postData = { mimeType: 'application/octet-stream', text: '', _recorded: { size: 300, sha256: hex(DEFAULT_LAYER.subarray(0, 300)) } } as never;
    const close = await closed(log);
    expect(close[0]!.computedDigest).toBeUndefined();
    expect(close[0]!.notEvaluable).toMatch(/recorded only as size and sha256/);
  });
});

describe('upload reassembly checked by the engine', () => {
  it('chunks replayed out of file order: not evaluable', async () => {
    const close = await closed(chunksOutOfFileOrder());
    expect(close[0]!.computedDigest).toBeUndefined();
    expect(close[0]!.notEvaluable).toMatch(/order/);
  });

  it('a gap (Content-Range past the bytes sent, accepted anyway): not evaluable', async () => {
    const start = oci.startUpload({ uuid: 'gap' });
    const first = oci.patchChunk({ location: start.location!, data: DEFAULT_LAYER.subarray(0, 300) });
    const second = oci.patchChunk({ location: first.location!, data: DEFAULT_LAYER.subarray(400), start: 400 });
    const close = await closed(har(start, first, second, oci.finishUpload({ location: second.location! })));
    expect(close[0]!.notEvaluable).toMatch(/Content-Range of entry 2 starts at 400, but 300 bytes/);
  });

  it('a chunk without a recorded response: not evaluable', async () => {
    const entries: HarEntry[] = chunkedPush({ chunks: 3 });
    const dead = structuredClone(entries[2]!);
    dead.response = { ...dead.response, status: 0, statusText: '', headers: [], content: { size: 0, mimeType: '' } };
    entries[2] = dead;
    const close = await closed(har(entries));
    expect(close[0]!.notEvaluable).toMatch(/no recorded response/);
  });

  it('a big chunk body written before the request URL: streamed without its session, so not evaluable', async () => {
    const log = har(chunkedPush({ chunks: 2 }));
    const patch = log.log.entries[2]!;
    const { postData, ...rest } = patch.request;
    (patch as { request: unknown }).request = { postData, ...rest };
    const text = JSON.stringify(log);
    const { exchanges } = await read(text, { bigStringThreshold: 300 });
    expect(exchanges[2]!.request.body.upload?.reason).toMatch(/streamed before its request method and URL/);
    const parsed = await read(text);
    expect(parsed.exchanges[3]!.request.body.upload?.sha256).toBe(hex(DEFAULT_LAYER));
  });

  it('many chunks: linear time, right digest', async () => {
    const data = Uint8Array.from({ length: 4000 * 16 }, (_, i) => (i * 7 + 3) & 0xff);
    const log = har(chunkedPush({ chunks: 4000, data, uuid: 'many' }));
    const t0 = performance.now();
    const close = await closed(log);
    const ms = performance.now() - t0;
    expect(close[0]!.computedDigest).toBe(sha256Digest(data));
    expect(ms).toBeLessThan(15_000);
  });
});

describe('UploadHasher state is bounded', () => {
  function ex(index: number, method: string, url: string, status: number, headers: Record<string, string> = {}): Exchange {
    return {
      index,
      request: { method, url: new URL(url), rawUrl: url, headers: new HeaderMap([]), body: { fidelity: 'exact', size: 0 } },
      response: { status, headers: new HeaderMap(Object.entries(headers).map(([name, value]) => ({ name, value }))) },
      failed: false,
    } as unknown as Exchange;
  }

  it('keeps at most its cap of open sessions and forgets closed ones', () => {
    const hasher = new UploadHasher(100);
    for (let i = 0; i < 5000; i++) {
      hasher.after(ex(i, 'POST', 'https://r.example/v2/a/blobs/uploads/', 202, { Location: `/v2/a/blobs/uploads/s${i}?_state=x` }), undefined);
      expect(hasher.size).toBeLessThanOrEqual(100);
    }
    expect(hasher.planFor('PATCH', 'https://r.example/v2/a/blobs/uploads/s0')).toBeUndefined(); // evicted
    expect(hasher.planFor('PATCH', 'https://r.example/v2/a/blobs/uploads/s4999?_state=y')).toMatchObject({ offset: 0 });
    hasher.after(ex(6000, 'PUT', 'https://r.example/v2/a/blobs/uploads/s4999?digest=sha256:x', 201), undefined);
    expect(hasher.planFor('PUT', 'https://r.example/v2/a/blobs/uploads/s4999')).toBeUndefined();
    expect(hasher.size).toBe(99);
  });
});
