import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import micromatch from 'micromatch';
import { UsageError } from '../errors.js';

/** One capture to analyze: where to read it and the name findings carry. */
export interface InputFile {
  /** A filesystem path, or '-' for stdin. */
  path: string;
  /** As the user wrote it, or relative to the directory/glob it came from (posix separators). */
  display: string;
  /** Bytes on disk (0 for stdin): drives the progress line's ETA. */
  size: number;
}

export interface ExpandOptions {
  /** Globs on paths found in directories and globs (default: capture extensions). */
  include?: readonly string[];
  exclude?: readonly string[];
  cwd?: string;
}

/** What a directory walk picks up when --include is not given. */
export const DEFAULT_INCLUDE = ['**/*.har', '**/*.har.gz', '**/*.zhar', '**/*.zip'];
/** Never descended into: tool state, not captures. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

const posix = (path: string) => path.split(sep).join('/');

/**
 * Turns command-line inputs into the list of captures, in a stable order: arguments as
 * given; inside a directory or glob, paths sorted by code unit. Named files are taken even
 * when --include would not match them (the user asked for them); --exclude still applies.
 * Each file appears once, whichever arguments name it.
 */
export function expandInputs(args: readonly string[], options: ExpandOptions = {}): InputFile[] {
  const cwd = options.cwd ?? process.cwd();
  const include = options.include?.length ? options.include : DEFAULT_INCLUDE;
  const exclude = options.exclude ?? [];
  const excluded = (path: string) => exclude.length > 0 && micromatch.isMatch(path, exclude as string[], { dot: true });
  const seen = new Set<string>();
  const out: InputFile[] = [];
  const add = (path: string, display: string, stats: Stats | undefined) => {
    const key = path === '-' ? '-' : realOrSame(path);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ path, display, size: stats?.size ?? 0 });
  };

  for (const arg of args) {
    if (arg === '-') {
      add('-', '<stdin>', undefined);
      continue;
    }
    const absolute = resolve(cwd, arg);
    const stats = statOrUndefined(absolute);
    if (stats?.isDirectory()) {
      for (const found of walk(absolute)) {
        const rel = posix(relative(absolute, found.path));
        const shown = posix(join(arg, rel));
        if (!micromatch.isMatch(rel, include as string[], { dot: true }) || excluded(shown) || excluded(rel)) continue;
        add(found.path, shown, found.stats);
      }
      continue;
    }
    if (stats || !micromatch.scan(arg).isGlob) {
      // A missing plain path is kept: the reader reports it as that file's one-line error.
      if (!excluded(posix(arg))) add(absolute, arg, stats);
      continue;
    }
    const scanned = micromatch.scan(arg);
    const base = resolve(cwd, scanned.base || '.');
    const matcher = micromatch.matcher(scanned.glob, { dot: false });
    let matched = 0;
    if (statOrUndefined(base)?.isDirectory()) {
      for (const found of walk(base)) {
        const rel = posix(relative(base, found.path));
        const shown = scanned.base ? `${scanned.base}/${rel}` : rel;
        if (!matcher(rel) || excluded(shown)) continue;
        matched++;
        add(found.path, shown, found.stats);
      }
    }
    if (matched === 0) throw new UsageError(`no file matches '${arg}'`, 'NO_INPUT_MATCH');
  }
  return out;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function realOrSame(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Regular files under `root`, depth first, names sorted. Symbolic links to directories are
 * not followed (a link loop would never end); links to files are read like files.
 */
function* walk(root: string): Generator<{ path: string; stats: Stats }> {
  let names: string[];
  try {
    names = readdirSync(root).sort();
  } catch (error) {
    throw new UsageError(`cannot list ${root}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'INPUT_DIR');
  }
  for (const name of names) {
    const path = join(root, name);
    let link: Stats;
    try {
      link = lstatSync(path);
    } catch {
      continue; // vanished while walking
    }
    if (link.isDirectory()) {
      if (!SKIPPED_DIRS.has(name)) yield* walk(path);
      continue;
    }
    const stats = link.isSymbolicLink() ? statOrUndefined(path) : link;
    if (stats?.isFile()) yield { path, stats };
  }
}
