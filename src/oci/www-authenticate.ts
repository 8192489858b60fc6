import { isAlnum, isToken, isWhitespace, readQuotedString, readTokenEnd, skipToComma, skipWhitespace } from './lexical.js';

/**
 * `WWW-Authenticate` (RFC 9110 §11.6.1, §11.2):
 * ```
 * WWW-Authenticate = #challenge
 * challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 * auth-param = token BWS "=" BWS ( token / quoted-string )
 * token68    = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
 * ```
 * Commas separate both challenges and the parameters of one challenge, so the list cannot
 * be split on commas first: after a comma, `name =` continues the current challenge and a
 * token not followed by `=` starts the next one. Several header lines are several lists.
 * Captures are hostile input: the scanner is a single pass, never throws, and records what
 * it had to skip in `malformed`.
 */

export type ChallengeProblem =
  /** A list element that starts with neither a scheme nor a parameter name. */
  | 'missing-scheme'
  /** Parameter or token68 syntax that had to be skipped (empty value, junk after a value, …). */
  | 'bad-param'
  /** An unquoted parameter value containing characters a token cannot (e.g. `realm=https://x`); kept as written. */
  | 'bad-token-value'
  /** A quoted string that never closes; its value runs to the end of the line. */
  | 'unterminated-quote'
  /** The same parameter name twice in one challenge (RFC 9110: MUST only occur once); the first wins. */
  | 'duplicate-param';

export interface Challenge {
  /** Auth scheme as written; compare case-insensitively (see `isScheme`). */
  scheme: string;
  /** Parameters by lower-cased name; quoted values unescaped. */
  params: Map<string, string>;
  /** The token68 form (`Basic dXNlcg==`), when used instead of parameters. */
  token68?: string;
  /** Syntax problems inside this challenge; empty when clean. */
  malformed: ChallengeProblem[];
}

export interface ParsedWwwAuthenticate {
  challenges: Challenge[];
  /** Problems outside any challenge (junk before the first scheme of a line). */
  malformed: ChallengeProblem[];
}

function addProblem(list: ChallengeProblem[], problem: ChallengeProblem): void {
  if (!list.includes(problem)) list.push(problem);
}

/** token68 characters: ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" */
function isToken68Char(c: number): boolean {
  return isAlnum(c) || c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e || c === 0x2b || c === 0x2f;
}

/** True when an auth-param value (token or quoted-string) starts at `i`. */
function valueStartsAt(s: string, i: number): boolean {
  if (i >= s.length) return false;
  const c = s.charCodeAt(i);
  return c !== 0x2c && c !== 0x3d && !isWhitespace(c);
}

/**
 * Reads `value` of an auth-param whose name spans [nameStart, nameEnd) and whose `=` is at
 * `eq`; stores it in `challenge` and returns the index of the next ',' (or the end).
 */
function readParam(s: string, nameStart: number, nameEnd: number, eq: number, challenge: Challenge): number {
  const name = s.slice(nameStart, nameEnd).toLowerCase();
  let i = skipWhitespace(s, eq + 1);
  let value: string;
  if (s.charCodeAt(i) === 0x22 /* " */) {
    const q = readQuotedString(s, i);
    if (!q.terminated) addProblem(challenge.malformed, 'unterminated-quote');
    value = q.value;
    i = q.end;
  } else {
    const start = i;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 0x2c || isWhitespace(c)) break;
      i++;
    }
    value = s.slice(start, i);
    if (value.length === 0) {
      addProblem(challenge.malformed, 'bad-param');
      return skipToComma(s, i);
    }
    if (!isToken(value)) addProblem(challenge.malformed, 'bad-token-value');
  }
  if (challenge.params.has(name)) addProblem(challenge.malformed, 'duplicate-param');
  else challenge.params.set(name, value);
  const after = skipWhitespace(s, i);
  if (after < s.length && s.charCodeAt(after) !== 0x2c) {
    addProblem(challenge.malformed, 'bad-param');
    return skipToComma(s, after);
  }
  return after;
}

/** Parses one header line into `out`. */
function parseLine(s: string, out: ParsedWwwAuthenticate): void {
  let current: Challenge | undefined;
  let i = 0;
  while (i < s.length) {
    // Skip list separators and OWS between elements (empty elements are allowed).
    const c0 = s.charCodeAt(i);
    if (c0 === 0x2c || isWhitespace(c0)) {
      i++;
      continue;
    }
    const tokenEnd = readTokenEnd(s, i);
    if (tokenEnd === i) {
      addProblem(current ? current.malformed : out.malformed, current ? 'bad-param' : 'missing-scheme');
      i = skipToComma(s, i);
      continue;
    }
    const afterToken = skipWhitespace(s, tokenEnd);
    if (current && s.charCodeAt(afterToken) === 0x3d /* = */) {
      // `name = value` continuing the current challenge.
      i = readParam(s, i, tokenEnd, afterToken, current);
      continue;
    }
    // A new challenge: auth-scheme [ 1*SP ( token68 / #auth-param ) ].
    const challenge: Challenge = { scheme: s.slice(i, tokenEnd), params: new Map(), malformed: [] };
    out.challenges.push(challenge);
    current = challenge;
    if (tokenEnd < s.length && !isWhitespace(s.charCodeAt(tokenEnd)) && s.charCodeAt(tokenEnd) !== 0x2c) {
      // e.g. `Bearer"x"` or `Basic=`: nothing sensible follows the scheme.
      addProblem(challenge.malformed, 'bad-param');
      i = skipToComma(s, tokenEnd);
      continue;
    }
    i = afterToken;
    if (i >= s.length || s.charCodeAt(i) === 0x2c) continue;
    // First element after the scheme: an auth-param (`name = value`) or a token68.
    const nameEnd = readTokenEnd(s, i);
    const eq = skipWhitespace(s, nameEnd);
    if (nameEnd > i && s.charCodeAt(eq) === 0x3d && valueStartsAt(s, skipWhitespace(s, eq + 1))) {
      i = readParam(s, i, nameEnd, eq, challenge);
      continue;
    }
    let end = i;
    while (end < s.length && isToken68Char(s.charCodeAt(end))) end++;
    if (end === i) {
      addProblem(challenge.malformed, 'bad-param');
      i = skipToComma(s, i);
      continue;
    }
    while (end < s.length && s.charCodeAt(end) === 0x3d) end++;
    const after = skipWhitespace(s, end);
    if (after < s.length && s.charCodeAt(after) !== 0x2c) {
      addProblem(challenge.malformed, 'bad-param');
      i = skipToComma(s, after);
      continue;
    }
    challenge.token68 = s.slice(i, end);
    i = after;
  }
}

/**
 * Parses every `WWW-Authenticate` line of a response (pass `headers.getAll('www-authenticate')`,
 * not `getList`: commas inside challenges are not list separators of the header alone).
 */
export function parseWwwAuthenticate(values: string | readonly string[]): ParsedWwwAuthenticate {
  const out: ParsedWwwAuthenticate = { challenges: [], malformed: [] };
  for (const value of typeof values === 'string' ? [values] : values) parseLine(value, out);
  return out;
}

/** The challenges of all lines, in order. Never throws. */
export function parseChallenges(values: string | readonly string[]): Challenge[] {
  return parseWwwAuthenticate(values).challenges;
}

/** Scheme comparison is case-insensitive (RFC 9110 §11.1). */
export function isScheme(challenge: Challenge, scheme: string): boolean {
  return challenge.scheme.toLowerCase() === scheme.toLowerCase();
}

/**
 * The parameters of a Bearer challenge that the token flow uses (distribution token.md,
 * RFC 6750 §3): `realm` (token endpoint URL), `service`, `scope` (space-separated resource
 * scopes) and `error` (`invalid_token`, `insufficient_scope`, …).
 */
export interface BearerChallenge {
  realm?: string;
  service?: string;
  scope?: string;
  error?: string;
  errorDescription?: string;
}

/** The Bearer parameters of a challenge, or undefined when its scheme is not Bearer. */
export function bearerParams(challenge: Challenge): BearerChallenge | undefined {
  if (!isScheme(challenge, 'bearer')) return undefined;
  const out: BearerChallenge = {};
  const realm = challenge.params.get('realm');
  const service = challenge.params.get('service');
  const scope = challenge.params.get('scope');
  const error = challenge.params.get('error');
  const description = challenge.params.get('error_description');
  if (realm !== undefined) out.realm = realm;
  if (service !== undefined) out.service = service;
  if (scope !== undefined) out.scope = scope;
  if (error !== undefined) out.error = error;
  if (description !== undefined) out.errorDescription = description;
  return out;
}

/** The first Bearer challenge among the given ones, as its parameters. */
export function findBearerChallenge(challenges: readonly Challenge[]): BearerChallenge | undefined {
  for (const challenge of challenges) {
    const bearer = bearerParams(challenge);
    if (bearer) return bearer;
  }
  return undefined;
}
