/**
 * OCI error bodies (distribution-spec "Error Codes"): a 4xx body MAY be in any format, but
 * if it is JSON it MUST be `{"errors":[{"code":…,"message":…,"detail":…},…]}`; `code` is
 * an identifier of upper-case letters and `_` from the table below; `message` optional
 * text; `detail` optional, any JSON.
 */

export interface ErrorCodeInfo {
  /** Row id in the 1.1.x table (`code-1` … `code-14`); undefined for non-OCI codes. */
  id?: string;
  /** Row id in the 1.0.x table (`code-1` … `code-10`, `code-12` … `code-15`). */
  idV10?: string;
  /** Where the code comes from. */
  kind: ErrorCodeKind;
  /** Paraphrased meaning, for messages. */
  meaning: string;
  /** The status distribution uses for it. */
  typicalStatus: number;
}

export type ErrorCodeKind =
  /** In the distribution-spec error table. */
  | 'oci'
  /** Emitted by distribution/Docker registries but not in the OCI table (ERR-04: "legacy"). */
  | 'legacy'
  /** Defined by the OCI extensions document. */
  | 'extension';

const oci = (n: number, meaning: string, typicalStatus: number): ErrorCodeInfo => ({
  id: `code-${n}`,
  idV10: `code-${n <= 10 ? n : n + 1}`,
  kind: 'oci',
  meaning,
  typicalStatus,
});

/** Every code we know, by name. */
export const ERROR_CODES: ReadonlyMap<string, ErrorCodeInfo> = new Map<string, ErrorCodeInfo>([
  ['BLOB_UNKNOWN', oci(1, 'blob unknown to registry', 404)],
  ['BLOB_UPLOAD_INVALID', oci(2, 'blob upload invalid', 404)],
  ['BLOB_UPLOAD_UNKNOWN', oci(3, 'blob upload unknown to registry', 404)],
  ['DIGEST_INVALID', oci(4, 'provided digest did not match uploaded content', 400)],
  ['MANIFEST_BLOB_UNKNOWN', oci(5, 'manifest references a manifest or blob unknown to registry', 400)],
  ['MANIFEST_INVALID', oci(6, 'manifest invalid', 400)],
  ['MANIFEST_UNKNOWN', oci(7, 'manifest unknown to registry', 404)],
  ['NAME_INVALID', oci(8, 'invalid repository name', 400)],
  ['NAME_UNKNOWN', oci(9, 'repository name not known to registry', 404)],
  ['SIZE_INVALID', oci(10, 'provided length did not match content length', 400)],
  ['UNAUTHORIZED', oci(11, 'authentication required', 401)],
  ['DENIED', oci(12, 'requested access to the resource is denied', 403)],
  ['UNSUPPORTED', oci(13, 'the operation is unsupported', 405)],
  ['TOOMANYREQUESTS', oci(14, 'too many requests', 429)],
  ['UNKNOWN', { kind: 'legacy', meaning: 'unknown error', typicalStatus: 500 }],
  ['UNAVAILABLE', { kind: 'legacy', meaning: 'service unavailable', typicalStatus: 503 }],
  ['RANGE_INVALID', { kind: 'legacy', meaning: 'invalid content range', typicalStatus: 416 }],
  ['TAG_INVALID', { kind: 'legacy', meaning: 'manifest tag did not match URI (schema 1)', typicalStatus: 400 }],
  ['MANIFEST_UNVERIFIED', { kind: 'legacy', meaning: 'manifest failed signature verification (schema 1)', typicalStatus: 400 }],
  ['PAGINATION_NUMBER_INVALID', { kind: 'legacy', meaning: 'invalid number of results requested', typicalStatus: 400 }],
  ['EXTENSION_UNKNOWN', { kind: 'extension', meaning: 'extension unknown to registry', typicalStatus: 404 }],
]);

/** How a code relates to the spec's table: `unknown` codes violate ERR-02. */
export function errorCodeKind(code: string): ErrorCodeKind | 'unknown' {
  return ERROR_CODES.get(code)?.kind ?? 'unknown';
}

/** `^[A-Z_]+$` without a regex. */
export function isErrorCodeSyntax(code: string): boolean {
  if (code.length === 0) return false;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (!((c >= 0x41 && c <= 0x5a) || c === 0x5f)) return false;
  }
  return true;
}

export type ErrorBodyProblemKind =
  /** The text is not JSON (allowed: a 4xx body may be in any format). */
  | 'not-json'
  /** JSON, but not an object. */
  | 'not-object'
  /** No `errors` member. */
  | 'missing-errors'
  | 'errors-not-array'
  /** `errors` is an empty array. */
  | 'errors-empty'
  | 'entry-not-object'
  | 'missing-code'
  | 'code-not-string'
  /** `code` is a string but not `^[A-Z_]+$`. */
  | 'code-syntax'
  /** `code` not in any table we know. */
  | 'code-unknown'
  /** A Docker-era code outside the OCI table. */
  | 'code-legacy'
  | 'message-not-string';

export interface ErrorBodyProblem {
  kind: ErrorBodyProblemKind;
  /** Index in `errors` for per-entry problems. */
  index?: number;
  /** The offending code, for code problems. */
  code?: string;
}

export interface ErrorEntry {
  /** The `code` when it is a string. */
  code?: string;
  message?: string;
  /** `detail` as given (any JSON); undefined when absent. */
  detail?: unknown;
  /** Which table `code` comes from; undefined when `code` is missing or not a string. */
  kind?: ErrorCodeKind | 'unknown';
}

export interface ParsedErrorBody {
  /** The text parsed as JSON. */
  json: boolean;
  /** The JSON has the required shape (object with an `errors` array of objects with string codes). */
  shapeOk: boolean;
  entries: ErrorEntry[];
  /** Every string code, in order. */
  codes: string[];
  problems: ErrorBodyProblem[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks an already-parsed JSON value against the error-body shape. */
export function readErrorBody(value: unknown): ParsedErrorBody {
  const out: ParsedErrorBody = { json: true, shapeOk: false, entries: [], codes: [], problems: [] };
  if (!isRecord(value)) {
    out.problems.push({ kind: 'not-object' });
    return out;
  }
  if (!('errors' in value)) {
    out.problems.push({ kind: 'missing-errors' });
    return out;
  }
  const errors = value['errors'];
  if (!Array.isArray(errors)) {
    out.problems.push({ kind: 'errors-not-array' });
    return out;
  }
  let shapeOk = true;
  if (errors.length === 0) out.problems.push({ kind: 'errors-empty' });
  errors.forEach((raw: unknown, index) => {
    if (!isRecord(raw)) {
      shapeOk = false;
      out.problems.push({ kind: 'entry-not-object', index });
      return;
    }
    const entry: ErrorEntry = {};
    const code = raw['code'];
    if (code === undefined) {
      shapeOk = false;
      out.problems.push({ kind: 'missing-code', index });
    } else if (typeof code !== 'string') {
      shapeOk = false;
      out.problems.push({ kind: 'code-not-string', index });
    } else {
      entry.code = code;
      out.codes.push(code);
      const kind = errorCodeKind(code);
      entry.kind = kind;
      if (!isErrorCodeSyntax(code)) out.problems.push({ kind: 'code-syntax', index, code });
      else if (kind === 'unknown') out.problems.push({ kind: 'code-unknown', index, code });
      else if (kind === 'legacy') out.problems.push({ kind: 'code-legacy', index, code });
    }
    const message = raw['message'];
    if (typeof message === 'string') entry.message = message;
    else if (message !== undefined) out.problems.push({ kind: 'message-not-string', index });
    if ('detail' in raw) entry.detail = raw['detail'];
    out.entries.push(entry);
  });
  out.shapeOk = shapeOk;
  return out;
}

/** Parses a response body text as an OCI error body. Never throws. */
export function parseErrorBody(text: string): ParsedErrorBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { json: false, shapeOk: false, entries: [], codes: [], problems: [{ kind: 'not-json' }] };
  }
  return readErrorBody(value);
}
