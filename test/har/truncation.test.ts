import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HarInputError } from '../../src/har/index.js';
import { entry, read, text } from './helpers.js';

const blob = randomBytes(1500).toString('base64');
const entries = [
  text(entry({ request: { url: 'https://r.example/v2/a/manifests/latest' } })),
  text(entry({ response: { content: { size: 1500, mimeType: 'application/octet-stream', text: blob, encoding: 'base64' } } })),
  text(entry({ request: { headers: [{ name: 'User-Agent', value: 'with \\"escapes\\" and \\\\ slashes' }] } })),
];
const head = '{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[';
const doc = `${head}${entries.join(',')}]}}`;
/** Byte offset just after each entry's closing brace. */
const ends = entries.map((_, i) => Buffer.byteLength(head) + entries.slice(0, i + 1).join(',').length);
const entriesStart = Buffer.byteLength(head);

async function cutAt(cut: number, opts = {}) {
  return read(Buffer.from(doc).subarray(0, cut), opts);
}

describe('a file cut off after log.entries began', () => {
  it.each([
    ['between entries', ends[0]! + 1],
    ['mid-entry', ends[0]! + 40],
    ['mid-string', doc.indexOf('manifests/latest') + 5],
    ['mid-big-string (streamed)', doc.indexOf(blob) + 700],
    ['mid-escape', doc.indexOf('\\"escapes') + 1],
    ['after log.entries', ends[2]! + 1],
  ])('%s: complete entries are yielded, with stoppedAt and a note', async (_, cut) => {
    const r = await cutAt(cut, { bigStringThreshold: 256 });
    const complete = ends.filter((end) => end <= cut).length;
    expect(r.exchanges.map((e) => e.index)).toEqual([...Array(complete).keys()]);
    expect(r.info.stoppedAt).toMatchObject({ offset: cut, entry: complete });
    expect(r.info.entries).toBe(complete);
    const note = r.notes.find((n) => n.code === 'truncated-file');
    expect(note).toMatchObject({ offset: cut });
    expect(note!.message).toContain(`byte ${cut}`);
  });

  it('every cut point: never throws once entries began, and yields exactly the complete entries', async () => {
    for (let cut = entriesStart; cut < doc.length; cut += 7) {
      for (const threshold of [64, 1 << 20]) {
        const r = await cutAt(cut, { bigStringThreshold: threshold });
        expect(r.exchanges.length).toBe(ends.filter((end) => end <= cut).length);
        expect(r.info.stoppedAt?.offset).toBe(cut);
      }
    }
  });

  it('a cut before log.entries is an input error', async () => {
    await expect(cutAt(entriesStart - 3)).rejects.toBeInstanceOf(HarInputError);
  });

  it('corruption inside an entry stops there: earlier entries are kept', async () => {
    const at = doc.indexOf('"request"', ends[0]!);
    const broken = `${doc.slice(0, at)}"request" @@ ${doc.slice(at + 12)}`;
    const r = await read(broken);
    expect(r.exchanges.map((e) => e.index)).toEqual([0]);
    expect(r.info.stoppedAt).toMatchObject({ entry: 1 });
    expect(r.info.stoppedAt!.reason).toMatch(/entry 1 is not valid JSON/);
  });

  it('garbage between entries stops reading with the entries before it', async () => {
    const broken = `${head}${entries[0]}, ]]] ${entries[1]}]}}`;
    const r = await read(broken);
    expect(r.exchanges.map((e) => e.index)).toEqual([0]);
    expect(r.info.stoppedAt?.reason).toMatch(/invalid JSON at byte/);
  });

  it('a complete file has no stoppedAt', async () => {
    const r = await read(doc);
    expect(r.exchanges).toHaveLength(3);
    expect(r.info.stoppedAt).toBeUndefined();
    expect(r.notes).toEqual([]);
  });
});
