import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { checks } from '../checks/index.js';
import { analyzeCapture } from '../src/analyze.js';
import { DEFAULT_SPEC } from '../src/spec.js';

// One measurement in a fresh process, so peak RSS belongs to that task alone.
const [mode, file] = process.argv.slice(2);
if (!file || (mode !== 'analyze' && mode !== 'json-parse')) {
  process.stderr.write('usage: bench-child analyze|json-parse <file>\n');
  process.exit(2);
}
const start = performance.now();
let entries = 0;
let findings = 0;
let error: string | undefined;
try {
  if (mode === 'analyze') {
    const result = await analyzeCapture(file, { checks, spec: DEFAULT_SPEC });
    entries = result.capture.entries;
    findings = result.findings.length;
  } else {
    const har = JSON.parse(readFileSync(file, 'utf8')) as { log: { entries: unknown[] } };
    entries = har.log.entries.length;
  }
} catch (e) {
  error = e instanceof Error ? e.message.slice(0, 120) : String(e);
}
const ms = performance.now() - start;
process.stdout.write(`${JSON.stringify({ ms, entries, findings, maxRssKb: process.resourceUsage().maxRSS, error })}\n`);
