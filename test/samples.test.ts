import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { analyzeCapture } from '../src/analyze.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { buildReport } from '../src/report/build.js';

const SAMPLES = join(PACKAGE_ROOT, 'samples');
const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'report.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true, validateFormats: false }).compile(schema);

interface Expected {
  /** Why these are the right findings: what the reviewer checked. */
  review: string;
  entries: number;
  findings: { ruleId: string; messageId: string; entry: number }[];
  notEvaluable: string[];
}

const captures = readdirSync(SAMPLES).filter((f) => f.endsWith('.har'));

// Golden samples (axe's integration fixtures): every real capture has reviewed expected findings.
describe.each(captures)('sample %s', (name) => {
  const expectedPath = join(SAMPLES, name.replace(/\.har$/, '.expected.json'));

  it('has a reviewed expected-findings file', () => {
    expect(existsSync(expectedPath)).toBe(true);
  });

  it('yields exactly the reviewed findings, and a schema-valid report', async () => {
    const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as Expected;
    const result = await analyzeCapture(join(SAMPLES, name), { checks, spec: '1.1.1', file: name });
    expect(result.capture.entries).toBe(expected.entries);
    expect(result.ruleErrors).toEqual([]);
    const actual = result.findings.map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, entry: f.evidence[0]!.index }));
    expect(actual).toEqual(expected.findings);
    expect(result.notEvaluable.map((n) => n.ruleId).sort()).toEqual([...expected.notEvaluable].sort());
    const report = JSON.parse(JSON.stringify(buildReport([result], checks, '1.1.1', '0.0.0'))) as unknown;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });
});
