import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { CONFIG_NAME, findConfig, loadConfig } from '../../src/config/load.js';
import { FindingPolicy } from '../../src/config/policy.js';
import type { Finding } from '../../src/report/model.js';

const ids = checks.map((c) => c.meta.id);
function configFile(content: string, dir = mkdtempSync(join(tmpdir(), 'ohc-config-'))): string {
  const path = join(dir, CONFIG_NAME);
  writeFileSync(path, content);
  return path;
}

describe('findConfig', () => {
  it('finds the nearest file upward, and nothing when there is none', () => {
    const root = mkdtempSync(join(tmpdir(), 'ohc-up-'));
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    expect(findConfig(join(root, 'a', 'b'))).toBeUndefined();
    const top = configFile('{}', root);
    expect(findConfig(join(root, 'a', 'b'))).toBe(top);
    const nearer = configFile('{}', join(root, 'a'));
    expect(findConfig(join(root, 'a', 'b'))).toBe(nearer);
  });
});

describe('loadConfig', () => {
  it('accepts every documented field and resolves paths against the file', () => {
    const path = configFile(
      JSON.stringify({ spec: 'main', format: 'ndjson', output: 'out/report.ndjson', failOn: 'warning', jobs: 4, rules: ['push/*'], skip: ['push/mount-from'], severity: { 'push/*': 'warning' }, overrides: [{ clients: ['containerd/*'], severity: { 'push/chunk-min-length': 'off' } }], include: ['**/*.har'], exclude: ['old/**'], baseline: 'baseline.json' }),
    );
    const config = loadConfig(path, ids);
    expect(config.output).toBe(join(path, '..', 'out', 'report.ndjson'));
    expect(config.baseline).toBe(join(path, '..', 'baseline.json'));
    expect(config.jobs).toBe(4);
  });

  it.each([
    ['unknown property', '{"colour": true}', /\(top level\): unknown property 'colour'/],
    ['bad enum', '{"spec": "2.0"}', /\/spec: must be one of 1\.0\.1, 1\.1\.0, 1\.1\.1, main/],
    ['bad severity', '{"severity": {"push/*": "fatal"}}', /\/severity\/push~1\*: must be one of error, warning, info, off/],
    ['override without a target', '{"overrides": [{"severity": {}}]}', /\/overrides\/0: an override needs "clients" or "files"/],
    ['jobs zero', '{"jobs": 0}', /\/jobs: must be >= 1/],
    ['JSON syntax', '{\n  "spec": "main",\n}', /not valid JSON at line 3, column 1/],
    ['rule typo', '{"skip": ["push/mount-frm"]}', /\/skip: no rule matches 'push\/mount-frm' \(did you mean 'push\/mount-from'\?\)/],
  ])('%s: one clear line naming the file', (_name, content, message) => {
    const path = configFile(content);
    expect(() => loadConfig(path, ids)).toThrow(message);
    expect(() => loadConfig(path, ids)).toThrow(path);
  });

  it('a missing --config file is a usage error', () => {
    expect(() => loadConfig('/nonexistent/oci-har-check.config.json', ids)).toThrow(/cannot read config .*ENOENT/);
  });
});

describe('FindingPolicy', () => {
  const f = (ruleId: string, client: string, severity: Finding['severity'] = 'error', file = 'a.har') => ({ ruleId, client, severity, file }) as Finding;
  const policy = new FindingPolicy({
    severity: { 'push/*': 'warning', 'pull/manifest-accept': 'off' },
    overrides: [
      { clients: ['containerd/1.6.*'], severity: { 'push/chunk-min-length': 'off', 'pull/manifest-accept': 'info' } },
      { files: ['legacy/**'], severity: { 'push/*': 'info' } },
      { clients: ['containerd/**'], files: ['legacy/**'], severity: { 'push/*': 'error' } },
    ],
  });

  it('applies the global map, then matching overrides in order (later wins)', () => {
    expect(policy.apply(f('push/mount-from', 'skopeo/1.9.3'))?.severity).toBe('warning');
    expect(policy.apply(f('general/error-status', 'skopeo/1.9.3'))?.severity).toBe('error');
    expect(policy.apply(f('push/mount-from', 'skopeo/1.9.3', 'error', 'legacy/x.har'))?.severity).toBe('info');
    expect(policy.apply(f('push/mount-from', 'containerd/1.6.20', 'error', 'legacy/x.har'))?.severity).toBe('error');
  });

  it("'off' drops a finding, and an override can bring it back for one client", () => {
    expect(policy.apply(f('pull/manifest-accept', 'skopeo/1.9.3'))).toBeUndefined();
    expect(policy.apply(f('push/chunk-min-length', 'containerd/1.6.20'))).toBeUndefined();
    expect(policy.apply(f('push/chunk-min-length', 'containerd/1.7.0'))?.severity).toBe('warning');
    expect(policy.apply(f('pull/manifest-accept', 'containerd/1.6.20'))?.severity).toBe('info');
  });

  it('a client glob without "/" matches the product: "skopeo" is every skopeo, "*" every client', () => {
    const p = new FindingPolicy({ overrides: [{ clients: ['skopeo'], severity: { 'push/*': 'info' } }, { clients: ['*'], severity: { 'pull/*': 'warning' } }] });
    expect(p.apply(f('push/mount-from', 'skopeo/1.9.3'))?.severity).toBe('info');
    expect(p.apply(f('push/mount-from', 'containerd/1.6.20'))?.severity).toBe('error');
    expect(p.apply(f('pull/manifest-accept', 'containerd/1.6.20'))?.severity).toBe('warning');
  });

  it('a rule off everywhere need not run; one an override re-enables must', () => {
    expect(new FindingPolicy({ severity: { 'pull/*': 'off' } }).ruleOff('pull/manifest-accept')).toBe(true);
    expect(policy.ruleOff('pull/manifest-accept')).toBe(false);
    expect(policy.ruleOff('push/mount-from')).toBe(false);
  });
});
