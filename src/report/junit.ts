import { stripControls } from './sanitize.js';
import type { Finding, Report } from './model.js';

/** XML 1.0 text: escapes markup and drops characters XML cannot carry (controls, lone surrogates). */
export function xmlText(value: string): string {
  return stripControls(value)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function failureBody(f: Finding): string {
  const at = f.evidence.map((e) => `${e.pointer}${e.method ? ` ${e.method} ${e.url}${e.status !== undefined ? ` -> ${e.status}` : ''}` : ''}`).join('\n');
  return `${f.message}\nside: ${f.side} (${f.confidence})\nrequirements: ${f.requirements.join(', ')} (${f.level})\nspec: ${f.spec}\nfix: ${f.fix}\nevidence:\n${at}`;
}

/**
 * JUnit XML for CI test reporters: one test suite per client of each capture, one test case per
 * rule that applied to that capture; a case fails with the client's findings of that rule
 * (errors as <failure>, warnings and infos in <system-out> so they do not fail the build).
 */
export function formatJunit(report: Report): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let tests = 0;
  let failures = 0;
  const suites: string[] = [];
  for (const file of report.files) {
    const inapplicable = new Set(file.inapplicable);
    const applied = report.rules.filter((r) => !inapplicable.has(r.id));
    const clients = new Set(file.findings.map((f) => f.client));
    for (const card of file.clients) clients.add(card.client);
    if (clients.size === 0) clients.add('(no client)');
    for (const client of [...clients].sort()) {
      const cases: string[] = [];
      let suiteFailures = 0;
      for (const rule of applied) {
        const findings = file.findings.filter((f) => f.client === client && f.ruleId === rule.id);
        const errors = findings.filter((f) => f.severity === 'error');
        const others = findings.filter((f) => f.severity !== 'error');
        const name = `${rule.id}: ${rule.title}`;
        const body: string[] = [];
        if (errors.length) {
          suiteFailures++;
          body.push(`      <failure message="${xmlText(errors[0]!.message)}" type="${xmlText(rule.id)}">${xmlText(errors.map(failureBody).join('\n\n'))}</failure>`);
        }
        if (others.length) body.push(`      <system-out>${xmlText(others.map((f) => `${f.severity}: ${failureBody(f)}`).join('\n\n'))}</system-out>`);
        cases.push(
          body.length
            ? `    <testcase classname="${xmlText(rule.category)}" name="${xmlText(name)}">\n${body.join('\n')}\n    </testcase>`
            : `    <testcase classname="${xmlText(rule.category)}" name="${xmlText(name)}"/>`,
        );
      }
      tests += cases.length;
      failures += suiteFailures;
      suites.push(`  <testsuite name="${xmlText(`${client} — ${file.capture.file}`)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
    }
  }
  out.push(`<testsuites name="oci-har-check (spec v${xmlText(report.spec)})" tests="${tests}" failures="${failures}" errors="0">`, ...suites, '</testsuites>');
  return `${out.join('\n')}\n`;
}
