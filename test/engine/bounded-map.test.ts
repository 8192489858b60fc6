import { describe, expect, it } from 'vitest';
import { BoundedMap, BoundedSet } from '../../src/engine/bounded-map.js';
import { expectFast } from '../oci/time-bound.js';

describe('BoundedMap', () => {
  it('never holds more than its cap, and forgets the oldest first', () => {
    const m = new BoundedMap<number, number>(64);
    for (let i = 0; i < 1000; i++) {
      m.set(i, i);
      expect(m.size).toBeLessThanOrEqual(64);
    }
    expect(m.has(999)).toBe(true);
    expect(m.has(0)).toBe(false);
    const kept = [...m.keys()];
    expect(kept).toEqual([...kept].sort((a, b) => a - b)); // oldest-first order, newest kept
    expect(kept.at(-1)).toBe(999);
  });

  it('setting a key again makes it the newest, so it survives eviction', () => {
    const m = new BoundedMap<string, number>(8);
    m.set('keep', 0);
    for (let i = 0; i < 100; i++) {
      m.set(`k${i}`, i);
      m.set('keep', i);
    }
    expect(m.get('keep')).toBe(99);
  });

  it('inserts in amortised constant time once full (a fresh iterator per eviction was O(cap))', () => {
    // 200k inserts at a 16k cap: the old one-at-a-time eviction took about a second here.
    expectFast(() => {
      const m = new BoundedMap<string, number>(16384);
      for (let i = 0; i < 200_000; i++) m.set(`k${i}`, i);
    }, 400);
  });
});

describe('BoundedSet', () => {
  it('never holds more than its cap, keeps the newest and refreshes re-added members', () => {
    const s = new BoundedSet<number>(16);
    s.add(-1);
    for (let i = 0; i < 500; i++) {
      s.add(i);
      s.add(-1);
      expect(s.size).toBeLessThanOrEqual(16);
    }
    expect(s.has(499)).toBe(true);
    expect(s.has(-1)).toBe(true);
    expect(s.has(0)).toBe(false);
  });

  it('inserts in amortised constant time once full', () => {
    expectFast(() => {
      const s = new BoundedSet<string>(16384);
      for (let i = 0; i < 200_000; i++) s.add(`k${i}`);
    }, 400);
  });
});
