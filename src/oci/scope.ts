import { isAlnum, isDigit, isLowerAlnum } from './lexical.js';
import { isValidNameComponent } from './name.js';

/**
 * Token scope grammar (distribution docs/spec/auth/scope.md):
 * ```
 * scope             := resourcescope [ ' ' resourcescope ]*
 * resourcescope     := resourcetype ":" resourcename ":" action [ ',' action ]*
 * resourcetype      := resourcetypevalue [ '(' resourcetypevalue ')' ]
 * resourcetypevalue := /[a-z0-9]+/
 * resourcename      := [ hostname '/' ] component [ '/' component ]*
 * hostname          := hostcomponent ['.' hostcomponent]* [':' port-number]
 * action            := /[a-z]*\/
 * ```
 * A name may hold `host:port`, so the resource type is split off the FIRST `:` and the
 * action list off the LAST `:`. `*` is accepted as an action (`registry:catalog:*`, and
 * `repository:x:*` in the wild) although the grammar's `[a-z]*` does not list it.
 */

export type ScopeProblem =
  /** Fewer than two `:`; no action list can be told apart from the name. */
  | 'missing-part'
  /** Resource type not `[a-z0-9]+` with an optional `(class)`. */
  | 'bad-type'
  /** Resource name does not follow `[hostname '/'] component ('/' component)*`. */
  | 'bad-name'
  /** An action outside `[a-z]*` (and not `*`). */
  | 'bad-action';

export interface ResourceScope {
  /** The scope item as written. */
  raw: string;
  /** `repository`, `registry`, … (lower-case by grammar; kept as written). */
  resourceType: string;
  /** The deprecated class in `repository(plugin)`; treated as `repository` when comparing. */
  resourceClass?: string;
  name: string;
  /** Actions in order, empty strings dropped. */
  actions: string[];
  /** Grammar problems; the fields above are still the best reading of the item. */
  problems: ScopeProblem[];
}

/** `[a-z0-9]+` over s[start, end). */
function isTypeValue(s: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) if (!isLowerAlnum(s.charCodeAt(i))) return false;
  return true;
}

/** `resourcetypevalue [ '(' resourcetypevalue ')' ]`; returns the class when present. */
function parseResourceType(s: string): { ok: boolean; type: string; cls?: string } {
  const open = s.indexOf('(');
  if (open === -1) return { ok: isTypeValue(s, 0, s.length), type: s };
  const ok = s.endsWith(')') && isTypeValue(s, 0, open) && isTypeValue(s, open + 1, s.length - 1);
  return { ok, type: s.slice(0, open), cls: s.slice(open + 1, Math.max(open + 1, s.length - 1)) };
}

/** `([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])` */
function isHostComponent(s: string, start: number, end: number): boolean {
  if (end <= start) return false;
  if (!isAlnum(s.charCodeAt(start)) || !isAlnum(s.charCodeAt(end - 1))) return false;
  for (let i = start + 1; i < end - 1; i++) {
    const c = s.charCodeAt(i);
    if (!isAlnum(c) && c !== 0x2d) return false;
  }
  return true;
}

/** `hostcomponent ['.' hostcomponent]* [':' port-number]` */
function isHostname(s: string): boolean {
  const colon = s.indexOf(':');
  const hostEnd = colon === -1 ? s.length : colon;
  if (colon !== -1) {
    if (colon + 1 >= s.length) return false;
    for (let i = colon + 1; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  }
  let start = 0;
  for (;;) {
    let dot = s.indexOf('.', start);
    if (dot === -1 || dot > hostEnd) dot = hostEnd;
    if (!isHostComponent(s, start, dot)) return false;
    if (dot === hostEnd) return true;
    start = dot + 1;
  }
}

/**
 * True when `name` follows the scope grammar's resource name: an optional hostname (with
 * port) as first segment when more segments follow, then path components (1.1 separators).
 */
export function isValidScopeName(name: string): boolean {
  if (name.length === 0) return false;
  const segments = name.split('/');
  for (let k = 0; k < segments.length; k++) {
    const seg = segments[k] ?? '';
    if (isValidNameComponent(seg, 'v1.1')) continue;
    if (k === 0 && segments.length > 1 && isHostname(seg)) continue;
    return false;
  }
  return true;
}

/** `[a-z]*` or `*` */
function isAction(a: string): boolean {
  if (a === '*') return true;
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i);
    if (c < 0x61 || c > 0x7a) return false;
  }
  return true;
}

/** Parses one `resourcetype:resourcename:actions` item. Never throws. */
export function parseResourceScope(item: string): ResourceScope {
  const first = item.indexOf(':');
  const last = item.lastIndexOf(':');
  if (first === -1 || first === last) {
    const scope: ResourceScope = {
      raw: item,
      resourceType: first === -1 ? item : item.slice(0, first),
      name: first === -1 ? '' : item.slice(first + 1),
      actions: [],
      problems: ['missing-part'],
    };
    return scope;
  }
  const problems: ScopeProblem[] = [];
  const typeText = item.slice(0, first);
  const type = parseResourceType(typeText);
  if (!type.ok) problems.push('bad-type');
  const name = item.slice(first + 1, last);
  if (!isValidScopeName(name)) problems.push('bad-name');
  const actions = item.slice(last + 1).split(',').filter((a) => a.length > 0);
  if (!actions.every(isAction)) problems.push('bad-action');
  const scope: ResourceScope = { raw: item, resourceType: type.type, name, actions, problems };
  if (type.cls !== undefined) scope.resourceClass = type.cls;
  return scope;
}

/**
 * Parses a scope string: resource scopes separated by spaces (the `scope` challenge
 * parameter, or an OAuth2 `scope` form field). Extra spaces are tolerated.
 */
export function parseScope(scope: string): ResourceScope[] {
  const out: ResourceScope[] = [];
  for (const item of scope.split(' ')) {
    const trimmed = item.trim();
    if (trimmed.length > 0) out.push(parseResourceScope(trimmed));
  }
  return out;
}

/** Parses several scope strings (e.g. repeated `scope=` query parameters of a token GET). */
export function parseScopes(scopes: readonly string[]): ResourceScope[] {
  return scopes.flatMap(parseScope);
}

function asScopes(s: string | readonly string[] | readonly ResourceScope[]): readonly ResourceScope[] {
  if (typeof s === 'string') return parseScope(s);
  if (s.length === 0) return [];
  return typeof s[0] === 'string' ? parseScopes(s as readonly string[]) : (s as readonly ResourceScope[]);
}

/**
 * Granted actions per resource. `repository(plugin)` compares as `repository` (the class
 * is deprecated). A Map keeps coverage checks linear in the number of scopes.
 */
function grantedActions(granted: readonly ResourceScope[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const g of granted) {
    const key = `${g.resourceType}\u0000${g.name}`;
    let actions = map.get(key);
    if (!actions) map.set(key, (actions = new Set()));
    for (const a of g.actions) actions.add(a);
  }
  return map;
}

/**
 * The needed actions the granted scopes do not give, as `type:name:action` strings.
 * Granted actions for the same resource are unioned (a token may list a resource twice);
 * a granted `*` gives every action; a needed `*` is only given by a granted `*`.
 * Accepts scope strings, lists of scope strings or parsed scopes.
 */
export function missingScopeActions(
  granted: string | readonly string[] | readonly ResourceScope[],
  needed: string | readonly string[] | readonly ResourceScope[],
): string[] {
  const have = grantedActions(asScopes(granted));
  const missing: string[] = [];
  for (const need of asScopes(needed)) {
    const actions = have.get(`${need.resourceType}\u0000${need.name}`);
    if (actions?.has('*')) continue;
    for (const a of need.actions) if (!actions?.has(a)) missing.push(`${need.resourceType}:${need.name}:${a}`);
  }
  return missing;
}

/** True when the granted scopes give every action of every needed scope (see `missingScopeActions`). */
export function scopeCovers(
  granted: string | readonly string[] | readonly ResourceScope[],
  needed: string | readonly string[] | readonly ResourceScope[],
): boolean {
  return missingScopeActions(granted, needed).length === 0;
}
