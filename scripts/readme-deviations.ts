import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';

export const DEVIATIONS_START = '<!-- deviations:start -->';
export const DEVIATIONS_END = '<!-- deviations:end -->';

interface Manifest {
  deviation: string;
  conformant?: string;
  origin: { method: string };
}
interface Expected {
  findings: { ruleId: string; messageId: string }[];
}

const DIR = join(PACKAGE_ROOT, 'samples', 'deviations');
const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as T;
const idNumber = (id: string) => Number(id.slice(1));

/** The README's table of known client deviations: each one's samples and what catches it, from samples/deviations. */
export function deviationsBlock(): string {
  const rows = new Map<string, string[]>();
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.manifest.json')).sort()) {
    const name = file.replace(/\.manifest\.json$/, '');
    const manifest = readJson<Manifest>(file);
    const expected = readJson<Expected>(`${name}.expected.json`);
    const caught = [...new Set(expected.findings.map((f) => `\`${f.ruleId}\` ${f.messageId}`))].join(', ');
    const verdict = manifest.conformant ? 'conformant: no finding (pinned)' : caught;
    const cell = `[\`${name}\`](samples/deviations/${name}.har) (${manifest.origin.method}) → ${verdict}`;
    rows.set(manifest.deviation, [...(rows.get(manifest.deviation) ?? []), cell]);
  }
  const unobservable = readJson<Record<string, string>>('unobservable.json');
  for (const [id, why] of Object.entries(unobservable)) if (/^C\d+$/.test(id)) rows.set(id, [`not observable in traffic: ${why}`]);
  const lines = ['| # | samples and what catches them |', '|---|---|'];
  for (const id of [...rows.keys()].sort((a, b) => idNumber(a) - idNumber(b))) lines.push(`| ${id} | ${rows.get(id)!.join('<br>')} |`);
  return [DEVIATIONS_START, ...lines, DEVIATIONS_END].join('\n');
}
