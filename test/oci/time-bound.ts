import { performance } from 'node:perf_hooks';
import { expect } from 'vitest';

/** 50,000 characters: the hostile-input size every parser in src/oci must handle in linear time. */
export const HOSTILE = 50_000;

/**
 * Runs `fn` three times and asserts the fastest run took less than `limitMs`. The best of
 * three keeps one-off JIT or GC pauses from failing the suite. Linear parsers take a few ms
 * here; the 200 ms bound leaves room for a loaded 2-core CI machine running test files in
 * parallel, while a backtracking regex on 50k characters takes seconds and still fails it.
 */
export function expectFast(fn: () => unknown, limitMs = 200): void {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  expect(best).toBeLessThan(limitMs);
}
