import { isWhitespace, readQuotedString, readTokenEnd, skipToComma, skipWhitespace } from './lexical.js';
import { resolveLocation } from './upload-location.js';

/**
 * `Link` (RFC 8288 §3), used for tags-list (1.1.1) and referrers pagination (`rel="next"`):
 * ```
 * Link       = #link-value
 * link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )
 * link-param = token BWS [ "=" BWS ( token / quoted-string ) ]
 * ```
 * URI-References may contain commas, so pass `headers.getAll('link')`, not `getList`.
 * distribution sends a relative target (`</v2/foo/tags/list?last=x&n=2>; rel="next"`).
 */

export interface LinkValue {
  /** The URI-Reference between `<` and `>`, as written (may be relative). */
  target: string;
  /** Relation types of the first `rel` parameter, lower-cased, split on whitespace. */
  rel: string[];
  /** Parameters by lower-cased name (first occurrence wins); valueless params map to ''. */
  params: Map<string, string>;
  /** Parameter syntax that had to be skipped. */
  malformed: boolean;
}

export interface ParsedLinkHeader {
  links: LinkValue[];
  /** Text that was not a link-value (no `<…>`), or an unterminated `<`. */
  malformed: boolean;
}

/** Reads `*( OWS ";" OWS link-param )` from `i` up to the next top-level comma. */
function readParams(s: string, i: number, link: LinkValue): number {
  for (;;) {
    i = skipWhitespace(s, i);
    if (i >= s.length || s.charCodeAt(i) === 0x2c) return i;
    if (s.charCodeAt(i) !== 0x3b /* ; */) {
      link.malformed = true;
      return skipToComma(s, i);
    }
    i = skipWhitespace(s, i + 1);
    const nameEnd = readTokenEnd(s, i);
    if (nameEnd === i) {
      // `;;` or `; ,` are tolerated as empty; anything else is junk.
      const c = s.charCodeAt(i);
      if (i < s.length && c !== 0x3b && c !== 0x2c) {
        link.malformed = true;
        return skipToComma(s, i);
      }
      continue;
    }
    const name = s.slice(i, nameEnd).toLowerCase();
    i = skipWhitespace(s, nameEnd);
    let value = '';
    if (s.charCodeAt(i) === 0x3d /* = */) {
      i = skipWhitespace(s, i + 1);
      if (s.charCodeAt(i) === 0x22) {
        const q = readQuotedString(s, i);
        if (!q.terminated) link.malformed = true;
        value = q.value;
        i = q.end;
      } else {
        const end = readTokenEnd(s, i);
        if (end === i) link.malformed = true;
        value = s.slice(i, end);
        i = end;
      }
    }
    if (!link.params.has(name)) {
      link.params.set(name, value);
      if (name === 'rel') link.rel = splitRelations(value);
    }
  }
}

/** Relation types are a whitespace-separated list; registered ones compare case-insensitively. */
function splitRelations(value: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= value.length; i++) {
    const ws = i === value.length || isWhitespace(value.charCodeAt(i)) || value.charCodeAt(i) === 0x0a;
    if (ws) {
      if (start !== -1) out.push(value.slice(start, i).toLowerCase());
      start = -1;
    } else if (start === -1) {
      start = i;
    }
  }
  return out;
}

/** Parses every `Link` header line. Never throws; linear time. */
export function parseLinkHeader(values: string | readonly string[]): ParsedLinkHeader {
  const out: ParsedLinkHeader = { links: [], malformed: false };
  for (const s of typeof values === 'string' ? [values] : values) {
    let i = 0;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 0x2c || isWhitespace(c)) {
        i++;
        continue;
      }
      if (c !== 0x3c /* < */) {
        out.malformed = true;
        i = skipToComma(s, i);
        continue;
      }
      const close = s.indexOf('>', i + 1);
      if (close === -1) {
        out.malformed = true;
        break;
      }
      const link: LinkValue = { target: s.slice(i + 1, close).trim(), rel: [], params: new Map(), malformed: false };
      out.links.push(link);
      i = readParams(s, close + 1, link);
    }
  }
  return out;
}

/** The first link whose `rel` includes `rel` (case-insensitive). */
export function findLink(links: readonly LinkValue[], rel: string): LinkValue | undefined {
  const wanted = rel.toLowerCase();
  return links.find((l) => l.rel.includes(wanted));
}

/** The `rel="next"` link of a response's `Link` lines, if any. */
export function findNextLink(values: string | readonly string[]): LinkValue | undefined {
  return findLink(parseLinkHeader(values).links, 'next');
}

/**
 * The link target as an absolute http(s) URL, resolved against the request URL (RFC 8288
 * §3.1: relative references resolve against the link context, here the request URL).
 */
export function resolveLinkTarget(link: LinkValue, base: URL | string | undefined): URL | undefined {
  return resolveLocation(link.target, base);
}

/** Same origin, path and query parameters (in any order): a request that followed a link. */
export function sameTarget(a: URL, b: URL): boolean {
  if (a.origin !== b.origin || a.pathname !== b.pathname) return false;
  const pa = [...a.searchParams].map(([k, v]) => `${k}=${v}`).sort();
  const pb = [...b.searchParams].map(([k, v]) => `${k}=${v}`).sort();
  return pa.length === pb.length && pa.every((p, i) => p === pb[i]);
}
