import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { analyzeCapture, analyzeHarText } from '../src/analyze.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { buildReport } from '../src/report/build.js';
import { formatJunit, xmlText } from '../src/report/junit.js';
import { formatMarkdown, mdText } from '../src/report/markdown.js';
import type { Report } from '../src/report/model.js';
import { formatSarif } from '../src/report/sarif.js';
import { errorBody, har, oci } from './support/har.js';

const REAL = join(PACKAGE_ROOT, 'samples', 'real');
const samples = readdirSync(REAL).filter((f) => f.endsWith('.har')).sort();

async function reportOf(file: string): Promise<Report> {
  const result = await analyzeCapture(join(REAL, file), { checks, spec: '1.1.1', file: `samples/real/${file}` });
  return buildReport([result], checks, '1.1.1', '0.0.0-test');
}

interface SarifLog {
  version: string;
  runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; artifacts: { location: { uri: string } }[]; results: { ruleId: string; ruleIndex: number; level: string; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[];
}

describe.each(samples)('formats for samples/real/%s', (file) => {
  it('SARIF 2.1.0: one result per finding, each pointing at its rule and HAR entry', async () => {
    const report = await reportOf(file);
    const sarif = JSON.parse(formatSarif(report)) as SarifLog;
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0]!;
    expect(run.artifacts[0]!.location.uri).toBe(`samples/real/${file}`);
    const findings = report.files[0]!.findings;
    expect(run.results).toHaveLength(findings.length);
    run.results.forEach((r, i) => {
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(['error', 'warning', 'note']).toContain(r.level);
      expect(r.locations[0]!.logicalLocations[0]!.fullyQualifiedName).toBe(findings[i]!.evidence[0]!.pointer);
    });
    for (const rule of run.tool.driver.rules) expect(rule.helpUri).toMatch(/^https:\/\//);
  });

  it('JUnit: one suite per client, one case per applicable rule, errors as failures', async () => {
    const report = await reportOf(file);
    const xml = formatJunit(report);
    const f = report.files[0]!;
    const applied = checks.length - f.inapplicable.length;
    const suites = xml.match(/<testsuite /g)?.length ?? 0;
    expect(suites).toBeGreaterThan(0);
    expect(xml.match(/<testcase /g)?.length).toBe(applied * suites);
    const failing = new Set(f.findings.filter((x) => x.severity === 'error').map((x) => `${x.client} ${x.ruleId}`));
    expect(xml.match(/<failure /g)?.length ?? 0).toBe(failing.size);
    expect(xml.split('<testsuite ').length - 1).toBe(xml.split('</testsuite>').length - 1);
  });

  it('Markdown: summary, reproduce command and every finding', async () => {
    const report = await reportOf(file);
    const md = formatMarkdown(report);
    expect(md).toContain(`npx oci-har-check --spec 1.1.1 "samples/real/${file}"`);
    for (const f of report.files[0]!.findings) expect(md).toContain(`\`${f.ruleId}\``);
  });
});

describe('formats escape what the capture holds', () => {
  const PAYLOAD = '<img src=x onerror=alert(1)>|`**x**`';
  it('markup planted in a URL and an error message stays text in JUnit and Markdown', async () => {
    const hostile = har(
      oci.pullManifest({ ref: 'v1', status: 404, resBody: errorBody('NOT_A_CODE', PAYLOAD) }),
      oci.pullManifest({ ref: PAYLOAD }),
    );
    const result = await analyzeHarText(hostile, { checks, spec: '1.1.1' });
    const report = buildReport([result], checks, '1.1.1', '0.0.0-test');
    // The payload did reach the report (a malformed reference is quoted in findings and URLs).
    expect(JSON.stringify(report)).toContain('<img src=x');
    for (const text of [formatJunit(report), formatMarkdown(report)]) {
      expect(text).not.toContain('<img');
      expect(text).not.toContain('onerror=alert(1)>');
    }
    expect(JSON.parse(formatSarif(report))).toBeTruthy();
  });

  it('xmlText drops characters XML 1.0 cannot carry', () => {
    expect(xmlText('a\u0000b\u001fc<&>"')).toBe('a\ufffdb\ufffdc&lt;&amp;&gt;&quot;');
  });

  it('mdText keeps a table cell one line and inert', () => {
    expect(mdText('a|b\n<script>')).toBe('a\\|b &lt;script&gt;');
  });
});
