import type { ArchiveSummary } from '../batch/aggregate.js';
import type { FileResult, Finding } from './model.js';

/*
 * NDJSON: one JSON object per line, written as the run goes, never held. Every line has a
 * `type`, so `jq 'select(.type=="finding")'` picks the findings; the findings' fields are
 * those of the JSON report's findings.
 */

export function findingLine(f: Finding): string {
  return `${JSON.stringify({ type: 'finding', ...f })}\n`;
}

/** A file's end: what it held and what could not be judged (its findings came before). */
export function fileLine(result: FileResult): string {
  const { capture, notes, notEvaluable, inapplicable, ruleErrors, clients } = result;
  return `${JSON.stringify({ type: 'file', file: capture.file, capture, notes: notes.length, notEvaluable, inapplicable: inapplicable.length, ruleErrors, clients })}\n`;
}

export function unusableLine(file: string, message: string): string {
  return `${JSON.stringify({ type: 'unusable', file, message })}\n`;
}

/** The last line: the archive's totals per client and per rule. */
export function summaryLine(summary: ArchiveSummary, extra: { tool: string; version: string; spec: string; suppressed?: number }): string {
  return `${JSON.stringify({ type: 'summary', ...extra, ...summary })}\n`;
}
