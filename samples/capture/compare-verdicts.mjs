// compare-verdicts.mjs CLIENT A.har B.har — analyzes two captures of the same workflow and
// prints one Markdown table row: exchanges, findings by rule and message on each side, and
// whether the verdicts on the client and the registry are the same. Capture-quality rules
// (capture/*) judge the HAR writer, not the parties, and are left out. Exits 1 when they differ.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [client, a, b] = process.argv.slice(2);
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'src', 'cli.js');

function verdicts(file) {
  const report = JSON.parse(execFileSync(process.execPath, [cli, file, '-f', 'json', '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 1 << 28 }));
  const counts = new Map();
  for (const f of report.files[0].findings) {
    if (f.ruleId.startsWith('capture/')) continue;
    const key = `${f.ruleId} ${f.messageId}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const list = [...counts].sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, n]) => `${k}${n > 1 ? ` ×${n}` : ''}`);
  return { entries: report.files[0].capture.entries, list };
}

const left = verdicts(a);
const right = verdicts(b);
const same = left.list.join('\n') === right.list.join('\n');
const cell = (list) => (list.length ? list.map((x) => `\`${x}\``).join(', ') : 'none');
console.log(`| ${client} | ${left.entries} / ${right.entries} | ${cell(left.list)} | ${cell(right.list)} | ${same ? 'yes' : '**no**'} |`);
process.exit(same ? 0 : 1);
