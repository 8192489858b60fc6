import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { SEVERITY_RANK, type Severity } from '../check.js';
import { UsageError } from '../errors.js';
import type { FileResult, Finding } from '../report/model.js';
import { ArchiveTally, type ArchiveSummary } from './aggregate.js';

export interface MergeOutcome {
  summary: ArchiveSummary;
  /** Findings at or above the threshold were seen. */
  failing: boolean;
  /** Lines that were not our NDJSON (counted, skipped). */
  foreign: number;
}

/**
 * Folds NDJSON outputs of many runs (shards) into one archive summary, reading line by line:
 * findings and file lines are re-tallied (their own summary lines are ignored, so shards may
 * be concatenated in any way without double counting).
 */
export async function mergeNdjson(paths: readonly string[], failOn: Severity | 'none'): Promise<MergeOutcome> {
  const tally = new ArchiveTally();
  const threshold = failOn === 'none' ? Infinity : SEVERITY_RANK[failOn];
  let failing = false;
  let foreign = 0;
  for (const path of paths) {
    const input = path === '-' ? process.stdin : createReadStream(path);
    const opened = new Promise<void>((resolve, reject) => {
      if (path === '-') resolve();
      else {
        (input as ReturnType<typeof createReadStream>).once('open', () => resolve());
        input.once('error', reject);
      }
    });
    try {
      await opened;
    } catch (error) {
      throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'MERGE_INPUT');
    }
    // crlfDelay: a file written on Windows still splits into the same lines
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (line.trim() === '') continue;
      let record: { type?: unknown } & Record<string, unknown>;
      try {
        record = JSON.parse(line) as typeof record;
      } catch {
        foreign++;
        continue;
      }
      if (record.type === 'finding' && typeof record.ruleId === 'string' && typeof record.severity === 'string') {
        const finding = record as unknown as Finding;
        if (!(finding.severity in SEVERITY_RANK)) {
          foreign++;
          continue;
        }
        tally.finding(finding);
        if (SEVERITY_RANK[finding.severity] >= threshold) failing = true;
      } else if (record.type === 'file' && typeof record.capture === 'object' && record.capture !== null) {
        const capture = record.capture as { entries?: unknown; bytes?: unknown };
        const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
        const clients = (Array.isArray(record.clients) ? record.clients : []).filter((c): c is { client: string; exchanges: unknown } => typeof c?.client === 'string');
        const notEvaluable = (Array.isArray(record.notEvaluable) ? record.notEvaluable : []).filter((n): n is { ruleId: string; count: unknown } => typeof n?.ruleId === 'string');
        tally.file({
          capture: { entries: count(capture.entries), bytes: count(capture.bytes) },
          clients: clients.map((c) => ({ client: c.client, exchanges: count(c.exchanges), workflows: [] })),
          notEvaluable: notEvaluable.map((n) => ({ ruleId: n.ruleId, reason: '', count: count(n.count) })),
        } as unknown as FileResult);
      } else if (record.type === 'unusable') {
        tally.failed();
      } else if (record.type !== 'summary') {
        foreign++;
      }
    }
  }
  return { summary: tally.summary(), failing, foreign };
}
