import type { Severity } from '../check.js';
import type { FileResult, Finding } from '../report/model.js';
import { terminalSafe } from '../report/sanitize.js';

export interface Counts {
  /** Files where this client appeared / this rule found something or was not evaluable. */
  files: number;
  findings: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Times the rule applied but the capture lacked what it needs. */
  notEvaluable: number;
}

/** Across an archive: totals, and the same counts per client (product/version) and per rule. */
export interface ArchiveSummary {
  files: number;
  unusable: number;
  entries: number;
  bytes: number;
  totals: Omit<Counts, 'files'>;
  clients: ({ client: string; exchanges: number } & Counts)[];
  rules: ({ ruleId: string } & Counts)[];
}

/** Distinct clients summarized one by one; an archive with more (or a hostile capture inventing User-Agents) sums the rest. */
export const MAX_CLIENTS = 10_000;
export const OTHER_CLIENTS = '(other clients)';

const zero = (): Counts => ({ files: 0, findings: 0, errors: 0, warnings: 0, infos: 0, notEvaluable: 0 });
const SEVERITY_KEY: Record<Severity, 'errors' | 'warnings' | 'infos'> = { error: 'errors', warning: 'warnings', info: 'infos' };

/**
 * Sums file results as they arrive, keeping counts only (never the findings), so an archive
 * of any size summarizes in memory proportional to its clients and rules.
 */
export class ArchiveTally {
  private files = 0;
  private unusable = 0;
  private entries = 0;
  private bytes = 0;
  private readonly totals = zero();
  /** One per client label, up to MAX_CLIENTS; the rest are summed under OTHER_CLIENTS (labels come from captures). */
  private readonly clients = new Map<string, Counts & { exchanges: number }>(); // bounded: MAX_CLIENTS + 1
  private readonly rules = new Map<string, Counts>(); // bounded: one per rule
  /** Rows already counted for the file in progress, so `files` counts each file once. */
  private readonly inFile = new Set<Counts>(); // bounded: cleared per file

  /** One finding of the file in progress (call before `file` for that file). */
  finding(f: Finding): void {
    const key = SEVERITY_KEY[f.severity];
    this.totals.findings++;
    this.totals[key]++;
    for (const counts of [this.client(f.client), this.rule(f.ruleId)]) {
      counts.findings++;
      counts[key]++;
    }
    this.touch(this.client(f.client));
    this.touch(this.rule(f.ruleId));
  }

  /** The end of a file: its exchanges per client and not-evaluable counts. */
  file(result: FileResult): void {
    this.files++;
    this.entries += result.capture.entries;
    this.bytes += result.capture.bytes;
    for (const card of result.clients) {
      const counts = this.client(card.client);
      counts.exchanges += card.exchanges;
      this.touch(counts);
    }
    for (const ne of result.notEvaluable) {
      const counts = this.rule(ne.ruleId);
      counts.notEvaluable += ne.count;
      this.totals.notEvaluable += ne.count;
      this.touch(counts);
    }
    this.inFile.clear();
  }

  failed(): void {
    this.unusable++;
  }

  summary(): ArchiveSummary {
    const { files: _files, ...totals } = this.totals;
    const byFindings = <T extends Counts>(a: T & { key: string }, b: T & { key: string }) => b.findings - a.findings || b.notEvaluable - a.notEvaluable || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    return {
      files: this.files,
      unusable: this.unusable,
      entries: this.entries,
      bytes: this.bytes,
      totals,
      clients: [...this.clients]
        .map(([key, c]) => ({ key, ...c }))
        .sort(byFindings)
        .map(({ key, ...c }) => ({ client: key, ...c })),
      rules: [...this.rules]
        .map(([key, c]) => ({ key, ...c }))
        .sort(byFindings)
        .map(({ key, ...c }) => ({ ruleId: key, ...c })),
    };
  }

  private touch(counts: Counts): void {
    if (this.inFile.has(counts)) return;
    this.inFile.add(counts);
    counts.files++;
  }

  private client(name: string): Counts & { exchanges: number } {
    let c = this.clients.get(name);
    if (!c) {
      const key = this.clients.size >= MAX_CLIENTS ? OTHER_CLIENTS : name;
      c = this.clients.get(key);
      if (!c) this.clients.set(key, (c = { ...zero(), exchanges: 0 }));
    }
    return c;
  }

  private rule(id: string): Counts {
    let c = this.rules.get(id);
    if (!c) this.rules.set(id, (c = zero()));
    return c;
  }
}

/** The summary as a table for the terminal (ASCII only: safe in any log). */
export function formatArchiveSummary(s: ArchiveSummary, maxRows = 20): string {
  const lines: string[] = [];
  const mb = (s.bytes / 2 ** 20).toFixed(1);
  lines.push(`archive: ${s.files} file(s) analyzed${s.unusable ? `, ${s.unusable} unusable` : ''}, ${s.entries} entries, ${mb} MB`);
  lines.push(`findings: ${s.totals.findings} (${s.totals.errors} error, ${s.totals.warnings} warning, ${s.totals.infos} info); not evaluable: ${s.totals.notEvaluable}`);
  const table = (title: string, head: string, rows: { name: string; c: Counts; extra?: string }[]) => {
    if (rows.length === 0) return;
    const width = Math.min(48, Math.max(head.length, ...rows.map((r) => r.name.length)));
    lines.push('', title);
    lines.push(`  ${head.padEnd(width)}  files  findings  error  warning  info  not-evaluable`);
    for (const { name, c } of rows.slice(0, maxRows)) {
      const safe = terminalSafe(name, 200);
      const shown = safe.length > width ? `${safe.slice(0, width - 1)}~` : safe;
      lines.push(`  ${shown.padEnd(width)}  ${String(c.files).padStart(5)}  ${String(c.findings).padStart(8)}  ${String(c.errors).padStart(5)}  ${String(c.warnings).padStart(7)}  ${String(c.infos).padStart(4)}  ${String(c.notEvaluable).padStart(13)}`);
    }
    if (rows.length > maxRows) lines.push(`  ... ${rows.length - maxRows} more (see --format json or ndjson for all)`);
  };
  table('per client', 'client', s.clients.map((c) => ({ name: c.client, c })));
  table('per rule', 'rule', s.rules.map((r) => ({ name: r.ruleId, c: r })));
  return `${lines.join('\n')}\n`;
}
