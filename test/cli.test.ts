import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { harText, oci } from './support/har.js';

// The CLI as users run it: the built bin (npm test builds first).
const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'ohc-cli-'));

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const clean = file('clean.har', harText(oci.ping(), oci.pushImage(), oci.pullManifest()));
const broken = file('broken.har', harText(oci.startUpload({ location: null })));

describe('cli: unusable input exits 2 with one line naming the file', () => {
  const cases: [string, string, RegExp][] = [
    ['missing file', join(dir, 'nope.har'), /nope\.har/],
    ['directory without captures', mkdtempSync(join(tmpdir(), 'ohc-cli-empty-')), /no capture found/],
    ['empty file', file('empty.har', ''), /empty\.har/],
    ['not JSON', file('text.har', 'hello world'), /text\.har/],
    ['JSON that is not a HAR', file('other.json', '{"name":"x"}'), /other\.json/],
  ];
  it.each(cases)('%s', (_name, path, pattern) => {
    const r = run([path]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('cli: main job', () => {
  it('clean capture exits 0', () => {
    const r = run([clean]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('a violation exits 1 and names rule, entry and spec', () => {
    const r = run([broken]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('push/upload-session-location');
    expect(r.stdout).toContain('#0 POST');
    expect(r.stdout).toContain('spec.md#post-then-put');
  });

  it('--fail-on none exits 0 even with findings; --fail-on info counts infos', () => {
    expect(run([broken, '--fail-on', 'none']).code).toBe(0);
    expect(run([clean, '--fail-on', 'info']).code).toBeGreaterThanOrEqual(0);
  });

  it('reads stdin with -', () => {
    const r = run(['-', '--format', 'json'], harText(oci.startUpload({ location: null })));
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { files: { capture: { file: string } }[] }).files[0]!.capture.file).toBe('<stdin>');
  });

  it('--format cards prints the report cards only, with the same exit code', () => {
    const r = run([broken, '--format', 'cards']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/report card/);
    expect(r.stdout).toMatch(/registry: push ✖1/);
    expect(r.stdout).not.toContain('push/upload-session-location');
  });

  it('--rules and --skip select rules by glob; an unmatched glob is a usage error', () => {
    expect(run([broken, '--rules', 'pull/*']).code).toBe(0);
    expect(run([broken, '--skip', 'push/upload-session-*']).code).toBe(0);
    const r = run([broken, '--rules', 'nosuch/*']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no rule matches 'nosuch\/\*'/);
  });

  it('--spec rejects unknown versions', () => {
    const r = run([clean, '--spec', '9.9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown spec version/);
  });

  it('--output writes the report to a file', () => {
    const out = join(dir, 'report.json');
    expect(run([broken, '-f', 'json', '-o', out]).code).toBe(1);
  });

  it('several files: one bad file is reported, the others still analyzed, exit 2', () => {
    const r = run([broken, join(dir, 'nope.har')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('push/upload-session-location');
    expect(r.stderr).toMatch(/nope\.har/);
  });
});

describe('cli: rules and explain', () => {
  it('rules lists every rule', () => {
    const r = run(['rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('push/upload-session-location');
  });

  it('rules --format json is the subcommand\'s option: one JSON entry per rule', () => {
    const r = run(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const rules = JSON.parse(r.stdout) as { id: string }[];
    expect(rules.length).toBe(checks.length);
    expect(JSON.parse(run(['rules', '-f', 'json']).stdout)).toEqual(rules);
  });

  it('explain prints the doc; unknown rule exits 2', () => {
    const r = run(['explain', 'push/upload-session-location']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('## How to fix');
    expect(run(['explain', 'nope/x']).code).toBe(2);
  });

  it('--help and --version exit 0; an unknown option exits 2', () => {
    expect(run(['--help']).code).toBe(0);
    expect(run(['--version']).code).toBe(0);
    expect(run(['--bogus']).code).toBe(2);
  });
});

