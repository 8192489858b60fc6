import { describe, expect, it } from 'vitest';
import { entry, har, read } from './helpers.js';

// Each resource cap of the reader, hit on purpose: the read goes on, and a `limit` note says
// what was cut (issue 7: "each cap, when hit, is a capture note, not a crash"). Caps that
// other files test: nesting depth (quirks), big strings outside bodies (big-strings), the
// reorder window (reorder), decompression bombs (damaged-compression, zip).

const UPLOADS = 'https://registry.example/v2/demo/blobs/uploads/';

describe('reader caps become notes', () => {
  it('a JSON body over the keep limit is hashed, not parsed, and a note says so', async () => {
    const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', annotations: { pad: 'x'.repeat(3000) } });
    const e = entry({
      request: { url: 'https://registry.example/v2/demo/manifests/v1' },
      response: { content: { size: manifest.length, mimeType: 'application/vnd.oci.image.manifest.v1+json', text: manifest } },
    });
    const r = await read(har([e]), { keepJsonLimit: 1024 });
    const body = r.exchanges[0]!.response.body;
    expect(body.fidelity).toBe('exact');
    expect(body.text).toBeUndefined();
    expect(body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const note = r.notes.find((n) => n.code === 'limit');
    expect(note).toMatchObject({ entry: 0 });
    expect(note!.message).toMatch(/^response body of \d+ bytes \(application\/vnd\.oci\.image\.manifest\.v1\+json\): over the 1 KiB a JSON body may hold/);
  });

  it('a JSON body under the keep limit, or a big blob that is not JSON, gives no note', async () => {
    const small = entry({ request: { url: 'https://registry.example/v2/demo/manifests/v1' }, response: { content: { size: 2, mimeType: 'application/json', text: '{}' } } });
    const blob = Buffer.alloc(4096, 7).toString('base64');
    const layer = entry({ request: { url: 'https://registry.example/v2/demo/blobs/sha256:' + 'a'.repeat(64) }, response: { content: { size: 4096, mimeType: 'application/octet-stream', text: blob, encoding: 'base64' } } });
    const r = await read(har([small, layer]), { keepJsonLimit: 1024 });
    expect(r.notes.filter((n) => n.code === 'limit')).toEqual([]);
  });

  it('an entry larger than the entry cap is skipped with a note, and the next entry is read', async () => {
    const big = entry({ request: { url: 'https://registry.example/v2/', headers: Array.from({ length: 200 }, (_, i) => ({ name: `X-H${i}`, value: 'v'.repeat(50) })) } });
    const next = entry({ request: { url: 'https://registry.example/v2/demo/tags/list' } });
    // The cap is checked as each read chunk ends (an entry holds at most the cap plus one chunk).
    const r = await read(har([big, next]), { maxEntryBytes: 4096, chunk: 1024 });
    expect(r.exchanges.map((x) => x.index)).toEqual([1]);
    const note = r.notes.find((n) => n.code === 'limit');
    expect(note).toMatchObject({ entry: 0 });
    expect(note!.message).toMatch(/^entry skipped: entry larger than 4096 bytes/);
  });

  it('more open upload sessions than the cap: the oldest are forgotten, with a note', async () => {
    const open = (i: number) =>
      entry({
        request: { method: 'POST', url: UPLOADS },
        response: { status: 202, statusText: 'Accepted', headers: [{ name: 'Location', value: `/v2/demo/blobs/uploads/session-${i}` }] },
      });
    const r = await read(har([0, 1, 2, 3].map(open)), { uploadSessions: 2 });
    expect(r.exchanges).toHaveLength(4);
    const note = r.notes.find((n) => n.code === 'limit');
    expect(note?.message).toMatch(/^more than 2 blob upload sessions were open at once: the 2 oldest were forgotten/);
  });

  it('sessions under the cap give no note', async () => {
    const open = entry({
      request: { method: 'POST', url: UPLOADS },
      response: { status: 202, statusText: 'Accepted', headers: [{ name: 'Location', value: '/v2/demo/blobs/uploads/s' }] },
    });
    const r = await read(har([open]), { uploadSessions: 2 });
    expect(r.notes).toEqual([]);
  });

  it('past 1000 notes of one code the rest are counted in one note, not listed', async () => {
    const entries = Array.from({ length: 1003 }, (_, i) => entry({ request: { url: `not a url ${i}` } }));
    const r = await read(har(entries), { validate: false });
    const urlNotes = r.notes.filter((n) => n.code === 'unparsable-url');
    expect(urlNotes).toHaveLength(1001);
    expect(urlNotes.at(-1)!.message).toBe('3 more "unparsable-url" notes were not listed');
  });
});
