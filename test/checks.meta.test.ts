import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { CARDS_END, CARDS_START, cardsBlock } from '../scripts/readme-cards.js';
import { DEVIATIONS_END, DEVIATIONS_START, deviationsBlock } from '../scripts/readme-deviations.js';
import { EXAMPLE_END, EXAMPLE_START, exampleBlock } from '../scripts/readme-example.js';
import { replaceBlock, replaceTable, ruleTable } from '../scripts/rule-table.js';
import { PACKAGE_ROOT } from '../src/paths.js';

const CHECKS_DIR = join(PACKAGE_ROOT, 'checks');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const ruleFiles = walk(CHECKS_DIR)
  .filter((p) => p.endsWith('.ts') && !p.endsWith('index.ts'))
  .map((p) => relative(CHECKS_DIR, p).replace(/\.ts$/, ''));

// ESLint's checkRuleFiles as a test: every rule is listed, documented and tested both ways.
describe('rule catalogue invariants', () => {
  it('ids are unique and sorted', () => {
    const ids = checks.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
  });

  it('every checks/**/*.ts file is listed in checks/index.ts', () => {
    expect([...ruleFiles].sort()).toEqual(checks.map((c) => c.meta.id).sort());
  });

  // A rule lives as long as the file: state it keeps per exchange must forget its oldest past a
  // cap (BoundedMap/BoundedSet), or a long capture grows it without limit (a 1 GB capture once
  // took 2.7 GB this way). A plain Map or Set is allowed only with a `bounded:` reason.
  it('rules keep bounded state: no plain Map or Set without a bounded: reason', () => {
    const unbounded = ruleFiles.flatMap((file) =>
      readFileSync(join(CHECKS_DIR, `${file}.ts`), 'utf8')
        .split('\n')
        .map((line, i) => ({ line, where: `checks/${file}.ts:${i + 1}` }))
        .filter(({ line }) => /\bnew (Map|Set)\b/.test(line) && !/\/\/ bounded: /.test(line))
        .map(({ where, line }) => `${where} ${line.trim()}`),
    );
    expect(unbounded).toEqual([]);
  });

  describe.each(checks.map((c) => [c.meta.id, c] as const))('%s', (id, check) => {
    const m = check.meta;
    it('id matches its category and file path', () => {
      expect(id.startsWith(`${m.category}/`)).toBe(true);
      expect(existsSync(join(CHECKS_DIR, `${id}.ts`))).toBe(true);
    });

    it('cites requirement ids and a pinned spec link with an anchor', () => {
      expect(m.requirements.length).toBeGreaterThan(0);
      for (const r of m.requirements) expect(r).toMatch(/^[A-Z]+-\d{2}$/);
      expect(m.spec).toMatch(/^https:\/\/github\.com\/.+#.+/);
      if (m.spec.includes('distribution-spec')) expect(m.spec).toMatch(/\/blob\/(v\d+\.\d+\.\d+|main)\//);
    });

    it('has a Markdown doc beside it with bad and good examples', () => {
      const doc = join(CHECKS_DIR, `${id}.md`);
      expect(existsSync(doc)).toBe(true);
      const text = readFileSync(doc, 'utf8');
      expect(text.startsWith(`# ${id}\n`)).toBe(true);
      expect(text.startsWith(`# ${id}\n`)).toBe(true);
      // What, why (with a link to the requirement), bad and good traffic, and a fix for each side.
      for (const section of ['## What it checks', '## Why', '## Bad', '## Good', '## How to fix', '### Client authors', '### Registry operators']) {
        expect(text, section).toMatch(new RegExp(`^${section}$`, 'm'));
      }
      const why = text.slice(text.indexOf('\n## Why'), text.indexOf('\n## Bad'));
      expect(why).toMatch(/https:\/\//);
    });

    it('has a test exercising every message id', () => {
      const testFile = join(PACKAGE_ROOT, 'test', 'checks', `${id}.test.ts`);
      expect(existsSync(testFile)).toBe(true);
      const text = readFileSync(testFile, 'utf8');
      for (const messageId of Object.keys(m.messages)) expect(text).toContain(`messageId: '${messageId}'`);
    });

    it('never imports the HAR reader', () => {
      const source = readFileSync(join(CHECKS_DIR, `${id}.ts`), 'utf8');
      expect(source).not.toMatch(/from\s+['"][^'"]*src\/har\//);
    });
  });

  it('README rule table is current (run `npm run docs`)', () => {
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    expect(replaceTable(readme, ruleTable(checks))).toBe(readme);
  });

  it('README example is the real output for the bundled sample (run `npm run docs`)', async () => {
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    expect(replaceBlock(readme, await exampleBlock(), EXAMPLE_START, EXAMPLE_END)).toBe(readme);
  });

  it('README report cards are the real output over samples/real (run `npm run docs`)', async () => {
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    expect(replaceBlock(readme, await cardsBlock(), CARDS_START, CARDS_END)).toBe(readme);
  });

  it('README table of known client deviations is current (run `npm run docs`)', () => {
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    expect(replaceBlock(readme, deviationsBlock(), DEVIATIONS_START, DEVIATIONS_END)).toBe(readme);
  });
});
