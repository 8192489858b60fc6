import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import Ajv from 'ajv';
import { describe, expect, it, vi } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { harText, oci } from '../support/har.js';
import { buildZip } from '../support/zip-writer.js';

// Each case spawns the CLI (several for some): generous on a loaded CI machine.
vi.setConfig({ testTimeout: 30_000 });

const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'cli.js');
function run(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// An archive as teams keep them: plain, gzip and mitmproxy .zhar (zlib) captures, nested.
const archive = mkdtempSync(join(tmpdir(), 'ohc-archive-'));
const good = harText(oci.ping(), oci.pushImage(), oci.pullManifest());
const bad = harText(oci.ping(), oci.startUpload({ location: null }));
mkdirSync(join(archive, 'team-a'));
mkdirSync(join(archive, 'team-b', 'old'), { recursive: true });
writeFileSync(join(archive, 'team-a', 'push.har'), good);
writeFileSync(join(archive, 'team-a', 'broken-upload.har.gz'), gzipSync(bad));
writeFileSync(join(archive, 'team-b', 'old', 'mitm.zhar'), deflateSync(good));
writeFileSync(join(archive, 'team-b', 'README.txt'), 'not a capture');
writeFileSync(join(archive, 'team-b', 'playwright.zip'), buildZip([{ name: 'har.har', data: good }]));

const ajv = new Ajv({ allErrors: true, strict: true, validateFormats: false });
const validateReport = ajv.compile(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'report.schema.json'), 'utf8')) as object);

describe('cli: auditing a directory of mixed captures', () => {
  it('reads .har, .har.gz, .zhar and .zip in one command, in a stable order, with the archive summary', () => {
    const r = run(['.', '-f', 'json', '--fail-on', 'none'], archive);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(''); // no progress line when stderr is not a terminal
    const report = JSON.parse(r.stdout);
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report.files.map((f: { capture: { file: string } }) => f.capture.file)).toEqual(['team-a/broken-upload.har.gz', 'team-a/push.har', 'team-b/old/mitm.zhar', 'team-b/playwright.zip']);
    expect(report.archive.files).toBe(4);
    expect(report.archive.rules.find((x: { ruleId: string }) => x.ruleId === 'push/upload-session-location')).toMatchObject({ files: 1, findings: 1, errors: 1 });
  });

  it('gives the same report with one job and with many', () => {
    const one = run(['.', '-f', 'json', '-j', '1'], archive);
    const many = run(['.', '-f', 'json', '-j', '3'], archive);
    expect(many.stdout).toBe(one.stdout);
    expect(many.code).toBe(one.code);
  });

  it('ndjson: one object per line, findings as made, each file closed, the summary last', () => {
    const r = run(['.', '-f', 'ndjson', '--skip', 'capture/*'], archive);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['finding', 'file', 'file', 'file', 'file', 'summary']);
    expect(lines[0]).toMatchObject({ type: 'finding', ruleId: 'push/upload-session-location', file: 'team-a/broken-upload.har.gz', severity: 'error' });
    expect(lines.at(-1)).toMatchObject({ type: 'summary', files: 4, totals: { findings: 1, errors: 1 } });
  });

  it('summary: the per-client and per-rule tables only', () => {
    const r = run(['.', '-f', 'summary'], archive);
    expect(r.stdout).toMatch(/^archive: 4 file\(s\) analyzed/);
    expect(r.stdout).toMatch(/per client\n {2}client +files +findings/);
    expect(r.stdout).toMatch(/push\/upload-session-location +1 +1 +1/);
  });

  it('an unusable capture among good ones: the others are reported, it is named, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohc-archive-bad-'));
    writeFileSync(join(dir, 'a.har'), good);
    writeFileSync(join(dir, 'b.har'), '{"not": "a har"}');
    const r = run([dir, '-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/b\.har.*not a HAR/)]);
    const report = JSON.parse(r.stdout);
    expect(report.files).toHaveLength(1);
    expect(report.unusable).toEqual([{ file: expect.stringMatching(/b\.har$/), message: expect.stringMatching(/not a HAR/) }]);
  });

  it.each([['0'], ['abc'], ['2.5']])('--jobs %s is a usage error (exit 2, one line)', (value) => {
    const r = run(['-j', value, archive]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--jobs must be a whole number/);
  });

  it('--include and --exclude pick the files of a directory', () => {
    const r = run(['.', '-f', 'ndjson', '--exclude', '**/*.gz', '--include', '**/*.har,**/*.zhar'], archive);
    const files = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'file').map((l) => l.file);
    expect(files).toEqual(['team-a/push.har', 'team-b/old/mitm.zhar']);
  });
});

describe('cli: config file and baseline', () => {
  it('finds the config upward from the working directory; flags typed win over it', () => {
    const project = mkdtempSync(join(tmpdir(), 'ohc-project-'));
    mkdirSync(join(project, 'captures'));
    writeFileSync(join(project, 'captures', 'bad.har'), bad);
    writeFileSync(join(project, 'oci-har-check.config.json'), JSON.stringify({ format: 'ndjson', skip: ['capture/*'], severity: { 'push/upload-session-location': 'warning' } }));
    const fromConfig = run(['.'], join(project, 'captures'));
    expect(fromConfig.code).toBe(0); // an error made a warning no longer fails the run
    expect(JSON.parse(fromConfig.stdout.split('\n')[0]!)).toMatchObject({ type: 'finding', severity: 'warning' });
    const flagWins = run(['.', '-f', 'summary', '--fail-on', 'warning'], join(project, 'captures'));
    expect(flagWins.code).toBe(1);
    expect(flagWins.stdout).toMatch(/^archive: 1 file/);
    const ignored = run(['.', '--no-config', '-f', 'json'], join(project, 'captures'));
    expect(ignored.code).toBe(1); // the error is an error again: the config was not read
    expect(JSON.parse(ignored.stdout).summary.errors).toBeGreaterThan(0);
  });

  it('a broken config is one line and exit 2', () => {
    const project = mkdtempSync(join(tmpdir(), 'ohc-project-'));
    writeFileSync(join(project, 'x.har'), good);
    writeFileSync(join(project, 'my.json'), '{"failOn": "sometimes"}');
    const r = run(['x.har', '--config', 'my.json'], project);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/my\.json: \/failOn: must be one of error, warning, info, none/)]);
  });

  it('--update-baseline accepts today\'s findings; --baseline then hides them and notes the fixed ones', () => {
    const project = mkdtempSync(join(tmpdir(), 'ohc-project-'));
    writeFileSync(join(project, 'a.har'), bad);
    writeFileSync(join(project, 'b.har'), bad);
    expect(run(['.', '--update-baseline'], project).code).toBe(2); // no baseline path given
    const update = run(['.', '--baseline', 'accepted.json', '--update-baseline', '-f', 'summary'], project);
    expect(update.code).toBe(0);
    expect(update.stderr).toMatch(/baseline accepted\.json now accepts \d+ finding/);
    const clean = run(['.', '--baseline', 'accepted.json', '-f', 'json'], project);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout).summary.errors).toBe(0);
    writeFileSync(join(project, 'b.har'), good); // b fixed; a new capture c has the problem
    writeFileSync(join(project, 'c.har'), bad);
    const later = run(['.', '--baseline', 'accepted.json', '-f', 'ndjson', '--skip', 'capture/*'], project);
    expect(later.code).toBe(1);
    const found = later.stdout.trimEnd().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'finding');
    expect(found.map((f) => f.file)).toEqual(['c.har']);
    expect(later.stderr).toMatch(/no longer occur/);
  });
});
