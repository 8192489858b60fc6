import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../../src/batch/progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (t: string) => writes.push(t) };
}

describe('ProgressLine', () => {
  it('shows files done, throughput and an ETA from bytes left', () => {
    let now = 0;
    const stream = fakeStream(true);
    const p = new ProgressLine(stream, 4, 400 * 2 ** 20, true, () => now);
    now = 2000;
    p.fileDone(0, 100 * 2 ** 20);
    p.bytes(1, 100 * 2 ** 20);
    expect(p.text()).toBe('1/4 files, 200 MB, 100.0 MB/s, ETA 0:02');
    expect(stream.writes.at(-1)).toContain('1/4 files');
    p.finish();
    expect(stream.writes.at(-1)).toBe('\r\u001b[2K');
  });

  it('is wanted only on a terminal and not with --quiet', () => {
    expect(ProgressLine.wanted(fakeStream(true), false)).toBe(true);
    expect(ProgressLine.wanted(fakeStream(false), false)).toBe(false);
    expect(ProgressLine.wanted(fakeStream(true), true)).toBe(false);
  });

  it('writes nothing when disabled, and redraws at most every 200 ms', () => {
    let now = 0;
    const off = fakeStream(false);
    const p = new ProgressLine(off, 2, 10, false, () => now);
    p.fileDone(0, 5);
    p.finish();
    expect(off.writes).toEqual([]);
    const on = fakeStream(true);
    const q = new ProgressLine(on, 3, 30, true, () => now);
    now = 500;
    q.fileDone(0, 10);
    now = 550;
    q.fileDone(1, 10);
    expect(on.writes).toHaveLength(1);
  });
});
