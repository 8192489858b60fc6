import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import type { Finding } from '../report/model.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  ruleId: string;
  client: string;
  /** Relative to the baseline file's directory, posix separators. */
  file: string;
  fingerprint: string;
  /** For the reader of the file only; never matched. */
  message: string;
}

interface BaselineFile {
  version: number;
  tool: 'oci-har-check';
  findings: BaselineEntry[];
}

const key = (e: Pick<BaselineEntry, 'ruleId' | 'client' | 'file' | 'fingerprint'>) => `${e.ruleId}\u0000${e.client}\u0000${e.file}\u0000${e.fingerprint}`;

/** Where a reported file sits relative to the baseline (stdin stays `<stdin>`). */
export function baselinePath(baselineFile: string, reportedFile: string, cwd = process.cwd()): string {
  if (reportedFile.startsWith('<')) return reportedFile;
  const rel = relative(dirname(resolve(baselineFile)), resolve(cwd, reportedFile));
  return rel.split(sep).join("/");
}

/** Accepted findings: each entry suppresses one matching finding. */
export class Baseline {
  private readonly entries: Map<string, BaselineEntry>;
  private readonly used = new Set<string>(); // bounded: at most the baseline's entries
  /** Files of this run, as the baseline names them: only their entries can be stale. */
  private readonly analyzed = new Set<string>(); // bounded: the run's input files

  constructor(
    readonly path: string,
    entries: readonly BaselineEntry[],
  ) {
    this.entries = new Map(entries.map((e) => [key(e), e]));
  }

  static read(path: string): Baseline {
    if (!existsSync(path)) throw new UsageError(`baseline ${path} does not exist (create it with --update-baseline)`, 'BASELINE');
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new UsageError(`baseline ${path} is not valid JSON (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`, 'BASELINE');
    }
    const file = data as Partial<BaselineFile>;
    if (typeof data !== 'object' || data === null || file.tool !== 'oci-har-check' || !Array.isArray(file.findings)) {
      throw new UsageError(`baseline ${path} is not an oci-har-check baseline`, 'BASELINE');
    }
    if (file.version !== BASELINE_VERSION) throw new UsageError(`baseline ${path} has version ${String(file.version)}; this oci-har-check reads version ${BASELINE_VERSION}`, 'BASELINE');
    for (const [i, e] of file.findings.entries()) {
      const ok = e && typeof e === 'object' && ['ruleId', 'client', 'file', 'fingerprint'].every((k) => typeof (e as unknown as Record<string, unknown>)[k] === 'string');
      if (!ok) throw new UsageError(`baseline ${path}: findings[${i}] lacks ruleId, client, file or fingerprint`, 'BASELINE');
    }
    return new Baseline(path, file.findings);
  }

  /** True (once per entry) when the baseline accepts this finding. */
  suppresses(f: Finding, fingerprint: string, cwd?: string): boolean {
    const k = key({ ruleId: f.ruleId, client: f.client, file: baselinePath(this.path, f.file, cwd), fingerprint });
    if (!this.entries.has(k) || this.used.has(k)) return false;
    this.used.add(k);
    return true;
  }

  /** A file this run analyzed (entries of files not in the run, say another shard's, are not stale). */
  sawFile(reportedFile: string, cwd?: string): void {
    this.analyzed.add(baselinePath(this.path, reportedFile, cwd));
  }

  /** Entries of the analyzed files that no finding matched: fixed since the baseline was written. */
  unmatched(): BaselineEntry[] {
    return [...this.entries].filter(([k, e]) => !this.used.has(k) && this.analyzed.has(e.file)).map(([, e]) => e);
  }
}

/** Writes a baseline atomically (temp file, then rename), sorted for stable diffs. */
export function writeBaseline(path: string, entries: BaselineEntry[]): void {
  const sorted = [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const body: BaselineFile = { version: BASELINE_VERSION, tool: 'oci-har-check', findings: sorted };
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(body, null, 2)}\n`);
    renameSync(temp, path);
  } catch (error) {
    throw new UsageError(`cannot write baseline ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'BASELINE');
  }
}
