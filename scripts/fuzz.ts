import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzz } from './fuzz/run.js';

/*
 * npm run fuzz [-- --cases 100000 --seed 1 --time-limit 5000 --cli-every 500 --out dir]
 * Mutated real samples and fast-check HARs through the analyzer and every formatter (and every
 * --cli-every'th case through the CLI). Exit 1 when any case crashed, threw, or was too slow;
 * the failing inputs are written to --out for replay.
 */
const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}
const cases = Number(option('cases', '2000'));
const seed = Number(option('seed', String(Date.now() % 1_000_000)));
const outDir = option('out', join(tmpdir(), `ohc-fuzz-${seed}`));
const started = Date.now();
const result = await fuzz({
  cases,
  seed,
  timeLimitMs: Number(option('time-limit', '5000')),
  cliEvery: Number(option('cli-every', '500')),
  outDir,
  onProgress(done, failures) {
    if (done % 1000 === 0) process.stderr.write(`${done}/${cases} cases, ${failures} failure(s), ${Math.round((Date.now() - started) / 1000)} s\n`);
  },
});
process.stdout.write(
  `fuzz seed ${seed}: ${result.cases} cases (${result.unusable} refused as unusable input, ${result.cliRuns} also through the CLI), slowest ${Math.round(result.slowestMs)} ms, ${result.failures.length} failure(s), ${Math.round((Date.now() - started) / 1000)} s\n`,
);
for (const f of result.failures.slice(0, 50)) process.stdout.write(`  case ${f.index} (${f.how}): ${f.problem}${f.file ? ` → ${f.file}` : ''}\n`);
process.exitCode = result.failures.length > 0 ? 1 : 0;
