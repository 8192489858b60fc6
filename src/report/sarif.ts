import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../check.js';
import type { EntryRef } from '../model/exchange.js';
import type { Finding, Report, RuleSummary } from './model.js';

/** SARIF `level` for a finding severity (SARIF 2.1.0 §3.27.10). */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function helpMarkdown(rule: RuleSummary): string {
  return `**${rule.title}** (${rule.side} side, ${rule.level}; ${rule.requirements.join(', ')}).\n\nFix: ${rule.fix}\n\n[Spec section](${rule.spec})`;
}

/** A capture's name as a SARIF URI: absolute paths as file: URIs, relative ones as relative references. */
export function artifactUri(file: string): string {
  if (file === '<stdin>') return 'stdin';
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/** A HAR entry as a SARIF location: the capture file, and the entry's JSON pointer as a logical location. */
function location(ref: EntryRef, artifactIndex: number, uri: string) {
  return {
    physicalLocation: {
      artifactLocation: { uri, index: artifactIndex },
      // The entry's JSON text in the file (decompressed offsets for .gz captures).
      ...(ref.byteOffset !== undefined && ref.byteLength !== undefined ? { region: { byteOffset: ref.byteOffset, byteLength: ref.byteLength } } : {}),
    },
    logicalLocations: [{ fullyQualifiedName: ref.pointer, kind: 'element' }],
    message: { text: ref.method ? `#${ref.index} ${ref.method} ${ref.url}${ref.status !== undefined ? ` → ${ref.status}` : ''}` : `entry #${ref.index}` },
  };
}

/**
 * SARIF 2.1.0 for code-scanning UIs: one run, every rule with its help and spec link, every
 * finding as a result located at its HAR entry (the capture is the artifact, the entry's JSON
 * pointer the logical location). Values from the capture only ever appear as JSON strings.
 */
export function formatSarif(report: Report): string {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const artifacts = report.files.map((f) => ({ location: { uri: artifactUri(f.capture.file) }, roles: ['analysisTarget'], mimeType: 'application/json' }));
  const results = report.files.flatMap((file, artifactIndex) =>
    file.findings.map((f: Finding) => {
      const [primary, ...related] = f.evidence;
      const result: Record<string, unknown> = {
        ruleId: f.ruleId,
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: primary ? [location(primary, artifactIndex, artifactUri(file.capture.file))] : [],
        properties: { side: f.side, confidence: f.confidence, client: f.client, workflow: f.workflow, requirements: f.requirements, spec: f.spec, fix: f.fix },
      };
      const index = ruleIndex.get(f.ruleId);
      if (index !== undefined) result.ruleIndex = index;
      if (related.length) result.relatedLocations = related.map((r, i) => ({ id: i + 1, ...location(r, artifactIndex, artifactUri(file.capture.file)) }));
      return result;
    }),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: 'https://github.com/opencontainers/distribution-spec',
            rules: report.rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/[/-](.)/g, (_, c: string) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: `${r.title} (${r.requirements.join(', ')})` },
              helpUri: r.spec,
              help: { text: r.fix, markdown: helpMarkdown(r) },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { tags: [...new Set([r.category, r.side])], requirements: r.requirements, level: r.level },
            })),
          },
        },
        artifacts,
        results,
        properties: { spec: report.spec, summary: report.summary },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
