import { mergeCards } from './cards.js';
import type { Report } from './model.js';
import { CARD_CAPTION, cardLines, fileHeader, painter, summaryLine, type TextOptions } from './text.js';

/**
 * Only the report cards: per file, then (for several files) one card per client over all of them.
 * What a client maintainer reads first; the full text report has the findings behind each mark.
 */
export function formatCards(report: Report, options: TextOptions): string {
  const paint = painter(options.color);
  const out: string[] = [paint('dim', CARD_CAPTION)];
  for (const file of report.files) {
    out.push(paint('bold', fileHeader(file)));
    out.push(...(file.clients.length ? cardLines(file.clients, paint, false) : [`  ${paint('dim', 'no registry traffic')}`]));
  }
  if (report.files.length > 1) {
    out.push('', paint('bold', `all ${report.files.length} files`));
    out.push(...cardLines(mergeCards(report.files.map((f) => f.clients)), paint, false));
  }
  out.push('', summaryLine(report, paint));
  return `${out.join('\n')}\n`;
}
