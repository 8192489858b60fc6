import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseShard, takeShard } from '../../src/batch/shard.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

// Each case spawns the CLI (several for some): generous on a loaded CI machine.
vi.setConfig({ testTimeout: 30_000 });

const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'cli.js');
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('shards', () => {
  it.each([[0, 1], [1, 1], [7, 3], [14, 4], [100, 7], [3, 8]])('%i items in %i shards: each item in exactly one, sizes differ by at most one', (n, count) => {
    const items = Array.from({ length: n }, (_, i) => i);
    const parts = Array.from({ length: count }, (_, index) => takeShard(items, { index, count }));
    expect(parts.flat()).toEqual(items);
    const sizes = parts.map((p) => p.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it.each(['3/3', '1', 'a/b', '-1/2', '0/0', '1/2/3'])("'%s' is refused with one line", (value) => {
    expect(() => parseShard(value)).toThrow(/--shard must be K\/N/);
  });
});

describe('merge', () => {
  const samples = join(PACKAGE_ROOT, 'samples', 'real');
  it('the shards of an archive merge to exactly the summary of one run over all of it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohc-merge-'));
    const shards = [0, 1, 2].map((k) => {
      const path = join(dir, `shard-${k}.ndjson`);
      writeFileSync(path, run([samples, '--shard', `${k}/3`, '-f', 'ndjson', '--fail-on', 'none']).stdout);
      return path;
    });
    const whole = run([samples, '-f', 'ndjson', '--fail-on', 'none']).stdout.trimEnd().split('\n');
    const { type: _t, tool: _tool, version: _v, spec: _s, ...expected } = JSON.parse(whole.at(-1)!);
    const merged = run(['merge', ...shards, '-f', 'json']);
    expect(merged.code).toBe(1); // the corpus has errors: merge gates like the main command
    expect(JSON.parse(merged.stdout)).toEqual(expected);
    expect(run(['merge', ...shards, '--fail-on', 'none']).code).toBe(0);
  }, 60_000);

  it('skips and counts lines that are not ours; a missing file is one line, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohc-merge-'));
    const path = join(dir, 'mixed.ndjson');
    writeFileSync(path, 'not json\n{"type":"something"}\n\n{"type":"finding","ruleId":"push/x","severity":"warning","client":"c/1","file":"f"}\n');
    const r = run(['merge', path, '-f', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals.warnings).toBe(1);
    expect(r.stderr).toMatch(/2 line\(s\) were not oci-har-check NDJSON/);
    const missing = run(['merge', join(dir, 'nope.ndjson')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/cannot read .*nope\.ndjson: ENOENT/)]);
  });
});
