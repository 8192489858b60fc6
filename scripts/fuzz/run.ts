import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { checks } from '../../checks/index.js';
import { analyzeCapture } from '../../src/analyze.js';
import type { Check } from '../../src/check.js';
import { HarInputError } from '../../src/har/index.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { buildReport } from '../../src/report/build.js';
import { formatters } from '../../src/report/index.js';
import { harArbitrary, mutateSample, Rng } from './mutators.js';

export interface FuzzOptions {
  cases: number;
  seed: number;
  /** A case slower than this fails (the run goes on). */
  timeLimitMs: number;
  /** Every this many cases, the same bytes also go through the CLI as a file (exit code, stderr). */
  cliEvery: number;
  /** Where failing inputs are written for replay. */
  outDir?: string;
  onProgress?: (done: number, failures: number) => void;
  /** The rules to run (default: all); a test passes a throwing one to see the harness fail. */
  checks?: readonly Check[];
}

export interface FuzzFailure {
  index: number;
  how: string;
  problem: string;
  file?: string;
}

export interface FuzzResult {
  cases: number;
  unusable: number;
  failures: FuzzFailure[];
  slowestMs: number;
  cliRuns: number;
}

/** The real captures the mutations start from. */
function seeds(): Buffer[] {
  const dir = join(PACKAGE_ROOT, 'samples', 'real');
  return readdirSync(dir)
    .filter((f) => /\.(har|zhar)$/.test(f))
    .sort()
    .map((f) => readFileSync(join(dir, f)));
}

const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'cli.js');

/** The CLI on one input: an exit code other than 0/1/2 or a stack trace is a failure. */
function cliProblem(path: string): string | undefined {
  const r = spawnSync(process.execPath, [CLI, path, '--format', 'json', '-q'], { encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) return `CLI did not finish: ${r.error.message}`;
  if (r.status !== 0 && r.status !== 1 && r.status !== 2) return `CLI exit ${String(r.status)} (signal ${String(r.signal)})`;
  if (/\n\s+at /.test(r.stderr)) return `stack trace on stderr: ${r.stderr.slice(0, 300)}`;
  if (/internal error/.test(r.stderr)) return `internal error: ${r.stderr.trim().slice(0, 300)}`;
  if (r.stderr.trim().split('\n').length > 1 && r.status === 2) return `more than one line on stderr: ${r.stderr.slice(0, 300)}`;
  return undefined;
}

/**
 * Runs `cases` fuzz cases: most mutate a real sample (see mutators.ts), the rest are HARs that
 * fast-check builds. Each is analyzed in-process and rendered in every format; an exception
 * other than "unusable input", or a case over the time limit, is a failure.
 */
export async function fuzz(options: FuzzOptions): Promise<FuzzResult> {
  const samples = seeds();
  const rng = new Rng(options.seed);
  const generated = fc.sample(harArbitrary, { seed: options.seed, numRuns: Math.ceil(options.cases * 0.3) + 1 });
  let nextGenerated = 0;
  const result: FuzzResult = { cases: 0, unusable: 0, failures: [], slowestMs: 0, cliRuns: 0 };
  const fail = (index: number, how: string, problem: string, bytes: Buffer) => {
    const failure: FuzzFailure = { index, how, problem };
    if (options.outDir) {
      mkdirSync(options.outDir, { recursive: true });
      failure.file = join(options.outDir, `case-${options.seed}-${index}.har`);
      writeFileSync(failure.file, bytes);
    }
    result.failures.push(failure);
  };

  for (let i = 0; i < options.cases; i++) {
    let bytes: Buffer;
    let how: string;
    if (rng.next() < 0.7 || nextGenerated >= generated.length) ({ bytes, how } = mutateSample(rng.pick(samples), rng));
    else {
      bytes = Buffer.from(generated[nextGenerated++]!);
      how = 'fast-check';
    }
    const started = performance.now();
    try {
      const file = await analyzeCapture(Readable.from([bytes]), { checks: options.checks ?? checks, spec: '1.1.1', file: 'fuzz.har', timeline: true });
      const report = buildReport([file], options.checks ?? checks, '1.1.1', 'fuzz');
      for (const [name, format] of Object.entries(formatters)) {
        try {
          format(report, { color: true });
        } catch (error) {
          fail(i, how, `format ${name} threw: ${describe(error)}`, bytes);
        }
      }
      if (file.ruleErrors.length > 0) fail(i, how, `rule threw: ${file.ruleErrors.map((e) => `${e.ruleId}: ${e.message}`).join('; ')}`, bytes);
    } catch (error) {
      if (error instanceof HarInputError) result.unusable++;
      else fail(i, how, `analysis threw: ${describe(error)}`, bytes);
    }
    const ms = performance.now() - started;
    result.slowestMs = Math.max(result.slowestMs, ms);
    if (ms > options.timeLimitMs) fail(i, how, `took ${Math.round(ms)} ms (limit ${options.timeLimitMs})`, bytes);
    if (options.cliEvery > 0 && i % options.cliEvery === 0 && options.outDir) {
      mkdirSync(options.outDir, { recursive: true });
      const path = join(options.outDir, 'cli-input.har');
      writeFileSync(path, bytes);
      result.cliRuns++;
      const problem = cliProblem(path);
      if (problem) fail(i, how, problem, bytes);
    }
    result.cases++;
    options.onProgress?.(result.cases, result.failures.length);
  }
  return result;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const at = error.stack?.split('\n').find((l) => l.includes('/dist/')) ?? '';
  return `${error.message.slice(0, 200)} ${at.trim()}`;
}
