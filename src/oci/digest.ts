import { isAlnum, isLowerAlnum, isLowerHex, isUpperHexLetter } from './lexical.js';
import { isTagChar } from './tag.js';

/**
 * Digest grammar (image-spec descriptor.md):
 * ```
 * digest              ::= algorithm ":" encoded
 * algorithm           ::= algorithm-component (algorithm-separator algorithm-component)*
 * algorithm-component ::= [a-z0-9]+
 * algorithm-separator ::= [+._-]
 * encoded             ::= [a-zA-Z0-9=_-]+
 * ```
 * i.e. `^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$`, scanned by hand in one pass.
 * Implementations SHOULD accept grammar-valid digests with unknown algorithms, so an
 * unregistered algorithm is not a parse failure; `registered`/`wellFormed` say more.
 */

export interface AlgorithmInfo {
  /** Length of the lower-case hex encoding. */
  hexLength: number;
  /** Registered in released image-spec (v1.1.1): sha256 (MUST implement), sha512 (MAY). */
  registered: boolean;
  /** Where the algorithm comes from, for messages. */
  note: string;
}

/**
 * Algorithms whose encoding we know. Only sha256 and sha512 are registered in image-spec
 * v1.1.1; blake3 is registered on image-spec main only (unreleased); sha384 is accepted by
 * go-digest but never registered. All use lower-case hex; upper-case hex is forbidden.
 */
export const DIGEST_ALGORITHMS: ReadonlyMap<string, AlgorithmInfo> = new Map([
  ['sha256', { hexLength: 64, registered: true, note: 'image-spec registered (MUST implement)' }],
  ['sha512', { hexLength: 128, registered: true, note: 'image-spec registered (MAY implement)' }],
  ['blake3', { hexLength: 64, registered: false, note: 'image-spec main only (unreleased)' }],
  ['sha384', { hexLength: 96, registered: false, note: 'go-digest only, not registered in image-spec' }],
]);

export type DigestSyntaxError =
  | 'empty'
  /** No `:` separating algorithm and encoded part. */
  | 'missing-colon'
  /** Algorithm part empty, or a separator at its start/end or doubled. */
  | 'bad-algorithm'
  /** Encoded part empty or containing a character outside `[a-zA-Z0-9=_-]`. */
  | 'bad-encoded';

/** Why a grammar-valid digest is not well-formed for its (known) algorithm. */
export type DigestEncodingProblem =
  /** Upper-case hex letters where image-spec requires `[a-f0-9]`. */
  | 'uppercase-hex'
  /** Characters other than hex digits. */
  | 'not-hex'
  /** Wrong number of hex characters for the algorithm. */
  | 'wrong-length';

export interface ParsedDigest {
  ok: true;
  /** The digest exactly as given. */
  digest: string;
  algorithm: string;
  encoded: string;
  /** sha256 or sha512 (image-spec v1.1.1). */
  registered: boolean;
  /** The algorithm is one we know the encoding of (see DIGEST_ALGORITHMS). */
  known: boolean;
  /**
   * Grammar-valid and, for a known algorithm, the encoded part is exactly its lower-case
   * hex length. Unknown algorithms are well-formed when grammar-valid.
   */
  wellFormed: boolean;
  /** Set when `wellFormed` is false. */
  problem?: DigestEncodingProblem;
}

export interface DigestParseError {
  ok: false;
  reason: DigestSyntaxError;
  /** Index of the offending character. */
  index: number;
}

export type DigestParse = ParsedDigest | DigestParseError;

/** `[a-zA-Z0-9=_-]` */
function isEncodedChar(c: number): boolean {
  return isAlnum(c) || c === 0x3d || c === 0x5f || c === 0x2d;
}

/** `[+._-]` */
function isAlgorithmSeparator(c: number): boolean {
  return c === 0x2b || c === 0x2e || c === 0x5f || c === 0x2d;
}

function encodingProblem(encoded: string, hexLength: number): DigestEncodingProblem | undefined {
  let upper = false;
  for (let i = 0; i < encoded.length; i++) {
    const c = encoded.charCodeAt(i);
    if (isLowerHex(c)) continue;
    if (isUpperHexLetter(c)) upper = true;
    else return 'not-hex';
  }
  if (upper) return 'uppercase-hex';
  if (encoded.length !== hexLength) return 'wrong-length';
  return undefined;
}

/** Parses a digest string. Never throws; linear time. */
export function parseDigest(s: string): DigestParse {
  if (s.length === 0) return { ok: false, reason: 'empty', index: 0 };
  const colon = s.indexOf(':');
  if (colon === -1) return { ok: false, reason: 'missing-colon', index: s.length };
  // algorithm: [a-z0-9]+ ([+._-] [a-z0-9]+)*  over s[0, colon)
  let i = 0;
  for (;;) {
    const runStart = i;
    while (i < colon && isLowerAlnum(s.charCodeAt(i))) i++;
    if (i === runStart) return { ok: false, reason: 'bad-algorithm', index: i };
    if (i === colon) break;
    if (!isAlgorithmSeparator(s.charCodeAt(i))) return { ok: false, reason: 'bad-algorithm', index: i };
    i++;
  }
  // encoded: [a-zA-Z0-9=_-]+
  if (colon + 1 >= s.length) return { ok: false, reason: 'bad-encoded', index: colon + 1 };
  for (let j = colon + 1; j < s.length; j++) {
    if (!isEncodedChar(s.charCodeAt(j))) return { ok: false, reason: 'bad-encoded', index: j };
  }
  const algorithm = s.slice(0, colon);
  const encoded = s.slice(colon + 1);
  const info = DIGEST_ALGORITHMS.get(algorithm);
  const parsed: ParsedDigest = {
    ok: true,
    digest: s,
    algorithm,
    encoded,
    registered: info?.registered ?? false,
    known: info !== undefined,
    wellFormed: true,
  };
  if (info) {
    const problem = encodingProblem(encoded, info.hexLength);
    if (problem) {
      parsed.wellFormed = false;
      parsed.problem = problem;
    }
  }
  return parsed;
}

/** True when `s` matches the digest grammar (any algorithm). */
export function isDigestSyntax(s: string): boolean {
  return parseDigest(s).ok;
}

/** True when `s` is a registered-algorithm digest with a correct lower-case hex encoding. */
export function isRegisteredWellFormedDigest(s: string): boolean {
  const d = parseDigest(s);
  return d.ok && d.registered && d.wellFormed;
}

/**
 * `sha256:<hex>` from a hex sha256 (as `Body.sha256` holds it), lower-cased. Returns
 * undefined when `hex` is not 64 hex characters.
 */
export function digestOfSha256Hex(hex: string): string | undefined {
  const lower = hex.toLowerCase();
  if (lower.length !== 64) return undefined;
  for (let i = 0; i < 64; i++) if (!isLowerHex(lower.charCodeAt(i))) return undefined;
  return `sha256:${lower}`;
}

/** Digest of the zero-length blob (sha256 of no bytes). */
export const EMPTY_BLOB_DIGEST = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * The empty descriptor (image-spec manifest.md "Guidance for an Empty Descriptor"): media
 * type `application/vnd.oci.empty.v1+json`, content the two bytes `{}`.
 */
export const EMPTY_DESCRIPTOR_DIGEST = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
export const EMPTY_DESCRIPTOR_SIZE = 2;
/** Base64 of `{}`, the optional `data` field of the empty descriptor. */
export const EMPTY_DESCRIPTOR_DATA = 'e30=';

/** Referrers tag schema: algorithm part capped at 32 characters. */
export const REFERRERS_TAG_ALGORITHM_MAX = 32;
/** Referrers tag schema: encoded part capped at 64 characters. */
export const REFERRERS_TAG_ENCODED_MAX = 64;

/**
 * The fallback tag for a subject digest (distribution-spec "Referrers Tag Schema", rule of
 * PR #563 on main, same result as 1.1.x for sha256/sha512): truncate the algorithm to 32
 * characters and the encoded part to 64, join them with `-`, and replace every character
 * not allowed in a tag with `-`. `sha256:<64hex>` → `sha256-<64hex>`.
 * Returns undefined when `digest` does not match the digest grammar.
 */
export function referrersTagForDigest(digest: string): string | undefined {
  const d = parseDigest(digest);
  if (!d.ok) return undefined;
  const raw = `${d.algorithm.slice(0, REFERRERS_TAG_ALGORITHM_MAX)}-${d.encoded.slice(0, REFERRERS_TAG_ENCODED_MAX)}`;
  let out = '';
  for (let i = 0; i < raw.length; i++) out += isTagChar(raw.charCodeAt(i)) ? raw[i] : '-';
  return out;
}
