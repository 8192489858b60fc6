import type { Severity } from '../check.js';
import type { ClientCard, FileResult, Finding, Report, WorkflowTally } from './model.js';
import { referrersLines } from './referrers-text.js';
import { displayUrl, terminalSafe } from './sanitize.js';

export interface TextOptions {
  color: boolean;
}

const CODES = { red: 31, yellow: 33, blue: 34, dim: 2, bold: 1, green: 32, cyan: 36 } as const;
type Style = keyof typeof CODES;

export function painter(color: boolean) {
  return (style: Style, text: string) => (color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text);
}

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'blue' };

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function fileHeader(file: FileResult): string {
  const c = file.capture;
  const creator = c.creator ? `, ${terminalSafe(c.creator.name)}${c.creator.version ? ` ${terminalSafe(c.creator.version)}` : ''}` : '';
  return `${terminalSafe(c.file)}  (${plural(c.entries, 'entry').replace('entrys', 'entries')}${creator}${c.redacted ? ', redacted by oci-har-check' : ''})`;
}

export type Paint = ReturnType<typeof painter>;

export const CARD_CAPTION = 'report card (exchanges, then the client\'s findings; registry findings after "registry:")';

function verdict(counts: WorkflowTally['client'], paint: Paint): string {
  const parts: string[] = [];
  if (counts.errors) parts.push(paint('red', `✖${counts.errors}`));
  if (counts.warnings) parts.push(paint('yellow', `⚠${counts.warnings}`));
  if (counts.infos) parts.push(paint('blue', `ℹ${counts.infos}`));
  return parts.length ? parts.join(' ') : paint('green', '✔');
}

/** One line per client: exchanges per workflow category and the client's verdict in each. */
export function cardLines(cards: readonly ClientCard[], paint: Paint, caption = true): string[] {
  if (cards.length === 0) return [];
  const width = Math.max(...cards.map((c) => terminalSafe(c.client, 60).length));
  const lines = caption ? [`  ${paint('dim', CARD_CAPTION)}`] : [];
  for (const card of cards) {
    const cells = card.workflows.map((w) => `${w.category} ${w.exchanges} ${verdict(w.client, paint)}`);
    lines.push(`    ${paint('cyan', terminalSafe(card.client, 60).padEnd(width))}  ${cells.join(paint('dim', ' · '))}`);
    const registry = card.workflows.filter((w) => w.registry.errors + w.registry.warnings + w.registry.infos > 0);
    if (registry.length) {
      lines.push(`    ${' '.repeat(width)}  registry: ${registry.map((w) => `${w.category} ${verdict(w.registry, paint)}`).join(paint('dim', ' · '))}`);
    }
  }
  return lines;
}

function findingLines(f: Finding, paint: ReturnType<typeof painter>): string[] {
  const at = f.evidence[0];
  // Findings about the capture file point at an entry position, not at an exchange.
  const where = !at ? '' : at.method ? `#${at.index} ${at.method} ${displayUrl(at.url)}${at.status !== undefined ? ` → ${at.status}` : ''}` : `entry #${at.index}`;
  const lines = [
    // Observed: the capture shows the violation; inferred: concluded from what came next.
    `      ${paint(SEVERITY_STYLE[f.severity], f.severity.padEnd(7))} ${paint('bold', f.ruleId)}  ${paint('dim', `[${f.side} · ${f.confidence}]`)}`,
    `        ${terminalSafe(f.message, 600)}`,
  ];
  if (where) lines.push(`        ${paint('dim', 'at')}   ${where}`);
  const related = f.evidence.slice(1).map((e) => `#${e.index} ${e.method} ${displayUrl(e.url)}`);
  if (related.length) lines.push(`        ${paint('dim', 'see')}  ${related.join(', ')}`);
  const reqs = f.requirements.length ? `${f.requirements.join(', ')} ` : '';
  lines.push(`        ${paint('dim', 'spec')} ${reqs}${f.level !== 'heuristic' ? `(${f.level}) ` : '(interop) '}${f.spec}`);
  lines.push(`        ${paint('dim', 'fix')}  ${f.fix}`);
  return lines;
}

/** Human report: grouped by file ► client ► workflow; colour only when asked (TTY, no NO_COLOR). */
export function formatText(report: Report, options: TextOptions): string {
  const paint = painter(options.color);
  const out: string[] = [];
  for (const file of report.files) {
    out.push(paint('bold', fileHeader(file)));
    if (file.capture.stoppedAt) {
      const s = file.capture.stoppedAt;
      out.push(`  ${paint('yellow', 'capture stopped early')}: ${terminalSafe(s.reason)} at byte ${s.offset} (after ${plural(s.entry, 'complete entry').replace('entrys', 'entries')}); findings cover the complete entries only`);
    }
    out.push(...cardLines(file.clients, paint));
    if (file.findings.length === 0) out.push(`  ${paint('green', 'no findings')}`);
    for (const [client, byClient] of groupBy(file.findings, (f) => f.client)) {
      out.push(`  ${paint('cyan', terminalSafe(client))}`);
      for (const [workflow, findings] of groupBy(byClient, (f) => f.workflow)) {
        out.push(`    ${terminalSafe(workflow)}`);
        for (const f of findings) out.push(...findingLines(f, paint));
      }
    }
    if (file.referrers) out.push(...referrersLines(file.referrers.filter((v) => v.referrersTraffic), paint));
    const notes = groupBy(file.notes, (n) => n.code);
    if (notes.size) {
      out.push(`  ${paint('dim', 'capture notes')}`);
      for (const [code, list] of notes) {
        const first = list[0];
        out.push(`    ${code}: ${terminalSafe(first?.message ?? '', 200)}${list.length > 1 ? ` (+${list.length - 1} more)` : ''}`);
      }
    }
    if (file.notEvaluable.length) {
      out.push(`  ${paint('dim', 'not evaluable')}`);
      for (const n of file.notEvaluable) {
        out.push(`    ${n.ruleId}: ${terminalSafe(n.reason, 200)} (${plural(n.count, 'time')}${n.example ? `, e.g. #${n.example.index}` : ''})`);
      }
    }
    if (file.inapplicable.length) {
      out.push(`  ${paint('dim', `not applicable: the capture has none of the traffic these ${file.inapplicable.length} rules judge`)}`);
      for (const [category, ids] of groupBy(file.inapplicable, (id) => id.slice(0, id.indexOf('/')))) {
        out.push(`    ${paint('dim', `${category}: ${ids.map((id) => id.slice(id.indexOf('/') + 1)).join(', ')}`)}`);
      }
    }
    for (const e of file.ruleErrors) out.push(`  ${paint('red', 'rule crashed')} ${e.ruleId}: ${terminalSafe(e.message)}`);
    out.push('');
  }
  if (report.outOfProfile.length) {
    out.push(paint('dim', `not in spec v${report.spec} (${report.outOfProfile.length} rules not run): ${report.outOfProfile.join(', ')}`));
  }
  out.push(summaryLine(report, paint));
  return `${out.join('\n')}\n`;
}

/** The last line of a human report: counts, scope, and one mark for the worst severity. */
export function summaryLine(report: Report, paint: Paint): string {
  const s = report.summary;
  const total = s.errors + s.warnings + s.infos;
  const counts = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.infos} info`;
  const scope = `${plural(s.files, 'file')}, ${s.entries} entries, spec v${report.spec}`.replace('vmain', 'main');
  const mark = s.errors ? paint('red', '✖') : s.warnings ? paint('yellow', '⚠') : paint('blue', 'ℹ');
  return total === 0 ? paint('green', `✔ no findings (${scope})`) : `${mark} ${counts} (${scope})`;
}
