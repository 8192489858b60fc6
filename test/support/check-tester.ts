import { describe, expect, it } from 'vitest';
import { analyzeHarText } from '../../src/analyze.js';
import type { Check } from '../../src/check.js';
import type { FileResult } from '../../src/report/model.js';
import { DEFAULT_SPEC, type SpecVersion } from '../../src/spec.js';

export interface ExpectedFinding {
  messageId: string;
  /** Index of the entry in the HAR the finding is about (its first evidence). */
  entry: number;
  confidence?: 'observed' | 'inferred';
  severity?: 'error' | 'warning' | 'info';
}

interface Case {
  name: string;
  har: object | string;
  spec?: SpecVersion;
}

export interface CheckTests {
  /** Compliant traffic: the check must report nothing. */
  valid: Case[];
  /** One deviation each: exactly these findings, compared as {messageId, entry}. */
  invalid: (Case & { findings: ExpectedFinding[] })[];
  /** The capture lacks what the check needs: no finding, and a "not evaluable" reason. */
  notEvaluable?: Case[];
}

export async function runCheck(check: Check, har: object | string, spec: SpecVersion = DEFAULT_SPEC): Promise<FileResult> {
  return analyzeHarText(har, { checks: [check], spec });
}

/** RuleTester for HAR: runs the real pipeline with only this check; no mocks. */
export const checkTester = {
  run(check: Check, tests: CheckTests): void {
    describe(check.meta.id, () => {
      if (tests.valid.length === 0 || tests.invalid.length === 0) throw new Error(`${check.meta.id}: needs valid and invalid cases`);
      it.each(tests.valid)('valid: $name', async ({ har, spec }) => {
        const result = await runCheck(check, har, spec);
        expect(result.ruleErrors).toEqual([]);
        expect(result.findings.map((f) => ({ messageId: f.messageId, entry: f.evidence[0]?.index, message: f.message }))).toEqual([]);
      });
      it.each(tests.invalid)('invalid: $name', async ({ har, spec, findings }) => {
        const result = await runCheck(check, har, spec);
        expect(result.ruleErrors).toEqual([]);
        const actual = result.findings.map((f) => {
          const expected = findings.find((e) => e.messageId === f.messageId && e.entry === f.evidence[0]?.index);
          const got: ExpectedFinding = { messageId: f.messageId, entry: f.evidence[0]?.index ?? -1 };
          if (expected?.confidence) got.confidence = f.confidence;
          if (expected?.severity) got.severity = f.severity;
          return got;
        });
        expect(actual).toEqual(findings);
        for (const f of result.findings) expect(f.message).not.toMatch(/\{\{/);
      });
      if (tests.notEvaluable?.length) {
        it.each(tests.notEvaluable)('not evaluable: $name', async ({ har, spec }) => {
          const result = await runCheck(check, har, spec);
          expect(result.findings).toEqual([]);
          expect(result.notEvaluable.filter((n) => n.ruleId === check.meta.id).length).toBeGreaterThan(0);
        });
      }
    });
  },
};
