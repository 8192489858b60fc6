import { formatCards } from './cards-text.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import type { Report } from './model.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export interface FormatOptions {
  color: boolean;
}
export type Formatter = (report: Report, options: FormatOptions) => string;

/** Formatters are pure renderings of the one Report object (Spectral's contract). */
export const formatters = {
  text: formatText,
  json: formatJson,
  cards: formatCards,
  sarif: formatSarif,
  junit: formatJunit,
  markdown: formatMarkdown,
  html: formatHtml,
} satisfies Record<string, Formatter>;

export type FormatName = keyof typeof formatters;
