import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { analyzeHarText } from '../src/analyze.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { buildReport } from '../src/report/build.js';
import { formatJson } from '../src/report/json.js';
import { formatCards } from '../src/report/cards-text.js';
import { mergeCards } from '../src/report/cards.js';
import { formatText } from '../src/report/text.js';
import { har, oci } from './support/har.js';

const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'report.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true, validateFormats: false }).compile(schema);

async function reportFor(harDoc: object) {
  const result = await analyzeHarText(harDoc, { checks, spec: '1.1.1', file: 'capture.har' });
  return buildReport([result], checks, '1.1.1', '0.0.0-test');
}

// One capture with compliant traffic and two deliberate defects.
const mixed = har(
  oci.ping(),
  oci.pushImage(),
  oci.pullManifest({ omitDigestHeader: true }),
  oci.startUpload({ location: null }),
);

describe('report', () => {
  it('JSON output validates against schemas/report.schema.json', async () => {
    const report = await reportFor(mixed);
    expect(report.files[0]!.findings.length).toBeGreaterThan(0);
    const parsed = JSON.parse(formatJson(report)) as unknown;
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the schema rejects a report missing required fields (the test can fail)', () => {
    expect(validate({ tool: { name: 'oci-har-check', version: '1' }, spec: '1.1.1', files: [], rules: [] })).toBe(false);
  });

  it('findings carry evidence pointers, client and workflow', async () => {
    const report = await reportFor(mixed);
    const finding = report.files[0]!.findings.find((f) => f.ruleId === 'pull/manifest-digest-header')!;
    expect(finding.evidence[0]!.pointer).toMatch(/^\/log\/entries\/\d+$/);
    expect(finding.client).toBe('test-client/1.0');
    expect(finding.workflow).toBe('pull library/hello');
    expect(finding.spec).toContain('/v1.1.1/spec.md#');
  });

  it('text output groups by file, client and workflow; no colour codes unless asked', async () => {
    const report = await reportFor(mixed);
    const plain = formatText(report, { color: false });
    expect(plain).toContain('capture.har');
    expect(plain).toContain('  test-client/1.0');
    expect(plain).toContain('    pull library/hello');
    expect(plain).not.toMatch(/\u001b\[/);
    expect(formatText(report, { color: true })).toMatch(/\u001b\[/);
  });

  it('the report card counts each client\'s exchanges and findings per workflow category and side', async () => {
    const report = await reportFor(mixed);
    const card = report.files[0]!.clients.find((c) => c.client === 'test-client/1.0')!;
    const byCategory = Object.fromEntries(card.workflows.map((w) => [w.category, w]));
    expect(Object.keys(byCategory)).toEqual(['base', 'pull', 'push']);
    expect(byCategory.pull!.exchanges).toBe(3); // two blob HEADs of the push ("checking if content exists") and the GET
    expect(byCategory.pull!.registry.warnings).toBe(1); // no Docker-Content-Digest on the manifest GET
    expect(byCategory.push!.registry.errors).toBe(1); // upload POST answered without Location
    expect(byCategory.push!.client).toEqual({ errors: 0, warnings: 0, infos: 0 });
    const text = formatText(report, { color: false });
    expect(text).toMatch(/test-client\/1\.0 +base 1 ✔ · pull 3 ✔ · push \d+ ✔/);
    expect(text).toMatch(/registry: pull ⚠1 · push ✖1/);
  });

  it('cards format: only the report cards, per file and summed per client over all files', async () => {
    const one = await analyzeHarText(mixed, { checks, spec: '1.1.1', file: 'one.har' });
    const two = await analyzeHarText(har(oci.ping(), oci.pullManifest({ omitDigestHeader: true })), { checks, spec: '1.1.1', file: 'two.har' });
    const report = buildReport([one, two], checks, '1.1.1', '0.0.0-test');
    const text = formatCards(report, { color: false });
    expect(text).toMatch(/^one\.har .*\n +test-client\/1\.0 +base 1 ✔ · pull 3 ✔/m);
    expect(text).toMatch(/^two\.har .*\n +test-client\/1\.0 +base 1 ✔ · pull 1 ✔\n +registry: pull ⚠1$/m);
    // Summed: 2 pings, 4 pulls, and both files' registry warnings on the manifest GETs.
    expect(text).toMatch(/^all 2 files\n +test-client\/1\.0 +base 2 ✔ · pull 4 ✔ · push \d+ ✔\n +registry: pull ⚠2 · push ✖1$/m);
    expect(text).not.toContain('pull/manifest-digest-header'); // findings themselves are in the text report
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^⚠ 0 errors|^✖ \d+ error/);
  });

  it('mergeCards keeps per-file tallies untouched', async () => {
    const report = await reportFor(mixed);
    const before = JSON.stringify(report.files[0]!.clients);
    const merged = mergeCards([report.files[0]!.clients, report.files[0]!.clients]);
    expect(merged[0]!.exchanges).toBe(2 * report.files[0]!.clients[0]!.exchanges);
    expect(JSON.stringify(report.files[0]!.clients)).toBe(before);
  });

  it('terminal output neutralises control characters and ANSI escapes from the capture', async () => {
    const evil = oci.startUpload({ location: null, repo: 'evil' });
    evil[0]!.request.url = 'http://registry.test:5000/v2/evil/blobs/uploads/?x=%1b[31m';
    evil[0]!.request.headers.push({ name: 'User-Agent', value: 'bad\u001b[2Jclient/1' });
    const report = await reportFor(har(evil));
    const text = formatText(report, { color: false });
    expect(text).not.toMatch(/\u001b/);
  });
});
