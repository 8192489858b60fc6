import { describe, expect, it } from 'vitest';
import { ReorderWindow } from '../../src/har/reorder.js';
import { entry, har, read } from './helpers.js';

const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s)).toISOString();

describe('replay in start order', () => {
  it('entries written out of order are replayed by startedDateTime, with one note', async () => {
    const r = await read(har([3, 1, 2, 5, 4].map((s) => entry({ startedDateTime: at(s) }))));
    expect(r.exchanges.map((e) => e.index)).toEqual([1, 2, 0, 4, 3]);
    const notes = r.notes.filter((n) => n.code === 'reorder');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.message).toMatch(/^3 entries were not in start order/);
  });

  it('equal start times keep file order', async () => {
    // distinct URLs: byte-identical entries would be one exchange written twice (see duplicates.test.ts)
    const r = await read(har([1, 1, 0, 1, 1].map((s, i) => entry({ startedDateTime: at(s), request: { url: `https://registry.example/v2/r${i}/tags/list` } }))));
    expect(r.exchanges.map((e) => e.index)).toEqual([2, 0, 1, 3, 4]);
  });

  it('entries in order: same order, no note', async () => {
    const r = await read(har([1, 2, 2, 3].map((s, i) => entry({ startedDateTime: at(s), request: { url: `https://registry.example/v2/r${i}/tags/list` } }))));
    expect(r.exchanges.map((e) => e.index)).toEqual([0, 1, 2, 3]);
    expect(r.notes).toEqual([]);
  });

  it('an entry later than the window can fix stays in file order and is counted', async () => {
    const times = [10, 11, 12, 13, 14, 15, 1];
    const r = await read(har(times.map((s) => entry({ startedDateTime: at(s) }))), { reorderWindow: 2 });
    expect(r.exchanges).toHaveLength(7);
    expect(r.exchanges.map((e) => e.index).slice(-3)).toEqual([6, 4, 5]);
    expect(r.notes.find((n) => n.code === 'reorder')!.message).toMatch(/1 arrived too late for the window of 2/);
  });

  it('notes about an entry come right before it', async () => {
    const r = await read(har([entry({ startedDateTime: at(5) }), entry({ startedDateTime: at(1), request: { url: 'bad' } })]), { validate: false });
    const kinds = r.items.map((i) => (i.type === 'exchange' ? `x${i.exchange.index}` : `${i.note.code}${i.note.entry ?? ''}`));
    expect(kinds).toEqual(['unparsable-url1', 'x1', 'x0', 'reorder']);
  });

  it('the window lets items go early when they hold too many bytes', () => {
    const w = new ReorderWindow<{ startMs: number; index: number; weight: number }>(64, 100);
    expect(w.push({ startMs: 5, index: 0, weight: 60 })).toEqual([]);
    expect(w.push({ startMs: 4, index: 1, weight: 60 }).map((i) => i.index)).toEqual([1]);
    expect(w.drain().map((i) => i.index)).toEqual([0]);
  });

  it('a window full of body text lets entries go early and says so in a limit note', async () => {
    // 2 kB JSON bodies against a 3 kB cap: the window holds one entry, not 64, so the entry
    // written three places late cannot be put back; the report must say why.
    const body = JSON.stringify({ errors: [{ code: 'X', message: 'y'.repeat(2000) }] });
    const times = [10, 11, 12, 1];
    const entries = times.map((s, i) => entry({ startedDateTime: at(s), request: { url: `https://registry.example/v2/r${i}/tags/list` }, response: { content: { size: body.length, mimeType: 'application/json', text: body } } }));
    const r = await read(har(entries), { reorderWindowBytes: 3000 });
    expect(r.exchanges).toHaveLength(4);
    const limit = r.notes.find((n) => n.code === 'limit');
    expect(limit?.message).toMatch(/^the reorder window holds at most 3000 bytes of body text: \d+ entries were replayed before the window was full/);
    expect(r.notes.find((n) => n.code === 'reorder')!.message).toMatch(/1 arrived too late/);
  });

  it('no limit note when the bodies fit', async () => {
    const r = await read(har([3, 1].map((s, i) => entry({ startedDateTime: at(s), request: { url: `https://registry.example/v2/r${i}/tags/list` } }))), { reorderWindowBytes: 3000 });
    expect(r.notes.map((n) => n.code)).toEqual(['reorder']);
  });
});
