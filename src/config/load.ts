import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv } from '../ajv.js';
import { UsageError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { matchesNoRule } from '../select.js';

export const CONFIG_NAME = 'oci-har-check.config.json';

export type ConfiguredSeverity = 'error' | 'warning' | 'info' | 'off';
export type SeverityMap = Record<string, ConfiguredSeverity>;

export interface Override {
  clients?: string[];
  files?: string[];
  severity: SeverityMap;
}

/** The validated file, paths resolved against its directory. */
export interface Config {
  path: string;
  spec?: string;
  format?: string;
  output?: string;
  failOn?: 'error' | 'warning' | 'info' | 'none';
  jobs?: number;
  rules?: string[];
  skip?: string[];
  severity?: SeverityMap;
  overrides?: Override[];
  include?: string[];
  exclude?: string[];
  baseline?: string;
}

/** The nearest config file from `cwd` up to the filesystem root, if any. */
export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CONFIG_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}


let validate: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!validate) {
    const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'config.schema.json'), 'utf8')) as object;
    // allErrors: a config file is small, and the anyOf summary reads better than its branches' errors
    validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
  }
  return validate;
}

/** One line a user can act on: where in the file, and what is wrong there. */
function describeError(e: ErrorObject): string {
  const where = e.instancePath || '(top level)';
  switch (e.keyword) {
    case 'additionalProperties':
      return `${where}: unknown property '${(e.params as { additionalProperty: string }).additionalProperty}'`;
    case 'enum':
      return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    case 'anyOf':
      return `${where}: an override needs "clients" or "files"`;
    default:
      return `${where}: ${e.message ?? e.keyword}`;
  }
}

function lineAndColumn(text: string, position: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${position - lineStart + 1}`;
}

/**
 * Reads and validates a config file; every problem is a one-line UsageError naming the file.
 * `ruleIds`: the known rules, so a glob that matches none is caught (a typo would silently
 * select or relax nothing).
 */
export function loadConfig(path: string, ruleIds: readonly string[]): Config {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read config ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'CONFIG');
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    throw new UsageError(`${path}: not valid JSON${at ? ` at ${lineAndColumn(text, Number(at[1]))}` : ''} (${message.split('\n')[0]})`, 'CONFIG');
  }
  const check = validator();
  if (!check(data)) {
    const errors = check.errors ?? [];
    const branchesOnly = (e: ErrorObject) => e.keyword === 'required' && e.schemaPath.includes('/anyOf/');
    const shown = errors.find((e) => e.keyword === 'anyOf') ?? errors.find((e) => !branchesOnly(e)) ?? errors[0]!;
    throw new UsageError(`${path}: ${describeError(shown)}`, 'CONFIG');
  }
  const config = { ...(data as Omit<Config, 'path'>), path: file } as Config;
  const base = dirname(file);
  if (config.output) config.output = resolve(base, config.output);
  if (config.baseline) config.baseline = resolve(base, config.baseline);

  const ruleGlobs: [string, string][] = [
    ...(config.rules ?? []).map((g): [string, string] => ['/rules', g]),
    ...(config.skip ?? []).map((g): [string, string] => ['/skip', g]),
    ...Object.keys(config.severity ?? {}).map((g): [string, string] => ['/severity', g]),
    ...(config.overrides ?? []).flatMap((o, i) => Object.keys(o.severity).map((g): [string, string] => [`/overrides/${i}/severity`, g])),
  ];
  for (const [where, glob] of ruleGlobs) {
    if (!matchesNoRule(ruleIds, glob)) continue;
    const hint = closest(glob.replace(/^!/, ''), ruleIds);
    throw new UsageError(`${path}: ${where}: no rule matches '${glob}'${hint ? ` (did you mean '${hint}'?)` : ''}`, 'CONFIG');
  }
  return config;
}

/** The rule id nearest to a mistyped one (edit distance at most a third of its length). */
function closest(glob: string, ids: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(glob.length / 3)) + 1;
  for (const id of ids) {
    const d = distance(glob, id, bestDistance);
    if (d < bestDistance) {
      best = id;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, giving up past `limit` (rule ids are short). */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}
