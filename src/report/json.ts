import type { Report } from './model.js';

/** The machine-readable contract; validated by schemas/report.schema.json. */
export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
