import { parseParameters } from './media-type.js';
import { isDigit, readTokenEnd, skipWhitespace } from './lexical.js';

/**
 * `Accept` (RFC 9110 §12.5.1):
 * `#( media-range [ weight ] )`, `media-range = ( "*\/*" / ( type "/*" ) / ( type "/" subtype ) ) parameters`,
 * `weight = OWS ";" OWS "q=" qvalue`, `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`.
 * `HeaderMap.getList('accept')` already splits the list; this parses each item.
 * Media types compare case-insensitively (RFC 6838), which distribution once got wrong.
 */

export type AcceptProblem =
  /** Not `type/subtype` (or `*` `/` `*`, `type/*`). */
  | 'bad-range'
  /** `*` as type with a concrete subtype (`*\/json`), which the grammar does not allow. */
  | 'bad-wildcard'
  /** `q` is not a valid qvalue; treated as 1. */
  | 'bad-q'
  /** Parameter syntax we skipped. */
  | 'bad-params';

export interface AcceptItem {
  /** The item as given. */
  raw: string;
  /** Lower-cased type, or `*`. */
  type: string;
  /** Lower-cased subtype, or `*`. */
  subtype: string;
  /** Weight in [0, 1]; 1 when absent or invalid. */
  q: number;
  /** Media-type parameters other than `q` (and anything after it), by lower-cased name. */
  params: Map<string, string>;
  problems: AcceptProblem[];
}

/**
 * Parses RFC 9110 qvalue. Linear; returns undefined when malformed.
 */
function parseQValue(s: string): number | undefined {
  if (s.length === 0 || s.length > 5) return undefined;
  const lead = s.charCodeAt(0);
  if (lead !== 0x30 && lead !== 0x31) return undefined;
  if (s.length === 1) return lead === 0x31 ? 1 : 0;
  if (s.charCodeAt(1) !== 0x2e /* . */) return undefined;
  for (let i = 2; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return undefined;
    if (lead === 0x31 && c !== 0x30) return undefined;
  }
  return Number(s);
}

/** Parses one Accept list item. Returns undefined when it is not a media range at all. */
export function parseAcceptItem(item: string): AcceptItem | undefined {
  const problems: AcceptProblem[] = [];
  let i = skipWhitespace(item, 0);
  const typeEnd = readTokenEnd(item, i);
  if (typeEnd === i || item.charCodeAt(typeEnd) !== 0x2f /* / */) return undefined;
  const subtypeEnd = readTokenEnd(item, typeEnd + 1);
  if (subtypeEnd === typeEnd + 1) return undefined;
  const type = item.slice(i, typeEnd).toLowerCase();
  const subtype = item.slice(typeEnd + 1, subtypeEnd).toLowerCase();
  if (type === '*' && subtype !== '*') problems.push('bad-wildcard');
  i = skipWhitespace(item, subtypeEnd);
  if (i < item.length && item.charCodeAt(i) !== 0x3b /* ; */) problems.push('bad-range');
  const parsed = { params: new Map<string, string>(), malformedParams: false };
  parseParameters(item, i, parsed);
  if (parsed.malformedParams) problems.push('bad-params');
  let q = 1;
  const qRaw = parsed.params.get('q');
  if (qRaw !== undefined) {
    const value = parseQValue(qRaw);
    if (value === undefined) problems.push('bad-q');
    else q = value;
    parsed.params.delete('q');
  }
  return { raw: item, type, subtype, q, params: parsed.params, problems };
}

/** Parses every item (e.g. from `headers.getList('accept')`), dropping those that are not media ranges. */
export function parseAccept(items: readonly string[]): AcceptItem[] {
  const out: AcceptItem[] = [];
  for (const item of items) {
    const parsed = parseAcceptItem(item);
    if (parsed) out.push(parsed);
  }
  return out;
}

/** `type/subtype` lower-cased, parameters dropped. */
function bareEssence(mediaType: string): string {
  const semi = mediaType.indexOf(';');
  return (semi === -1 ? mediaType : mediaType.slice(0, semi)).trim().toLowerCase();
}

/** 3 = exact type/subtype, 2 = type/*, 1 = *\/*, 0 = no match. */
function specificity(item: AcceptItem, type: string, subtype: string): number {
  if (item.type === '*') return item.subtype === '*' ? 1 : 0;
  if (item.type !== type) return 0;
  if (item.subtype === '*') return 2;
  return item.subtype === subtype ? 3 : 0;
}

/**
 * The weight `Accept` gives `mediaType` (essence or full value; parameters ignored): the q of
 * the most specific matching range (RFC 9110 §12.5.1), 0 when nothing matches. An empty
 * item list means no Accept header: everything is acceptable (q = 1).
 */
export function acceptQuality(items: readonly AcceptItem[], mediaType: string): number {
  if (items.length === 0) return 1;
  const bare = bareEssence(mediaType);
  const slash = bare.indexOf('/');
  if (slash === -1) return 0;
  const type = bare.slice(0, slash);
  const subtype = bare.slice(slash + 1);
  let best = 0;
  let q = 0;
  for (const item of items) {
    const s = specificity(item, type, subtype);
    if (s > best || (s === best && s > 0 && item.q > q)) {
      best = s;
      q = item.q;
    }
  }
  return best === 0 ? 0 : q;
}

/** True when `mediaType` is acceptable (q > 0) under the parsed Accept items. */
export function acceptAllows(items: readonly AcceptItem[], mediaType: string): boolean {
  return acceptQuality(items, mediaType) > 0;
}

/** True when the items name `mediaType` explicitly (no wildcard), with q > 0. */
export function acceptNamesExactly(items: readonly AcceptItem[], mediaType: string): boolean {
  const essence = bareEssence(mediaType);
  return items.some((item) => item.q > 0 && `${item.type}/${item.subtype}` === essence);
}
