import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { COVERAGE_TARGET, coverageDoc } from '../scripts/coverage-doc.js';
import { computeCoverage } from '../src/coverage/coverage.js';
import { REQUIREMENTS } from '../src/coverage/requirements.js';
import { PACKAGE_ROOT } from '../src/paths.js';

const DIGEST = join(PACKAGE_ROOT, '..', 'shared', 'reference', 'spec-digest.md');

describe('requirement coverage', () => {
  const cov = computeCoverage(checks);

  it('docs/coverage.md is current (run `npm run docs`)', () => {
    expect(readFileSync(join(PACKAGE_ROOT, 'docs', 'coverage.md'), 'utf8')).toBe(coverageDoc(checks));
  });

  it(`enforces at least ${COVERAGE_TARGET}% of the observable requirements`, () => {
    expect(cov.percent).toBeGreaterThanOrEqual(COVERAGE_TARGET);
  });

  it('every requirement id a rule cites is in the catalogue', () => {
    expect(cov.unknownIds).toEqual([]);
  });

  it('a requirement is either enforced or unobservable, never both', () => {
    const both = cov.rows.filter((r) => r.rules.length > 0 && r.requirement.unobservable).map((r) => r.requirement.id);
    expect(both).toEqual([]);
  });

  it('catalogue ids are unique', () => {
    const ids = REQUIREMENTS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('computeCoverage counts a gap until a rule cites the id', () => {
    const sample = [
      { id: 'X-01', group: 'g', side: 'client' as const, level: 'MUST', since: '1.0.0', summary: 's' },
      { id: 'X-02', group: 'g', side: 'client' as const, level: 'MAY', since: '1.0.0', summary: 's', unobservable: 'permission' },
    ];
    expect(computeCoverage([], sample)).toMatchObject({ covered: 0, observable: 1, percent: 0 });
    const rule = { meta: { id: 'general/x', requirements: ['X-01'] } } as unknown as (typeof checks)[number];
    expect(computeCoverage([rule], sample)).toMatchObject({ covered: 1, observable: 1, percent: 100, unknownIds: [] });
  });

  // The digest lives beside the repository (../shared) in the team's workspace and in CI.
  it.skipIf(!existsSync(DIGEST))('lists exactly the requirement ids of the spec digest (§4)', () => {
    const text = readFileSync(DIGEST, 'utf8');
    const section4 = text.slice(text.indexOf('## 4.'), text.indexOf('## 5.'));
    const fromDigest = [...section4.matchAll(/^\| ([A-Z]+-\d+) \|/gm)].map((m) => m[1]).sort();
    const ours = REQUIREMENTS.filter((r) => !r.id.startsWith('HAR-') && !r.id.startsWith('IMG-')).map((r) => r.id).sort();
    expect(ours).toEqual(fromDigest);
  });

  it.skipIf(!existsSync(DIGEST))('docs/ambiguities.md decides every §6 item of the digest', () => {
    const text = readFileSync(DIGEST, 'utf8');
    const section6 = text.slice(text.indexOf('## 6.'), text.indexOf('## 7.'));
    const items = [...section6.matchAll(/^(\d+)\. \*\*/gm)].map((m) => Number(m[1]));
    expect(items.length).toBeGreaterThan(20);
    const doc = readFileSync(join(PACKAGE_ROOT, 'docs', 'ambiguities.md'), 'utf8');
    const decided = [...doc.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(decided).toEqual(items);
  });

  it('every rule named in docs/ambiguities.md exists', () => {
    const doc = readFileSync(join(PACKAGE_ROOT, 'docs', 'ambiguities.md'), 'utf8');
    const ids = new Set(checks.map((c) => c.meta.id));
    const named = [...doc.matchAll(/`((?:auth|capture|discovery|general|management|pull|push)\/[a-z0-9-]+)`/g)].map((m) => m[1]!);
    expect(named.filter((id) => !ids.has(id))).toEqual([]);
  });
});
