import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';

// Every known client deviation (shared/reference/har-producers.md, B.4) that traffic can show has a
// sample reproducing it, with its expected finding, so that it is caught and stays caught.
const DEVIATIONS = join(PACKAGE_ROOT, 'samples', 'deviations');
const HAR_PRODUCERS = join(PACKAGE_ROOT, '..', 'shared', 'reference', 'har-producers.md');

interface Manifest {
  deviation: string;
  conformant?: string;
}
interface Expected {
  findings: { ruleId: string }[];
}
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** C-ids from the reference table when it is beside the project (CI has it), else the 25 it listed when written. */
function deviationIds(): string[] {
  if (existsSync(HAR_PRODUCERS)) {
    const ids = [...readFileSync(HAR_PRODUCERS, 'utf8').matchAll(/^\| (C\d+) \|/gm)].map((m) => m[1]!);
    if (ids.length > 0) return ids;
  }
  return Array.from({ length: 25 }, (_, i) => `C${i + 1}`);
}

const manifests = readdirSync(DEVIATIONS)
  .filter((f) => f.endsWith('.manifest.json'))
  .map((f) => ({ name: f.replace(/\.manifest\.json$/, ''), manifest: readJson<Manifest>(join(DEVIATIONS, f)) }));
const unobservable = readJson<Record<string, string>>(join(DEVIATIONS, 'unobservable.json'));

describe.each(deviationIds())('known deviation %s', (id) => {
  const samples = manifests.filter((m) => m.manifest.deviation === id);

  it('has a sample, or a reason no capture can show it', () => {
    if (samples.length === 0) expect(unobservable[id], `${id}: no sample and no reason in unobservable.json`).toMatch(/\S{10}/);
    else expect(unobservable[id], `${id} has a sample but is listed as unobservable`).toBeUndefined();
  });

  it.each(samples.map((s) => s.name))('%s: expected findings match its verdict', (name) => {
    const { manifest } = samples.find((s) => s.name === name)!;
    const expected = readJson<Expected>(join(DEVIATIONS, `${name}.expected.json`));
    // A deviation the spec allows is pinned as "no finding"; any other must be caught.
    if (manifest.conformant) expect(expected.findings).toEqual([]);
    else expect(expected.findings.length).toBeGreaterThan(0);
  });
});
