import type { Finding, Report } from './model.js';
import type { ReferrersVerdict } from '../referrers/verdict.js';
import { STATUS_MARK, expectationDetail } from './referrers-text.js';
import { stripControls } from './sanitize.js';

/**
 * Text from a capture, safe in GitHub Markdown: HTML is inert (entities), Markdown syntax is
 * escaped, table cells cannot be split, and it stays on one line.
 */
export function mdText(value: string, max = 400): string {
  const one = stripControls(value.replace(/[\r\n\t]+/g, ' '));
  const cut = one.length > max ? `${one.slice(0, max)}…` : one;
  return cut
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

const MARK = { error: '✖ error', warning: '⚠ warning', info: 'ℹ info' } as const;

function findingRow(f: Finding): string {
  const at = f.evidence[0];
  const where = at ? (at.method ? `#${at.index} ${mdText(at.method)} ${mdText(at.url, 120)}${at.status !== undefined ? ` → ${at.status}` : ''}` : `entry #${at.index}`) : '';
  return `| ${MARK[f.severity]} | \`${f.ruleId}\` (${f.side}, ${f.confidence}) | ${mdText(f.message)} | ${where} | [${f.requirements.join(', ') || 'spec'}](${f.spec}) |`;
}

/**
 * A report to paste into an issue ("what I saw"): a summary paragraph, the report cards, the
 * findings per client, what could not be evaluated, and the command that reproduces it.
 */
export function formatMarkdown(report: Report): string {
  const s = report.summary;
  // File names go into a fenced block as they are (JSON-quoted, so no newline or control
  // character): a fence longer than any backtick run in them cannot be closed from inside.
  const command = `npx oci-har-check --spec ${report.spec} ${report.files.map((f) => JSON.stringify(f.capture.file)).join(' ')}`;
  const longestTicks = Math.max(0, ...(command.match(/`+/g) ?? []).map((run) => run.length));
  const fence = `${'`'.repeat(Math.max(3, longestTicks + 1))}sh`;
  const files = report.files.map((f) => `\`${mdText(f.capture.file, 120)}\``).join(', ');
  const out: string[] = [
    `## oci-har-check report`,
    '',
    `Checked ${s.entries} exchanges in ${files} against OCI distribution-spec v${report.spec}: **${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info**. ` +
      'Each finding names the side that must change (client or registry), the requirement it breaks and the capture entry that shows it.',
    '',
    'Reproduce with:',
    '',
    fence,
    command,
    fence.replace(/sh$/, ''),
  ];
  for (const file of report.files) {
    out.push('', `### \`${mdText(file.capture.file, 120)}\` (${file.capture.entries} entries${file.capture.creator ? `, ${mdText(file.capture.creator.name)}` : ''})`, '');
    if (file.clients.length) {
      out.push('| client | exchanges | workflows (client ✖/⚠/ℹ · registry ✖/⚠/ℹ) |', '|---|---|---|');
      for (const card of file.clients) {
        const cells = card.workflows.map((w) => `${w.category} ${w.exchanges} (${w.client.errors}/${w.client.warnings}/${w.client.infos} · ${w.registry.errors}/${w.registry.warnings}/${w.registry.infos})`);
        out.push(`| ${mdText(card.client)} | ${card.exchanges} | ${cells.join(', ')} |`);
      }
      out.push('');
    }
    if (file.findings.length === 0) out.push('No findings.');
    else {
      out.push('| severity | rule | what was seen | where | requirement |', '|---|---|---|---|---|');
      for (const f of file.findings) out.push(findingRow(f));
    }
    if (file.referrers) out.push(...referrersMarkdown(file.referrers.filter((v) => v.referrersTraffic)));
    if (file.notEvaluable.length) {
      out.push('', '<details><summary>Not evaluable (the capture lacks what these rules need)</summary>', '');
      for (const n of file.notEvaluable) out.push(`- \`${n.ruleId}\`: ${mdText(n.reason)} (${n.count}×)`);
      out.push('', '</details>');
    }
  }
  return `${out.join('\n')}\n`;
}

/** The same block in Markdown: a diagram line, a parties table and an expectations table. */
function referrersMarkdown(verdicts: readonly ReferrersVerdict[]): string[] {
  const out: string[] = [];
  for (const v of verdicts) {
    out.push('', `**Referrers scenario** (\`${mdText(v.registry, 120)}\`): ${mdText(v.summary)}`, '');
    out.push('| role | party | generation | why |', '|---|---|---|---|');
    for (const p of v.parties) out.push(`| ${p.role} | ${mdText(p.name, 80)} | ${p.icon ?? ''} ${p.generation ?? 'not shown'} | ${mdText(p.why)} |`);
    for (const a of v.absent) out.push(`| ${mdText(a.slice(0, a.indexOf(':')))} | — | not in the capture | ${mdText(a.slice(a.indexOf(':') + 1).trim())} |`);
    out.push('', '| verdict | party | expected | evidence |', '|---|---|---|---|');
    for (const e of v.expectations) out.push(`| ${STATUS_MARK[e.status]} ${e.status} | ${e.role} ${mdText(e.party, 80)} | ${mdText(e.expected)} | ${mdText(expectationDetail(e))} |`);
  }
  return out;
}
