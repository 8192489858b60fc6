import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ERROR_CATALOGUE } from '../src/errors.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { harText, oci } from './support/har.js';

vi.setConfig({ testTimeout: 30_000 });

const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'ohc-errors-'));
const file = (name: string, content: string) => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};
const good = file('good.har', harText(oci.ping()));
mkdirSync(join(dir, 'empty-dir'));

// Each user-facing error, triggered for real, with the exact line it prints (the catalogue's hint included).
const cases: [string, string[], string][] = [
  ['ENOENT', [join(dir, 'nope.har')], `${join(dir, 'nope.har')}: no such file [ENOENT: check the path]`],
  ['EMPTY', [file('empty.har', '')], `${join(dir, 'empty.har')}: is empty [EMPTY: the capture tool may have been stopped before it wrote the file]`],
  ['NOT_JSON', [file('text.har', 'hello')], `${join(dir, 'text.har')}: is not JSON: the first character is not "{" at byte 0 [NOT_JSON: give a HAR (JSON), .har.gz, mitmproxy .zhar or Playwright .zip]`],
  ['NOT_HAR', [file('other.json', '{"name":"x"}')], `${join(dir, 'other.json')}: is JSON but not a HAR: has no "log" object [NOT_HAR: export HAR from the capture tool (log.entries is required)]`],
  ['NO_INPUT', [join(dir, 'empty-dir')], 'no capture found in the given inputs (see --include/--exclude) [NO_INPUT: give HAR files, directories or globs, or \'-\' for stdin]'],
  ['NO_INPUT_MATCH', [`${dir}/nothing/**/*.har`], `no file matches '${dir}/nothing/**/*.har' [NO_INPUT_MATCH: quote the glob so the shell does not expand it, and check the path]`],
  ['BAD_SPEC', [good, '--spec', '2.0'], "unknown spec version '2.0' (choose 1.0.1, 1.1.0, 1.1.1, main) [BAD_SPEC: use 1.0.1, 1.1.0, 1.1.1 or main]"],
  ['BAD_SHARD', [good, '--shard', '3/3'], "--shard must be K/N with 0 <= K < N (e.g. 0/8), not '3/3' [BAD_SHARD: e.g. --shard 0/8 for the first of eight parts]"],
  ['NO_RULE_MATCH', [good, '--rules', 'push/mount-frm'], "no rule matches 'push/mount-frm' (see 'oci-har-check rules') [NO_RULE_MATCH: list the rules with 'oci-har-check rules']"],
  ['UNKNOWN_RULE', ['explain', 'push/nope'], "unknown rule 'push/nope' (see 'oci-har-check rules') [UNKNOWN_RULE: list the rules with 'oci-har-check rules']"],
  ['CONFIG', [good, '--config', file('c.json', '{"jobs": 0}')], `${join(dir, 'c.json')}: /jobs: must be >= 1 [CONFIG: see schemas/config.schema.json and the README section "Configuration file"]`],
  ['BASELINE', [good, '--baseline', join(dir, 'none.json')], `baseline ${join(dir, 'none.json')} does not exist (create it with --update-baseline) [BASELINE: create or refresh it with --update-baseline]`],
  ['MERGE_INPUT', ['merge', join(dir, 'none.ndjson')], `cannot read ${join(dir, 'none.ndjson')}: ENOENT [MERGE_INPUT: give files written by --format ndjson]`],
  ['OUTPUT', [good, '-o', join(dir, 'no-such-dir', 'r.txt')], `cannot write ${join(dir, 'no-such-dir', 'r.txt')}: ENOENT [OUTPUT: check the --output path and its directory]`],
];

describe('the error catalogue', () => {
  it.each(cases)('%s: one line, the message pinned, exit 2, no stack trace', (_code, args, line) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`oci-har-check: ${line}\n`);
  });

  it('every code in the catalogue is used by the code, and every code used is in the catalogue', () => {
    const sources: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d, { withFileTypes: true })) {
        if (name.isDirectory()) walk(join(d, name.name));
        else if (name.name.endsWith('.ts')) sources.push(readFileSync(join(d, name.name), 'utf8'));
      }
    };
    walk(join(PACKAGE_ROOT, 'src'));
    const text = sources.join('\n');
    const used = new Set([...text.matchAll(/'([A-Z][A-Z_]+)'/g)].map((m) => m[1]!).filter((c) => c in ERROR_CATALOGUE));
    for (const code of Object.keys(ERROR_CATALOGUE)) expect(used.has(code) || code === 'USAGE', `${code} is thrown somewhere`).toBe(true);
  });

  it("'oci-har-check errors' lists every code", () => {
    const r = spawnSync(process.execPath, [CLI, 'errors'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const code of Object.keys(ERROR_CATALOGUE)) expect(r.stdout).toMatch(new RegExp(`^${code} `, 'm'));
  });
});
