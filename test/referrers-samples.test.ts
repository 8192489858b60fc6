import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { analyzeHarText } from '../src/analyze.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { GENERATION_MEANING, SCENARIO_OUTCOME, scenarioIcons, scenarioParties } from '../src/referrers/scenarios.js';
import { buildScenario } from './support/referrers-scenarios.js';

// samples/referrers holds one capture per referrers scenario; test/samples.test.ts checks each
// against its reviewed expected.json (findings and scenario verdict). This file checks the set
// is complete, and rewrites it from the builder with REGEN_REFERRERS_SAMPLES=1 (then review the
// diff of every expected.json before committing).

const DIR = join(PACKAGE_ROOT, 'samples', 'referrers');
const nameOf = (n: number) => {
  const p = scenarioParties(n);
  return `S${String(n).padStart(2, '0')}-${p.producer}-${p.registry}-${p.consumer}`;
};

const FINDING_WHY: Record<string, string> = {
  'push/manifest-body artifactManifest': 'the producer of this generation pushes the artifact manifest type, which image-spec removed before 1.1.0: true, and what scenarios 13-18 are about',
};

describe('samples/referrers', () => {
  it('holds one capture per scenario, 1 to 18', () => {
    const hars = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.har')) : [];
    expect(hars.sort()).toEqual(Array.from({ length: 18 }, (_, i) => `${nameOf(i + 1)}.har`));
  });

  it.runIf(process.env.REGEN_REFERRERS_SAMPLES === '1')('regenerates the samples from the builder', async () => {
    mkdirSync(DIR, { recursive: true });
    for (let n = 1; n <= 18; n++) {
      const base = join(DIR, nameOf(n));
      const log = buildScenario(n);
      const text = `${JSON.stringify(log, null, 1)}\n`;
      writeFileSync(`${base}.har`, text);
      const result = await analyzeHarText(text, { checks, spec: '1.1.1', file: `${nameOf(n)}.har` });
      const p = scenarioParties(n);
      const registryNote = p.registry === 'complete'
        ? 'no registry with the referrers API can be installed here (Debian has distribution 2.8 only), so its answers are written by hand after distribution-spec v1.1.1'
        : 'the answers are those distribution 2.8 gives (404 on the referrers route, no OCI-Subject, 400 MANIFEST_INVALID for an unknown manifest type), written by hand';
      writeFileSync(
        `${base}.manifest.json`,
        `${JSON.stringify(
          {
            $schema: '../../schemas/sample-manifest.schema.json',
            kind: 'scenario',
            scenario: n,
            handBuilt: `No ${p.producer} producer or ${p.consumer} consumer of the working group's design is packaged here; ${registryNote}. Built by test/support/referrers-scenarios.ts.`,
            clients: [
              { name: `producer (${p.producer}: ${GENERATION_MEANING.producer[p.producer]})`, version: '1.0', userAgent: `producer-${p.producer}/1.0 (oci-har-check hand-built scenario sample)` },
              { name: `consumer (${p.consumer}: ${GENERATION_MEANING.consumer[p.consumer]})`, version: '1.0', userAgent: `consumer-${p.consumer}/1.0 (oci-har-check hand-built scenario sample)` },
            ],
            registry: { software: `hand-built ${p.registry} registry (${GENERATION_MEANING.registry[p.registry]})`, config: 'open', notes: registryNote },
            writer: { name: 'oci-har-check test builder (test/support/har.ts)', version: '0.1.0', mode: 'HAR 1.2 written by the builder, Host header added as capture tools record it' },
            script: 'test/referrers-samples.test.ts',
            commands: ['REGEN_REFERRERS_SAMPLES=1 npx vitest run test/referrers-samples.test.ts'],
            workflows: [`scenario ${n}: ${scenarioIcons(n)}: ${SCENARIO_OUTCOME[n]}`],
            recorded: '2026-11-23',
          },
          null,
          2,
        )}\n`,
      );
      writeFileSync(
        `${base}.expected.json`,
        `${JSON.stringify(
          {
            $schema: '../../schemas/sample-expected.schema.json',
            review: `Reviewed 2026-11-23 against the working group's scenario table (shared/reference/referrers-scenarios.md) and distribution-spec v1.1.1: scenario ${n} (${scenarioIcons(n)}), ${SCENARIO_OUTCOME[n]}. Each expectation below was checked against the exchanges by hand.`,
            entries: result.capture.entries,
            findings: result.findings.map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, entry: f.evidence[0]!.index, why: FINDING_WHY[`${f.ruleId} ${f.messageId}`] ?? 'REVIEW ME' })),
            notEvaluable: [...new Set(result.notEvaluable.map((x) => x.ruleId))].map((ruleId) => ({ ruleId, times: result.notEvaluable.filter((x) => x.ruleId === ruleId).length, why: 'REVIEW ME' })),
            referrers: (result.referrers ?? []).map((v) => ({
              scenarios: v.scenarios,
              ...(v.scenarios.length > 1 ? { why: 'the traffic cannot tell these scenarios apart: no party does anything that shows the registry generation, and every party is expected to behave the same in each' } : {}),
              expectations: v.expectations.map((e) => ({ role: e.role, expected: e.expected, status: e.status })),
            })),
          },
          null,
          2,
        )}\n`,
      );
    }
  });
});
