import { defineCheck, type Severity } from '../../src/check.js';
import type { JsonBody } from '../../src/engine/events.js';
import { readJsonBody } from '../../src/engine/json-body.js';
import type { Exchange } from '../../src/model/exchange.js';
import { digestOfSha256Hex } from '../../src/oci/digest.js';
import { readErrorBody } from '../../src/oci/error-body.js';
import type { Operation } from '../../src/oci/operation.js';
import { specLink } from '../../src/spec.js';

/** Codes that say "this does not exist": 404 (Not Found). */
const NOT_FOUND_CODES = new Set(['BLOB_UNKNOWN', 'MANIFEST_UNKNOWN', 'NAME_UNKNOWN', 'BLOB_UPLOAD_UNKNOWN']); // bounded: constant table
/** Codes that say the request itself was wrong: a 4xx (client error) status. */
const CLIENT_ERROR_CODES = new Set(['DIGEST_INVALID', 'SIZE_INVALID', 'MANIFEST_INVALID', 'NAME_INVALID', 'MANIFEST_BLOB_UNKNOWN', 'BLOB_UPLOAD_INVALID', 'UNSUPPORTED']); // bounded: constant table
/** Codes with one status of their own (distribution's mapping; HTTP's meaning of the status). */
const OWN_STATUS: Readonly<Record<string, number>> = { UNAUTHORIZED: 401, DENIED: 403, TOOMANYREQUESTS: 429 };

/** Pull and delete endpoints where the spec ties "not found" to 404 with MUST. */
function mustBeNotFound(op: Operation, code: string): string | undefined {
  switch (op.kind) {
    case 'manifest.get':
    case 'manifest.head':
      // "If the manifest is not found in the repository, the response code MUST be 404 Not Found."
      return code === 'MANIFEST_UNKNOWN' || code === 'NAME_UNKNOWN' ? 'PULL-14' : undefined;
    case 'blob.get':
    case 'blob.head':
      // "If the blob is not found in the repository, the response code MUST be 404 Not Found."
      return code === 'BLOB_UNKNOWN' || code === 'NAME_UNKNOWN' ? 'BLOB-05' : undefined;
    case 'blob.delete':
      return code === 'BLOB_UNKNOWN' ? 'DEL-05' : undefined;
    case 'manifest.delete':
      return code === 'NAME_UNKNOWN' ? 'DEL-03' : undefined;
    default:
      return undefined;
  }
}

/** Registry API endpoints (not token servers, storage hops or foreign URLs, whose error formats are their own). */
function isRegistryApi(op: Operation): boolean {
  return op.kind !== 'token' && op.kind !== 'redirect-target' && op.kind !== 'unknown';
}

function describe(at: Exchange): string {
  return `${at.request.method.toUpperCase()} ${at.request.url?.pathname ?? ''}`;
}

// spec.md#error-codes: a 4XX answer MAY carry a JSON body {"errors":[{code,…}]}, and its code names
// the failure. The table gives no status per code, but the sections do where it matters:
// spec.md#pulling-manifests "If the manifest is not found in the repository, the response code
// MUST be 404 Not Found"; #pulling-blobs likewise for blobs; #checking-if-content-exists-in-the-registry
// for HEAD; #pushing-manifests "An attempt to pull a nonexistent repository MUST return response
// code 404"; #deleting-blobs "If the blob is not found, a 404 Not Found code MUST be returned".
// Everywhere else the status is only the usual one (distribution's errcode table), so a mismatch
// there is a warning.
export default defineCheck({
  meta: {
    id: 'general/error-status',
    title: 'An error code comes with the HTTP status it stands for',
    category: 'general',
    side: 'registry',
    level: 'MUST',
    requirements: ['PULL-14', 'BLOB-05', 'HEAD-04', 'MPUSH-13', 'DEL-05', 'BPUSH-11', 'AUTH-01', 'ERR-01'],
    spec: specLink('error-codes'),
    fix: 'Answer *_UNKNOWN with 404, UNAUTHORIZED with 401, DENIED with 403, TOOMANYREQUESTS with 429 and the *_INVALID codes with a 4xx (usually 400); never send an error body with a success status.',
    messages: {
      notFoundStatus: '{{request}} answered {{status}} with error code {{code}}: the body says the content is not there, and the spec requires 404 Not Found for that ({{requirement}}).',
      unusualStatus: '{{request}} answered {{status}} with error code {{code}}, which stands for {{expected}}.',
      successWithError: '{{request}} answered {{status}} with an error body ({{code}}): content that is not there must be answered 404, and an error body belongs with a 4xx status.',
    },
  },
  create(ctx) {
    const judge = (at: Exchange, op: Operation, body: JsonBody) => {
      const status = at.response.status;
      if (body.kind === 'not-evaluable') {
        if (status >= 400) ctx.notEvaluable(body.reason, at);
        return;
      }
      if (body.kind !== 'json') return;
      const parsed = readErrorBody(body.value);
      if (!parsed.shapeOk) return;
      const request = describe(at);
      const seen = new Set<string>(); // bounded: codes of one body
      for (const code of parsed.codes) {
        if (seen.has(code)) continue;
        seen.add(code);
        const data = { request, status, code };
        if (status >= 200 && status < 300) {
          if (parsed.entries.every((e) => e.kind !== 'oci' && e.kind !== 'legacy')) continue;
          const severity: Severity = mustBeNotFound(op, code) ? 'error' : 'warning';
          ctx.report({ messageId: 'successWithError', at, data, severity });
          return;
        }
        if (NOT_FOUND_CODES.has(code)) {
          if (status === 404) continue;
          // v1.0.x named missing manifest references BLOB_UNKNOWN; that refusal is a 400, not a 404.
          if (code === 'BLOB_UNKNOWN' && op.kind === 'manifest.put' && status === 400) continue;
          // Auth and rate limits come first: a 401/403/429 says nothing about existence.
          if (status === 401 || status === 403 || status === 429) continue;
          const requirement = mustBeNotFound(op, code);
          if (requirement) ctx.report({ messageId: 'notFoundStatus', at, data: { ...data, requirement } });
          else ctx.report({ messageId: 'unusualStatus', at, data: { ...data, expected: '404 Not Found' }, severity: 'warning' });
        } else if (CLIENT_ERROR_CODES.has(code)) {
          if (status >= 400 && status < 500) continue;
          ctx.report({ messageId: 'unusualStatus', at, data: { ...data, expected: 'a 4xx client error (usually 400)' }, severity: 'warning' });
        } else {
          const expected = OWN_STATUS[code];
          if (expected === undefined || status === expected) continue;
          const name = expected === 401 ? '401 Unauthorized' : expected === 403 ? '403 Forbidden' : '429 Too Many Requests';
          ctx.report({ messageId: 'unusualStatus', at, data: { ...data, expected: name }, severity: 'warning' });
        }
      }
    };

    /** Success answers on pull endpoints: the body must be the content, not an error document. */
    const success = ({ at, op }: { at: Exchange; op: Operation }) => {
      if (at.failed || at.response.status < 200 || at.response.status > 299) return;
      const body = at.response.body;
      const looksJson = /json/i.test(at.response.headers.get('content-type') ?? '') || body.text?.trimStart().startsWith('{');
      if (!looksJson || body.size === 0) return;
      // A blob whose bytes hash to the requested digest is the content, whatever it looks like.
      if ((op.kind === 'blob.get' || op.kind === 'manifest.get') && body.fidelity === 'exact' && body.sha256) {
        const digest = digestOfSha256Hex(body.sha256);
        const requested = op.kind === 'blob.get' ? op.digest : op.reference.kind === 'digest' ? op.reference.value : undefined;
        if (digest !== undefined && digest === requested) return;
      }
      const json = readJsonBody(body);
      if (json.kind === 'not-evaluable') return;
      judge(at, op, json);
    };

    return {
      'error.returned'({ at, op, body }) {
        if (at.failed || !isRegistryApi(op)) return;
        judge(at, op, body);
      },
      'op:manifest.get': success,
      'op:blob.get': success,
    };
  },
});
