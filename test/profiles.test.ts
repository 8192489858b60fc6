import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { checkSeverity, levelAt, strengthByVersion } from '../src/check.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import type { Report } from '../src/report/model.js';
import { pinSpecLink } from '../src/spec.js';
import { harText, oci } from './support/har.js';

// --spec as users run it: the same capture judged against different versions of the spec.
const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'ohc-spec-'));

function report(harPath: string, spec: string): Report {
  const r = spawnSync(process.execPath, [CLI, harPath, '--format', 'json', '--spec', spec, '--fail-on', 'none'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('--spec profiles change outcomes', () => {
  const noDigest = file('no-digest.har', harText(oci.pullManifest({ omitDigestHeader: true })));

  it('a missing Docker-Content-Digest is a SHOULD (warning) up to 1.1.1 and a MUST (error) on main', () => {
    const severities = ['1.0.1', '1.1.0', '1.1.1', 'main'].map((spec) => {
      const f = report(noDigest, spec).files[0]!.findings.find((x) => x.ruleId === 'pull/manifest-digest-header');
      return `${spec}:${f?.severity}/${f?.level}`;
    });
    expect(severities).toEqual(['1.0.1:warning/SHOULD', '1.1.0:warning/SHOULD', '1.1.1:warning/SHOULD', 'main:error/MUST']);
  });

  it('findings link the section of the targeted version', () => {
    const links = ['1.0.1', 'main'].map((spec) => report(noDigest, spec).files[0]!.findings.find((f) => f.ruleId === 'pull/manifest-digest-header')!.spec);
    expect(links[0]).toContain('/distribution-spec/blob/v1.0.1/spec.md#');
    expect(links[1]).toContain('/distribution-spec/blob/main/spec.md#');
  });

  it('rules for requirements a version lacks do not run there, and the report says so', () => {
    const pushBack = file('push-back.har', harText(oci.pushManifest({ ref: 'v1' }), oci.pullManifest({ ref: 'v1', manifest: JSON.stringify(JSON.parse(oci.pushManifest().bytes), null, 1) })));
    const old = report(pushBack, '1.0.1');
    expect(old.outOfProfile).toContain('pull/pushed-bytes-served');
    expect(old.files[0]!.findings.map((f) => f.ruleId)).not.toContain('pull/pushed-bytes-served');
    const current = report(pushBack, '1.1.1');
    expect(current.outOfProfile).not.toContain('pull/pushed-bytes-served');
    expect(current.files[0]!.findings.map((f) => f.ruleId)).toContain('pull/pushed-bytes-served');
  });
});

describe('rule strength per version', () => {
  it('levels override the base level only where stated', () => {
    const digest = checks.find((c) => c.meta.id === 'pull/manifest-digest-header')!.meta;
    expect(levelAt(digest, '1.1.1')).toBe('SHOULD');
    expect(levelAt(digest, 'main')).toBe('MUST');
    expect(checkSeverity(digest, 'main')).toBe('error');
    expect(strengthByVersion(digest)).toBe('1.0.1 SHOULD, 1.1.0 SHOULD, 1.1.1 SHOULD, main MUST');
  });

  it('every rule has a strength in at least one version, and versions are listed oldest first', () => {
    for (const c of checks) {
      const versions = c.meta.versions;
      if (!versions) continue;
      expect(versions.length, c.meta.id).toBeGreaterThan(0);
      expect([...versions], c.meta.id).toEqual(['1.0.1', '1.1.0', '1.1.1', 'main'].filter((v) => versions.includes(v as never)));
    }
  });

  it('pinSpecLink re-pins distribution-spec links and leaves others alone', () => {
    expect(pinSpecLink('https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#a', '1.0.1')).toBe('https://github.com/opencontainers/distribution-spec/blob/v1.0.1/spec.md#a');
    expect(pinSpecLink('https://github.com/opencontainers/distribution-spec/blob/main/spec.md#a', '1.1.0')).toBe('https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#a');
    const token = 'https://github.com/distribution/distribution/blob/main/docs/content/spec/auth/token.md';
    expect(pinSpecLink(token, '1.0.1')).toBe(token);
  });
});

describe('rules and explain show the profile', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

  it('rules --spec gives each rule its strength in that version', () => {
    const line = (out: string, id: string) => out.split('\n').find((l) => l.startsWith(`${id} `)) ?? '';
    expect(line(cli(['rules']).stdout, 'pull/blob-digest-header')).toMatch(/ SHOULD /);
    expect(line(cli(['rules', '--spec', 'main']).stdout, 'pull/blob-digest-header')).toMatch(/ MUST /);
    expect(line(cli(['rules', '--spec', '1.0.1']).stdout, 'pull/pushed-bytes-served')).toMatch(/not in 1\.0\.1/);
    const json = JSON.parse(cli(['rules', '--format', 'json', '--spec', 'main']).stdout) as { id: string; levelInSpec: string | null }[];
    expect(json.find((r) => r.id === 'push/tag-param-response')?.levelInSpec).toBe('MUST');
  });

  it('rules --spec with an unknown version exits 2 with one line', () => {
    const r = cli(['rules', '--spec', '9']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('explain prints the strength by version', () => {
    expect(cli(['explain', 'pull/manifest-digest-header']).stdout).toContain('by version: 1.0.1 SHOULD, 1.1.0 SHOULD, 1.1.1 SHOULD, main MUST');
  });
});
