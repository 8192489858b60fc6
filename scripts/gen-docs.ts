import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checks } from '../checks/index.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { EXAMPLE_END, EXAMPLE_START, exampleBlock } from './readme-example.js';
import { replaceBlock, replaceTable, ruleTable } from './rule-table.js';

// Regenerates the README's rule table (from rule metadata) and its example output (from the
// bundled real capture), npm-check-updates style.
const readmePath = join(PACKAGE_ROOT, 'README.md');
const before = readFileSync(readmePath, 'utf8');
const after = replaceBlock(replaceTable(before, ruleTable(checks)), await exampleBlock(), EXAMPLE_START, EXAMPLE_END);
if (after !== before) writeFileSync(readmePath, after);
process.stdout.write(after === before ? 'README is current\n' : 'README rule table and example updated\n');
