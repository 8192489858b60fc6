import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchHar, type BenchShape } from './bench-har.js';

/*
 * npm run bench [-- --sizes 64,256 --shapes body-heavy,metadata-heavy --keep]
 * Generates synthetic HARs, then measures in separate processes, on the same file:
 * the analyzer (all rules, digests verified) and JSON.parse of the whole file.
 */
const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}
const sizesMb = option('sizes', '64,256').split(',').map(Number).filter((n) => n > 0);
const shapes = option('shapes', 'body-heavy,metadata-heavy').split(',') as BenchShape[];
const keep = args.includes('--keep');
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
      const analyze = measure('analyze', file);
      const parse = measure('json-parse', file);
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
const head = ['shape', 'MB', 'entries', 'analyze MB/s', 'analyze entries/s', 'analyze peak RSS MB', 'JSON.parse MB/s', 'JSON.parse peak RSS MB', 'speed vs JSON.parse', 'note'];
const table = [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
process.stdout.write(`${table}\n`);
