import { closeSync, openSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { SEVERITY_RANK, type Check, type Severity } from './check.js';
import { ArchiveTally, formatArchiveSummary } from './batch/aggregate.js';
import { expandInputs, type InputFile } from './batch/inputs.js';
import { runBatch } from './batch/pool.js';
import { takeShard, type Shard } from './batch/shard.js';
import { ProgressLine } from './batch/progress.js';
import { errorLine, UsageError } from './errors.js';
import { Baseline, baselinePath, writeBaseline, type BaselineEntry } from './baseline/baseline.js';
import { Fingerprinter } from './baseline/fingerprint.js';
import type { FindingPolicy } from './config/policy.js';
import { buildReport } from './report/build.js';
import { tallyFinding } from './report/cards.js';
import { formatters, type FormatName } from './report/index.js';
import type { FileResult, Finding } from './report/model.js';
import { fileLine, findingLine, summaryLine, unusableLine } from './report/ndjson.js';
import { terminalSafe } from './report/sanitize.js';
import type { SpecVersion } from './spec.js';
import { VERSION } from './version.js';

/** Formats written as the run goes, holding no findings: for archives of any size. */
export const STREAM_FORMATS = ['ndjson', 'summary'] as const;
export type OutputFormat = FormatName | (typeof STREAM_FORMATS)[number];
export const OUTPUT_FORMATS: readonly OutputFormat[] = [...(Object.keys(formatters) as FormatName[]), ...STREAM_FORMATS];


export interface MainJob {
  inputs: string[];
  include?: string[];
  exclude?: string[];
  checks: Check[];
  outOfProfile: string[];
  spec: SpecVersion;
  format: OutputFormat;
  output?: string;
  color: boolean;
  failOn: Severity | 'none';
  jobs?: number;
  quiet: boolean;
  /** Only this part of the expanded input list (for running one archive on many machines). */
  shard?: Shard;
  /** Config severity overrides ('off' drops a finding). */
  policy?: FindingPolicy;
  /** Accepted findings: matched ones are counted, not reported. */
  baseline?: Baseline;
  /** Write every finding of this run to this baseline file instead of failing on them. */
  updateBaseline?: string;
}

export interface MainOutcome {
  code: number;
  suppressed: number;
  /** Baseline entries no finding matched (fixed since). */
  stale: number;
}

/** Default parallelism: one worker per core the process may use. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/** Writes synchronously, so streamed lines are never held in a growing buffer. */
class Out {
  private fd: number | undefined;

  constructor(private readonly path: string | undefined) {}

  write(text: string): void {
    if (!this.path) {
      process.stdout.write(text);
      return;
    }
    // Opened at the first write: a run that reports nothing leaves no empty file behind.
    if (this.fd === undefined) {
      try {
        this.fd = openSync(this.path, 'w');
      } catch (error) {
        throw new UsageError(`cannot write ${this.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'OUTPUT');
      }
    }
    writeSync(this.fd, text);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
  }
}

/**
 * The main job: every input through the pool, findings through the filter, then the report.
 * Exit 2 when an input is unusable, 1 when a finding reaches --fail-on, else 0.
 */
export async function runMainJob(job: MainJob): Promise<MainOutcome> {
  const expanded: InputFile[] = expandInputs(job.inputs, { include: job.include, exclude: job.exclude });
  if (expanded.length === 0) throw new UsageError('no capture found in the given inputs (see --include/--exclude)', 'NO_INPUT');
  const files = job.shard ? takeShard(expanded, job.shard) : expanded;
  const streaming = (STREAM_FORMATS as readonly string[]).includes(job.format);
  const out = new Out(job.output);
  const tally = new ArchiveTally();
  const results: (FileResult | undefined)[] = [];
  const unusable: { file: string; message: string }[] = [];
  const kept = new Map<number, Finding[]>(); // bounded: files in flight (the pool releases in order)
  const progress = new ProgressLine(process.stderr, files.length, files.reduce((n, f) => n + f.size, 0), ProgressLine.wanted(process.stderr, job.quiet));
  const threshold = job.failOn === 'none' ? Infinity : SEVERITY_RANK[job.failOn];
  let failing = false;
  let suppressed = 0;
  const fingerprints = job.baseline || job.updateBaseline ? new Fingerprinter() : undefined;
  const accepted: BaselineEntry[] = [];

  try {
    await runBatch(
      files,
      { ruleIds: job.checks.map((c) => c.meta.id), spec: job.spec, timeline: job.format === 'html' },
      job.jobs ?? defaultJobs(),
      {
        findings(id, findings) {
          for (const raw of findings) {
            const finding = job.policy ? job.policy.apply(raw) : raw;
            if (!finding) continue;
            const fingerprint = fingerprints?.of(finding);
            if (job.updateBaseline) accepted.push({ ruleId: finding.ruleId, client: finding.client, file: baselinePath(job.updateBaseline, finding.file), fingerprint: fingerprint!, message: finding.message });
            else if (job.baseline?.suppresses(finding, fingerprint!)) {
              suppressed++;
              continue;
            }
            tally.finding(finding);
            if (SEVERITY_RANK[finding.severity] >= threshold) failing = true;
            if (job.format === 'ndjson') out.write(findingLine(finding));
            else if (!streaming) {
              let list = kept.get(id);
              if (!list) kept.set(id, (list = []));
              list.push(finding);
            }
          }
        },
        done(id, result) {
          fingerprints?.endFile();
          job.baseline?.sawFile(files[id]!.display);
          progress.fileDone(id, files[id]!.size);
          const findings = kept.get(id) ?? [];
          kept.delete(id);
          // The worker counted exchanges; the findings that survived the filter go on the cards here.
          for (const f of findings) tallyFinding(result.clients, f);
          tally.file(result);
          if (job.format === 'ndjson') out.write(fileLine(result));
          else if (!streaming) results[id] = { ...result, findings };
        },
        failed(id, message, code, stack) {
          const internal = code === 'INTERNAL';
          fingerprints?.endFile();
          progress.fileDone(id, files[id]!.size);
          kept.delete(id);
          tally.failed();
          const file = files[id]!.display;
          const line = internal ? `internal error while analyzing ${file}: ${message}` : message;
          unusable.push({ file, message: line });
          progress.finish();
          process.stderr.write(`oci-har-check: ${errorLine(code, terminalSafe(line, 400))}\n`);
          if (internal && stack && process.argv.includes('--debug')) process.stderr.write(`${stack}\n`);
          if (job.format === 'ndjson') out.write(unusableLine(file, line));
        },
        bytes(id, bytes) {
          // HAR text read so far; for a compressed file that outgrows its size on disk, which the ETA counts in
          const size = files[id]!.size;
          progress.bytes(id, size > 0 ? Math.min(bytes, size) : bytes);
        },
      },
    );
    progress.finish();
    const summary = tally.summary();
    const done = results.filter((r): r is FileResult => r !== undefined);
    if (job.format === 'ndjson') out.write(summaryLine(summary, { tool: 'oci-har-check', version: VERSION, spec: job.spec, ...(job.baseline ? { suppressed } : {}) }));
    else if (job.format === 'summary') out.write(formatArchiveSummary(summary, Infinity));
    else if (done.length > 0) {
      const report = buildReport(done, job.checks, job.spec, VERSION, job.outOfProfile);
      if (files.length > 1) report.archive = summary;
      if (unusable.length > 0) report.unusable = unusable;
      if (job.baseline) report.suppressed = suppressed;
      let text = formatters[job.format as FormatName](report, { color: job.color });
      // Many files in the terminal formats: the archive table closes the report.
      if (files.length > 1 && job.format === 'text') text += `\n${formatArchiveSummary(summary)}`;
      out.write(text);
    }
  } finally {
    progress.finish();
    out.close();
  }
  const stale = job.baseline?.unmatched().length ?? 0;
  if (job.updateBaseline) {
    writeBaseline(job.updateBaseline, accepted);
    if (!job.quiet) process.stderr.write(`oci-har-check: baseline ${terminalSafe(job.updateBaseline)} now accepts ${accepted.length} finding(s)\n`);
  } else if (job.baseline && !job.quiet && (suppressed > 0 || stale > 0)) {
    process.stderr.write(`oci-har-check: baseline: ${suppressed} finding(s) accepted and not shown${stale > 0 ? `; ${stale} baseline entr${stale === 1 ? 'y' : 'ies'} no longer occur (fixed? --update-baseline drops them)` : ''}\n`);
  }
  if (unusable.length > 0) return { code: 2, suppressed, stale };
  // Updating the baseline accepts what was found: nothing to fail on.
  return { code: failing && !job.updateBaseline ? 1 : 0, suppressed, stale };
}
