import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs } from '../../src/batch/inputs.js';

function tree(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'ohc-inputs-'));
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), '{}');
  }
  return root;
}

describe('expandInputs', () => {
  const root = tree(['b.har', 'a.har', 'notes.txt', 'sub/c.zhar', 'sub/deeper/d.har.gz', 'sub/e.zip', 'node_modules/x.har', '.git/y.har']);
  const shown = (args: string[], opts = {}) => expandInputs(args, { cwd: root, ...opts }).map((f) => f.display);

  it('walks directories recursively in sorted order, taking capture extensions only', () => {
    expect(shown(['.'])).toEqual(['a.har', 'b.har', 'sub/c.zhar', 'sub/deeper/d.har.gz', 'sub/e.zip']);
  });

  it('keeps the order of the arguments and lists each file once', () => {
    expect(shown(['sub', 'b.har', '.'])).toEqual(['sub/c.zhar', 'sub/deeper/d.har.gz', 'sub/e.zip', 'b.har', 'a.har']);
  });

  it('expands globs itself (quoted globs work the same on every shell)', () => {
    expect(shown(['**/*.har'])).toEqual(['a.har', 'b.har']);
    expect(shown(['sub/**/*'])).toEqual(['sub/c.zhar', 'sub/deeper/d.har.gz', 'sub/e.zip']);
  });

  it('--include replaces the default extensions, --exclude drops matches', () => {
    expect(shown(['.'], { include: ['**/*.txt'] })).toEqual(['notes.txt']);
    expect(shown(['.'], { exclude: ['**/sub/**'] })).toEqual(['a.har', 'b.har']);
    expect(shown(['a.har'], { exclude: ['a.har'] })).toEqual([]);
  });

  it('takes a named file whatever its extension, and keeps a missing one for the reader to report', () => {
    expect(shown(['notes.txt', 'missing.har'])).toEqual(['notes.txt', 'missing.har']);
  });

  it('a glob matching nothing is a usage error', () => {
    expect(() => shown(['nothing/**/*.har'])).toThrow(/no file matches 'nothing/);
  });

  it('stdin once, under its own name', () => {
    expect(expandInputs(['-', '-']).map((f) => [f.path, f.display])).toEqual([['-', '<stdin>']]);
  });

  it('does not follow directory links (a loop ends), and records sizes for the progress ETA', () => {
    const looped = tree(['x.har']);
    symlinkSync(looped, join(looped, 'loop'));
    const found = expandInputs([looped]);
    expect(found.map((f) => f.display)).toEqual([join(looped, 'x.har').split('\\').join('/')]);
    expect(found[0]!.size).toBe(2);
  });
});
