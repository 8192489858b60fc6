import { isLowerAlnum } from './lexical.js';

/**
 * Repository `<name>` grammar (distribution-spec "Pulling manifests"), anchored:
 * - `v1.1` (1.1.0+): `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*`
 * - `v1.0` (1.0.x):  `[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*`
 * The 1.1 grammar adds `__` and runs of `-` as separators. Both are scanned by hand, one
 * pass, so a 50,000-character hostile name costs one loop, never a backtracking search.
 */
export type NameGrammar = 'v1.0' | 'v1.1';

export type NameProblemKind =
  /** The name is the empty string. */
  | 'empty'
  /** A character outside `[a-z0-9._/-]` (upper case included). */
  | 'bad-char'
  /** The name starts or ends with `/`, or `/` is doubled. */
  | 'empty-component'
  /** A component starts or ends with `.`, `_` or `-`. */
  | 'dangling-separator'
  /** Two separators in a row that the grammar does not allow (`._`, `___`, `--` under v1.0, …). */
  | 'bad-separator';

export interface NameProblem {
  kind: NameProblemKind;
  /** Index of the offending character in the name. */
  index: number;
}

/**
 * Scans one path component (no `/`) from `start` to `end`. Returns undefined when it
 * matches `[a-z0-9]+(SEP[a-z0-9]+)*` for the grammar's SEP, else the first problem.
 */
function scanComponent(s: string, start: number, end: number, grammar: NameGrammar): NameProblem | undefined {
  if (start >= end) return { kind: 'empty-component', index: start };
  let i = start;
  for (;;) {
    // An alpha-numeric run: at least one [a-z0-9].
    const runStart = i;
    while (i < end && isLowerAlnum(s.charCodeAt(i))) i++;
    if (i === runStart) {
      const c = s.charCodeAt(i);
      const isSep = c === 0x2e || c === 0x5f || c === 0x2d;
      return { kind: isSep ? (i === start ? 'dangling-separator' : 'bad-separator') : 'bad-char', index: i };
    }
    if (i >= end) return undefined;
    // A separator, then another run must follow.
    const c = s.charCodeAt(i);
    if (c === 0x2e /* . */) {
      i++;
    } else if (c === 0x5f /* _ */) {
      i++;
      if (grammar === 'v1.1' && i < end && s.charCodeAt(i) === 0x5f) i++;
    } else if (c === 0x2d /* - */) {
      i++;
      if (grammar === 'v1.1') while (i < end && s.charCodeAt(i) === 0x2d) i++;
    } else {
      return { kind: 'bad-char', index: i };
    }
    if (i >= end) return { kind: 'dangling-separator', index: i - 1 };
  }
}

/**
 * The first reason `name` does not match the repository-name grammar, or undefined when it
 * matches. Linear time.
 */
export function repositoryNameProblem(name: string, grammar: NameGrammar = 'v1.1'): NameProblem | undefined {
  if (name.length === 0) return { kind: 'empty', index: 0 };
  let start = 0;
  for (;;) {
    let slash = name.indexOf('/', start);
    if (slash === -1) slash = name.length;
    const problem = scanComponent(name, start, slash, grammar);
    if (problem) return problem;
    if (slash === name.length) return undefined;
    start = slash + 1;
    if (start === name.length) return { kind: 'empty-component', index: slash };
  }
}

/** True when `name` matches the anchored repository-name regex of the given spec grammar. */
export function isValidRepositoryName(name: string, grammar: NameGrammar = 'v1.1'): boolean {
  return repositoryNameProblem(name, grammar) === undefined;
}

/**
 * True when one path component (the text between slashes) matches the grammar's
 * `[a-z0-9]+(SEP[a-z0-9]+)*`. Shared with the token-scope name grammar.
 */
export function isValidNameComponent(component: string, grammar: NameGrammar = 'v1.1'): boolean {
  return scanComponent(component, 0, component.length, grammar) === undefined;
}

/**
 * distribution-spec 1.1.1 ("Pulling manifests") notes that many clients limit the combined
 * `<host>[:<port>]/<name>` to 255 characters. Not a MUST of the spec: an interoperability limit.
 */
export const MAX_QUALIFIED_NAME_LENGTH = 255;

/** Length of `host[:port]/name` as a client would write it in an image reference. */
export function qualifiedNameLength(host: string, name: string): number {
  return host.length + 1 + name.length;
}

/**
 * True when `host[:port]/name` fits the 255-character limit many clients apply.
 * `host` is the URL's `host` (port included when not default).
 */
export function fitsQualifiedNameLimit(host: string, name: string): boolean {
  return qualifiedNameLength(host, name) <= MAX_QUALIFIED_NAME_LENGTH;
}
