import { checkSeverity, levelAt, type Check } from '../check.js';
import { DEFAULT_SPEC, pinSpecLink, type SpecVersion } from '../spec.js';
import type { FileResult, Finding, Report, RuleSummary } from './model.js';

export function compareFindings(a: Finding, b: Finding): number {
  const ai = a.evidence[0]?.index ?? -1;
  const bi = b.evidence[0]?.index ?? -1;
  return a.file.localeCompare(b.file) || ai - bi || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message);
}

/** The rule as it stands in `spec`: strength, severity and link for that version. */
export function ruleSummary(check: Check, spec: SpecVersion = DEFAULT_SPEC): RuleSummary {
  const m = check.meta;
  return {
    id: m.id,
    title: m.title,
    category: m.category,
    side: m.side,
    level: levelAt(m, spec),
    severity: checkSeverity(m, spec),
    requirements: m.requirements,
    spec: pinSpecLink(m.spec, spec),
    fix: m.fix,
  };
}

/** Assembles the one result object formatters render; findings in a stable order. */
/** `outOfProfile`: rules the run left out because the target spec version lacks their requirement. */
export function buildReport(files: FileResult[], checks: readonly Check[], spec: SpecVersion, version: string, outOfProfile: readonly string[] = []): Report {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let entries = 0;
  for (const file of files) {
    file.findings.sort(compareFindings);
    entries += file.capture.entries;
    for (const f of file.findings) {
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      else infos++;
    }
  }
  return {
    tool: { name: 'oci-har-check', version },
    spec,
    files,
    rules: checks.map((c) => ruleSummary(c, spec)),
    outOfProfile: [...outOfProfile],
    summary: { files: files.length, entries, errors, warnings, infos },
  };
}
