import type { Expectation, ExpectationStatus, ReferrersVerdict } from '../referrers/verdict.js';
import { terminalSafe } from './sanitize.js';
import type { Paint } from './text.js';

/** One mark per expectation status, shared by every format. */
export const STATUS_MARK: Record<ExpectationStatus, string> = { met: '✔', violated: '✖', 'not observable': '?', incompatible: '≈' };
const STATUS_STYLE = { met: 'green', violated: 'red', 'not observable': 'dim', incompatible: 'yellow' } as const;

/** Where an expectation's verdict comes from: the findings, the entry that shows it, or why nothing shows. */
export function expectationDetail(e: Expectation): string {
  if (e.status === 'violated' && e.findings.length) {
    return e.findings.map((f) => `${f.ruleId} ${f.messageId}${f.evidence[0] ? ` at #${f.evidence[0].index}` : ''}`).join('; ');
  }
  if (e.status === 'not observable') return e.note ?? '';
  return [e.evidence[0] ? `#${e.evidence[0].index}` : '', e.note ?? ''].filter(Boolean).join(' ');
}

/** The referrers scenario block of the text report: parties, then each expectation's verdict. */
export function referrersLines(verdicts: readonly ReferrersVerdict[], paint: Paint): string[] {
  const out: string[] = [];
  for (const v of verdicts) {
    out.push(`  ${paint('bold', 'referrers')} ${paint('dim', terminalSafe(v.registry, 120))}: ${terminalSafe(v.summary, 400)}`);
    const width = Math.max(...v.parties.map((p) => terminalSafe(p.name, 60).length));
    for (const p of v.parties) {
      out.push(`    ${p.role.padEnd(8)} ${p.icon ?? '·'} ${paint('cyan', terminalSafe(p.name, 60).padEnd(width))}  ${p.generation ?? 'generation not shown'}: ${terminalSafe(p.why, 300)}`);
    }
    for (const a of v.absent) out.push(`    ${paint('dim', `not in the capture: ${terminalSafe(a, 300)}`)}`);
    for (const e of v.expectations) {
      const detail = expectationDetail(e);
      out.push(`    ${paint(STATUS_STYLE[e.status], `${STATUS_MARK[e.status]} ${e.status.padEnd(14)}`)} ${e.role} ${terminalSafe(e.party, 60)} ${terminalSafe(e.expected, 300)}${detail ? paint('dim', ` (${terminalSafe(detail, 300)})`) : ''}`);
    }
  }
  return out;
}
