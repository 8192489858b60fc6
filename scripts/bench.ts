import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchHar, type BenchShape } from './bench-har.js';

/*
 * npm run bench [-- --sizes 256,1024,2048 --shapes body-heavy,metadata-heavy --batch 2000 --repeat 3 --keep]
 * Generates synthetic HARs, then measures in separate processes, on the same file:
 * the analyzer (all rules, digests verified) and JSON.parse of the whole file.
 * Then a batch: the real captures of samples/real copied to `--batch` files, audited by the
 * CLI with --jobs 1 and --jobs 2 (0 skips it).
 */
const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}
const sizesMb = option('sizes', '256,1024,2048').split(',').map(Number).filter((n) => n > 0);
const shapes = option('shapes', 'body-heavy,metadata-heavy').split(',') as BenchShape[];
const keep = args.includes('--keep');
const batchFiles = Number(option('batch', '2000'));
/** Runs per measurement on files JSON.parse can load; the fastest counts (the others met a busy machine). */
const repeat = Math.max(1, Number(option('repeat', '3')));
const child = join(dirname(fileURLToPath(import.meta.url)), 'bench-child.js');

interface Measure {
  ms: number;
  entries: number;
  findings: number;
  maxRssKb: number;
  error?: string;
}

function measure(mode: 'analyze' | 'json-parse', file: string): Measure {
  try {
    const out = execFileSync(process.execPath, ['--max-old-space-size=4096', child, mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    return JSON.parse(out.trim().split('\n').pop()!) as Measure;
  } catch (e) {
    return { ms: 0, entries: 0, findings: 0, maxRssKb: 0, error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}

const dir = mkdtempSync(join(tmpdir(), 'ohc-bench-'));
const rows: string[][] = [];
process.stdout.write(`machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);
try {
  for (const shape of shapes) {
    for (const mb of sizesMb) {
      const file = join(dir, `${shape}-${mb}MB.har`);
      const generated = await writeBenchHar(file, shape, mb * 2 ** 20);
      const bytes = statSync(file).size;
      let parse = measure('json-parse', file);
      let analyze = measure('analyze', file);
      // Best of `repeat` for both sides where the ratio is computed; one run where JSON.parse cannot load the file.
      for (let r = 1; r < repeat && !parse.error; r++) {
        const p = measure('json-parse', file);
        const a = measure('analyze', file);
        if (!p.error && p.ms < parse.ms) parse = p;
        if (!a.error && a.ms < analyze.ms) analyze = { ...a, maxRssKb: Math.max(a.maxRssKb, analyze.maxRssKb) };
        else if (!a.error) analyze = { ...analyze, maxRssKb: Math.max(a.maxRssKb, analyze.maxRssKb) };
      }
      const mbps = (m: Measure) => (m.error ? '—' : (bytes / 2 ** 20 / (m.ms / 1000)).toFixed(0));
      const eps = (m: Measure) => (m.error ? '—' : Math.round(generated / (m.ms / 1000)).toLocaleString('en-US'));
      const rss = (m: Measure) => (m.error ? '—' : `${Math.round(m.maxRssKb / 1024)}`);
      const ratio = analyze.error || parse.error ? (parse.error && !analyze.error ? 'JSON.parse failed' : '—') : `${(parse.ms / analyze.ms).toFixed(2)}×`;
      rows.push([shape, `${(bytes / 2 ** 20).toFixed(0)}`, generated.toLocaleString('en-US'), mbps(analyze), eps(analyze), rss(analyze), mbps(parse), rss(parse), ratio, analyze.error ?? parse.error ?? '']);
      if (!keep) rmSync(file);
    }
  }
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
  else process.stdout.write(`files kept in ${dir}\n`);
}
/** Wall time of the CLI auditing `dir` with `jobs` workers (summary format, output discarded). */
function timeCli(dir: string, jobs: number): number {
  const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.js');
  const start = performance.now();
  try {
    execFileSync(process.execPath, [cli, dir, '-f', 'summary', '-q', '--fail-on', 'none', '-j', String(jobs)], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    return NaN;
  }
  return performance.now() - start;
}

let batchTable = '';
if (batchFiles > 0) {
  const samples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples', 'real');
  const real = readdirSync(samples).filter((f) => f.endsWith('.har'));
  const dir = mkdtempSync(join(tmpdir(), 'ohc-bench-batch-'));
  try {
    mkdirSync(dir, { recursive: true });
    let bytes = 0;
    for (let i = 0; i < batchFiles; i++) {
      const from = join(samples, real[i % real.length]!);
      copyFileSync(from, join(dir, `capture-${String(i).padStart(5, '0')}.har`));
      bytes += statSync(from).size;
    }
    timeCli(dir, 1); // warm the page cache and the module cache: both runs then read from memory
    const one = Math.min(timeCli(dir, 1), timeCli(dir, 1));
    const two = Math.min(timeCli(dir, 2), timeCli(dir, 2));
    const row = [String(batchFiles), (bytes / 2 ** 20).toFixed(0), (one / 1000).toFixed(2), (two / 1000).toFixed(2), `${(one / two).toFixed(2)}×`];
    batchTable = ['| files | MB | --jobs 1 s | --jobs 2 s | speed-up |', '| --- | --- | --- | --- | --- |', `| ${row.join(' | ')} |`].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const head = ['shape', 'MB', 'entries', 'analyze MB/s', 'analyze entries/s', 'analyze peak RSS MB', 'JSON.parse MB/s', 'JSON.parse peak RSS MB', 'speed vs JSON.parse', 'note'];
const table = [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
process.stdout.write(`${table}\n`);
process.stdout.write(`(speed: best of ${repeat} runs for both sides where JSON.parse can load the file; peak RSS: the highest of those runs)\n`);
if (batchTable) process.stdout.write(`\nbatch of real captures (samples/real, cycled), best of two runs each:\n${batchTable}\n`);
