import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { analyzeCapture } from '../src/analyze.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { buildReport } from '../src/report/build.js';

const SAMPLES = join(PACKAGE_ROOT, 'samples');
const ajv = new Ajv({ allErrors: true, strict: true, validateFormats: false });
const schemaFile = (name: string): object => JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', name), 'utf8')) as object;
const validateReport = ajv.compile(schemaFile('report.schema.json'));
const validateExpected = ajv.compile(schemaFile('sample-expected.schema.json'));
const validateManifest = ajv.compile(schemaFile('sample-manifest.schema.json'));

interface Expected {
  review: string;
  entries: number;
  findings: { ruleId: string; messageId: string; entry: number; why: string }[];
  notEvaluable: { ruleId: string; times: number; why: string }[];
  referrers?: { scenarios: number[]; expectations: { role: string; expected: string; status: string }[] }[];
}
interface Manifest {
  kind: 'real' | 'deviation' | 'scenario';
  deviation?: string;
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8')) as unknown;

/** The containers a sample may come in: plain HAR, mitmproxy's zlib .zhar, Playwright's .zip. */
const CAPTURE = /\.(har|zhar|zip)$/;

/** Every capture in samples/real (recorded by the kit), samples/deviations (one known mistake each) and samples/referrers (the 18 referrers scenarios). */
const KINDS = { real: 'real', deviations: 'deviation', referrers: 'scenario' } as const;
const captures = Object.keys(KINDS).flatMap((dir) =>
  existsSync(join(SAMPLES, dir))
    ? readdirSync(join(SAMPLES, dir))
        .filter((f) => CAPTURE.test(f))
        .map((f) => `${dir}/${f}`)
    : [],
);

it('the corpus is there', () => {
  expect(captures.filter((c) => c.startsWith('real/')).length).toBeGreaterThanOrEqual(5);
});

// Golden samples (axe's integration fixtures): every capture has a manifest and reviewed expected findings.
describe.each(captures)('sample %s', (sample) => {
  const base = join(SAMPLES, sample.replace(CAPTURE, ''));
  const dir = sample.split('/')[0] as keyof typeof KINDS;

  it('has a valid manifest saying how it was made', () => {
    expect(existsSync(`${base}.manifest.json`), `${sample}.manifest.json`).toBe(true);
    const manifest = readJson(`${base}.manifest.json`) as Manifest;
    expect(validateManifest(manifest), JSON.stringify(validateManifest.errors)).toBe(true);
    expect(manifest.kind).toBe(KINDS[dir]);
  });

  it('yields exactly the reviewed findings, and a schema-valid report', async () => {
    expect(existsSync(`${base}.expected.json`), `${sample}.expected.json`).toBe(true);
    const expected = readJson(`${base}.expected.json`) as Expected;
    expect(validateExpected(expected), JSON.stringify(validateExpected.errors)).toBe(true);
    const result = await analyzeCapture(join(SAMPLES, sample), { checks, spec: '1.1.1', file: sample });
    expect(result.capture.entries).toBe(expected.entries);
    expect(result.ruleErrors).toEqual([]);
    const actual = result.findings.map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, entry: f.evidence[0]!.index }));
    expect(actual).toEqual(expected.findings.map(({ ruleId, messageId, entry }) => ({ ruleId, messageId, entry })));
    const notEvaluable = new Map<string, number>();
    for (const n of result.notEvaluable) notEvaluable.set(n.ruleId, (notEvaluable.get(n.ruleId) ?? 0) + 1);
    expect(Object.fromEntries(notEvaluable)).toEqual(Object.fromEntries(expected.notEvaluable.map((n) => [n.ruleId, n.times])));
    if (expected.referrers) {
      const verdicts = (result.referrers ?? []).map((v) => ({ scenarios: v.scenarios, expectations: v.expectations.map(({ role, expected: text, status }) => ({ role, expected: text, status })) }));
      expect(verdicts).toEqual(expected.referrers.map(({ scenarios, expectations }) => ({ scenarios, expectations })));
    }
    const report = JSON.parse(JSON.stringify(buildReport([result], checks, '1.1.1', '0.0.0'))) as unknown;
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
  });
});
