import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checks } from '../checks/index.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { replaceTable, ruleTable } from './rule-table.js';

// Regenerates the README's rule table from rule metadata (npm-check-updates style).
const readmePath = join(PACKAGE_ROOT, 'README.md');
const before = readFileSync(readmePath, 'utf8');
const after = replaceTable(before, ruleTable(checks));
if (after !== before) writeFileSync(readmePath, after);
process.stdout.write(after === before ? 'README rule table is current\n' : 'README rule table updated\n');
