import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { fuzz } from '../scripts/fuzz/run.js';
import { defineCheck } from '../src/check.js';
import { specLink } from '../src/spec.js';

// CI's share of the fuzzing (npm run fuzz runs as many cases as asked; the closing note reports 100,000).
describe('fuzz', () => {
  it('a few thousand mutated samples and generated HARs: no crash, no throw, no slow case', async () => {
    const result = await fuzz({ cases: 2000, seed: 20261123, timeLimitMs: 5000, cliEvery: 400, outDir: mkdtempSync(join(tmpdir(), 'ohc-fuzz-')) });
    expect(result.failures).toEqual([]);
    expect(result.cases).toBe(2000);
    expect(result.cliRuns).toBe(5);
    expect(result.unusable).toBeGreaterThan(0); // some cases are damaged past reading, and say so
    expect(result.unusable).toBeLessThan(2000);
  }, 180_000);

  it('the harness fails when a rule throws (it can catch what it looks for)', async () => {
    const throwing = defineCheck({
      meta: { id: 'general/throws', title: 't', category: 'general', side: 'client', level: 'MUST', requirements: [], spec: specLink('pull'), fix: 'f', messages: {} },
      create: () => ({
        'op:manifest.get'() {
          throw new Error('boom');
        },
      }),
    });
    const result = await fuzz({ cases: 30, seed: 5, timeLimitMs: 5000, cliEvery: 0, checks: [...checks, throwing] });
    expect(result.failures.some((f) => f.problem.includes('general/throws: boom'))).toBe(true);
  }, 60_000);
});
