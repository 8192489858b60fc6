import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { analyzeCapture } from '../src/analyze.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { buildReport } from '../src/report/build.js';
import { formatSarif } from '../src/report/sarif.js';

/**
 * Microsoft's SARIF multitool (a devDependency) validates our SARIF against the 2.1.0 schema
 * and its own rules. Its npm package chmods the binary in a postinstall script, which npm may
 * refuse to run: the test does the chmod itself.
 */
function validator(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
    try {
      accessSync(path, constants.X_OK);
    } catch {
      chmodSync(path, 0o755);
    }
    return path;
  } catch {
    return undefined;
  }
}

const tool = validator();
const REAL = join(PACKAGE_ROOT, 'samples', 'real');
const dir = mkdtempSync(join(tmpdir(), 'ohc-sarif-'));

describe.skipIf(!tool)('SARIF output passes Microsoft’s SARIF validator', () => {
  it('every real sample validates with no errors (one validator run: its start-up dominates)', async () => {
    const files = readdirSync(REAL).filter((f) => f.endsWith('.har')).sort();
    const outputs: string[] = [];
    for (const file of files) {
      const result = await analyzeCapture(join(REAL, file), { checks, spec: '1.1.1', file: join(REAL, file) });
      const sarif = join(dir, `${file}.sarif`);
      writeFileSync(sarif, formatSarif(buildReport([result], checks, '1.1.1', '0.0.0-test')));
      outputs.push(sarif);
    }
    const log = join(dir, 'validation.sarif');
    const run = spawnSync(tool!, ['validate', ...outputs, '-o', log, '--log', 'ForceOverwrite'], { encoding: 'utf8', timeout: 170_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
    const text = `${run.stdout}\n${run.stderr}`;
    expect(run.status, text).toBe(0);
    expect(text).toContain(`${files.length} files scanned`);
    expect(existsSync(log)).toBe(true);
    expect(text.split('\n').filter((l) => /: error /.test(l))).toEqual([]);
  }, 180_000);
});
