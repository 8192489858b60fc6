import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checks } from '../checks/index.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { coverageDoc } from './coverage-doc.js';
import { CARDS_END, CARDS_START, cardsBlock } from './readme-cards.js';
import { DEVIATIONS_END, DEVIATIONS_START, deviationsBlock } from './readme-deviations.js';
import { EXAMPLE_END, EXAMPLE_START, exampleBlock } from './readme-example.js';
import { replaceBlock, replaceTable, ruleTable } from './rule-table.js';

// Regenerates the README's rule table (from rule metadata), its example output (from the
// bundled real capture) and the corpus's report cards, npm-check-updates style.
const readmePath = join(PACKAGE_ROOT, 'README.md');
const before = readFileSync(readmePath, 'utf8');
let after = replaceTable(before, ruleTable(checks));
after = replaceBlock(after, await exampleBlock(), EXAMPLE_START, EXAMPLE_END);
after = replaceBlock(after, await cardsBlock(), CARDS_START, CARDS_END);
after = replaceBlock(after, deviationsBlock(), DEVIATIONS_START, DEVIATIONS_END);
if (after !== before) writeFileSync(readmePath, after);
const coveragePath = join(PACKAGE_ROOT, 'docs', 'coverage.md');
const coverage = coverageDoc(checks);
const coverageBefore = readFileSync(coveragePath, { encoding: 'utf8', flag: 'a+' });
if (coverage !== coverageBefore) writeFileSync(coveragePath, coverage);
process.stdout.write(after === before ? 'README is current\n' : 'README rule table, example and report cards updated\n');
process.stdout.write(coverage === coverageBefore ? 'docs/coverage.md is current\n' : 'docs/coverage.md updated\n');
