import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { analyzeCapture } from '../src/analyze.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { buildReport } from '../src/report/build.js';
import { formatJunit } from '../src/report/junit.js';
import { ensureDebianPackage } from './support/apt.js';

// A real JUnit consumer: junitparser (Debian python3-junitparser), a library CI tools use to
// read and merge JUnit XML. Installed with apt when possible; otherwise skipped with a message.
const PYTHON = '/usr/bin/python3';
const haveConsumer = ensureDebianPackage('python3-junitparser', () => spawnSync(PYTHON, ['-c', 'import junitparser'], { encoding: 'utf8' }).status === 0);
if (!haveConsumer) console.warn('junit-consumer test skipped: python3-junitparser is not installed and could not be (apt-get install python3-junitparser)');

const READ = `
import json, sys
from junitparser import JUnitXml, Failure
out = []
for suite in JUnitXml.fromfile(sys.argv[1]):
    cases = list(suite)
    failed = [c.name for c in cases if c.result and any(isinstance(r, Failure) for r in c.result)]
    out.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures, "cases": len(cases), "failed": failed})
print(json.dumps(out))
`;

describe.skipIf(!haveConsumer)('JUnit output read by junitparser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ohc-junit-'));
  const REAL = join(PACKAGE_ROOT, 'samples', 'real');
  it.each(readdirSync(REAL).filter((f) => f.endsWith('.har')).sort())('samples/real/%s: suites, cases and failures as reported', async (file) => {
    const result = await analyzeCapture(join(REAL, file), { checks, spec: '1.1.1', file: `samples/real/${file}` });
    const xml = join(dir, `${file}.xml`);
    writeFileSync(xml, formatJunit(buildReport([result], checks, '1.1.1', '0.0.0-test')));
    const run = spawnSync(PYTHON, ['-c', READ, xml], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const suites = JSON.parse(run.stdout) as { name: string; tests: number; failures: number; cases: number; failed: string[] }[];
    const applied = checks.length - result.inapplicable.length;
    for (const s of suites) {
      expect(s.cases).toBe(applied);
      expect(s.tests).toBe(applied);
      expect(s.failures).toBe(s.failed.length);
    }
    const failing = new Set(result.findings.filter((f) => f.severity === 'error').map((f) => `${f.client} ${f.ruleId}`));
    expect(suites.reduce((n, s) => n + s.failed.length, 0)).toBe(failing.size);
  });
});
