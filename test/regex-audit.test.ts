import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Holds docs/regex-audit.md to the code: every pattern that can see capture data is listed
// there with its linear-time argument, and every one is timed here on hostile input.

const ROOT = join(import.meta.dirname, '..');
const AUDIT = join(ROOT, 'docs', 'regex-audit.md');

interface Found {
  pattern: string;
  file: string;
}

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) tsFiles(path, out);
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Regex literals in src/ and checks/, and any RegExp constructor call (refused: it escapes the audit). */
function regexesInCode(): { found: Found[]; constructed: string[] } {
  const found: Found[] = [];
  const constructed: string[] = [];
  for (const path of [...tsFiles(join(ROOT, 'src')), ...tsFiles(join(ROOT, 'checks'))]) {
    const file = relative(ROOT, path);
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) found.push({ pattern: node.getText(source), file });
      if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.expression.getText(source) === 'RegExp') {
        constructed.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { found, constructed };
}

/** `pattern` keywords of the body schemas, written as ajv compiles them (`u` flag). */
function regexesInSchemas(): Found[] {
  const found: Found[] = [];
  const dir = join(ROOT, 'schemas', 'bodies');
  const walk = (value: unknown, file: string): void => {
    if (Array.isArray(value)) value.forEach((v) => walk(v, file));
    else if (typeof value === 'object' && value !== null) {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'pattern' && typeof v === 'string') found.push({ pattern: `/${v}/u`, file });
        else walk(v, file);
      }
    }
  };
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    walk(JSON.parse(readFileSync(join(dir, name), 'utf8')), `schemas/bodies/${name}`);
  }
  return found;
}

/** Reads a CommonMark code span starting at `at` (a run of backticks); returns its text and the index after it. */
function codeSpan(line: string, at: number): { text: string; end: number } | undefined {
  let run = 0;
  while (line[at + run] === '`') run++;
  if (run === 0) return undefined;
  const fence = '`'.repeat(run);
  let close = line.indexOf(fence, at + run);
  // A longer run of backticks inside does not close the span.
  while (close >= 0 && line[close + run] === '`') {
    let skip = close;
    while (line[skip] === '`') skip++;
    close = line.indexOf(fence, skip);
  }
  if (close < 0) return undefined;
  let text = line.slice(at + run, close);
  if (text.length > 1 && text.startsWith(' ') && text.endsWith(' ')) text = text.slice(1, -1);
  return { text, end: close + run };
}

interface AuditEntry {
  pattern: string;
  files: string[];
  argument: string;
}

/** Lines of the form "- `pattern` in `file`, `file` — argument". */
function auditEntries(): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const line of readFileSync(AUDIT, 'utf8').split('\n')) {
    if (!line.startsWith('- `')) continue;
    const pattern = codeSpan(line, 2);
    if (!pattern) continue;
    const dash = line.indexOf(' — ', pattern.end);
    if (!line.startsWith(' in ', pattern.end) || dash < 0) continue;
    const files: string[] = [];
    let at = pattern.end + 4;
    while (at < dash) {
      const file = codeSpan(line, at);
      if (!file) break;
      files.push(file.text);
      at = file.end;
      while (line[at] === ',' || line[at] === ' ') at++;
    }
    entries.push({ pattern: pattern.text, files, argument: line.slice(dash + 3).trim() });
  }
  return entries;
}

function compile(literal: string): RegExp {
  const close = literal.lastIndexOf('/');
  return new RegExp(literal.slice(1, close), literal.slice(close + 1));
}

const HOSTILE = 50_000;
/** Runs of what the patterns repeat: spaces, letters, digits, quotes, escapes, separators, wide characters. */
const PUMPS = [' ', '\t', 'a', 'Z', '0', '(', '"', '\\', '\\"', '/', '-', '.', ':', ';', '=', '*', '[', '`', 'a ', '0 ', '(a', 'a/', 'a-', '\u00ff', '\ud800', 'é', 'a=b;', 'ab==', '{{ '];
/** Ways into a pattern's inner parts: its anchors' literals. */
const PREFIXES = ['', 'a', ' ', 'Bearer ', '(', '"', '/v2/a/', '"url":"', '; charset=', 'Mon, 01 Jan 2024 ', 'sha256:'];
/** Endings that make a match fail late. */
const SUFFIXES = ['', '!', '\n', '\nx', '\u0000'];

const corpus: string[] = [];
for (const prefix of PREFIXES) {
  for (const pump of PUMPS) {
    const body = pump.repeat(Math.ceil(HOSTILE / pump.length));
    for (const suffix of SUFFIXES) corpus.push(prefix + body + suffix);
  }
}

/** The slowest input for `re`, timed as the code uses a regex: test, global replace, split. Stops at the first input over `limitMs`. */
function slowest(re: RegExp, limitMs: number): { ms: number; input: string } {
  let worst = { ms: 0, input: '' };
  for (const input of corpus) {
    let best = Infinity;
    // Best of up to three, so a GC pause cannot fail a linear pattern; far over the bound is no pause.
    for (let attempt = 0; attempt < 3 && (attempt === 0 || (best > limitMs && best < 5 * limitMs)); attempt++) {
      const start = performance.now();
      // split visits every start position, as a failing test() or a global replace does.
      if (re.global) input.replace(re, '');
      else input.split(re);
      best = Math.min(best, performance.now() - start);
    }
    if (best > worst.ms) worst = { ms: best, input };
    if (best > limitMs) break;
  }
  return worst;
}

/** A linear pattern takes well under a millisecond per 50 kB; a quadratic one takes seconds. */
const LIMIT_MS = 150;

const describeInput = (input: string) => `${JSON.stringify(input.slice(0, 24))}… (${input.length} chars, ends ${JSON.stringify(input.slice(-2))})`;

describe('regex audit (docs/regex-audit.md)', () => {
  const { found, constructed } = regexesInCode();
  const all = [...found, ...regexesInSchemas()];
  const entries = auditEntries();

  it('finds the patterns it audits', () => {
    expect(found.length).toBeGreaterThan(50);
    expect(entries.length).toBeGreaterThan(50);
  });

  it('no RegExp is built at run time (a pattern that escapes this audit)', () => {
    expect(constructed).toEqual([]);
  });

  it('every pattern in the code and the body schemas is listed with the files that use it', () => {
    const listed = new Set(entries.flatMap((e) => e.files.map((f) => `${e.pattern} in ${f}`)));
    const missing = [...new Set(all.map((r) => `${r.pattern} in ${r.file}`))].filter((key) => !listed.has(key));
    expect(missing, 'add these to docs/regex-audit.md with their linear-time argument').toEqual([]);
  });

  it('every listed pattern still exists where the audit says (no stale entries)', () => {
    const inCode = new Set(all.map((r) => `${r.pattern} in ${r.file}`));
    const stale = entries.flatMap((e) => e.files.map((f) => `${e.pattern} in ${f}`)).filter((key) => !inCode.has(key));
    expect(stale).toEqual([]);
  });

  it('every entry gives an argument', () => {
    for (const entry of entries) expect(entry.argument.length, entry.pattern).toBeGreaterThan(5);
  });

  it(`every pattern runs in linear time on ${corpus.length} hostile 50,000-character inputs`, () => {
    const slow: string[] = [];
    for (const pattern of new Set(all.map((r) => r.pattern))) {
      const worst = slowest(compile(pattern), LIMIT_MS);
      if (worst.ms > LIMIT_MS) slow.push(`${pattern}: ${worst.ms.toFixed(0)} ms on ${describeInput(worst.input)}`);
    }
    expect(slow).toEqual([]);
  }, 120_000);

  it('the corpus and bound catch the quadratic patterns this audit removed', () => {
    // These were in the code before the audit (token-refusal-status, redact).
    for (const pattern of ['/\\(.*\\)$/', '/^(\\S+)\\s+(.+)$/']) {
      expect(slowest(compile(pattern), LIMIT_MS).ms, pattern).toBeGreaterThan(LIMIT_MS);
    }
  }, 60_000);
});
