import { defineCheck } from '../../src/check.js';
import type { Exchange } from '../../src/model/exchange.js';
import { parseRequestRange, parseResponseContentRange, parseSafeInteger, type RangeSpec } from '../../src/oci/range.js';
import { specLink } from '../../src/spec.js';

// spec.md#pulling-blobs (v1.1.1): a registry SHOULD support the Range request header on blob GET
// as RFC 9110 describes. RFC 9110 §15.3.7: a 206 for a single range MUST carry Content-Range
// (`bytes first-last/complete`) and the body is exactly that slice; §15.5.17: a 416 SHOULD carry
// `Content-Range: bytes */complete`; §14.2: a server MAY ignore Range and answer 200.

/** The inclusive byte range a single range-spec selects in a representation of `size` bytes. */
function selected(spec: RangeSpec, size: number): { start: number; end: number } | undefined {
  if (spec.kind === 'suffix') return spec.length === 0 || size === 0 ? undefined : { start: Math.max(0, size - spec.length), end: size - 1 };
  if (spec.first >= size) return undefined;
  return { start: spec.first, end: spec.last === undefined ? size - 1 : Math.min(spec.last, size - 1) };
}

export default defineCheck({
  meta: {
    id: 'pull/range-response',
    title: 'Blob GET with Range answers 206 with the requested slice (or 416 with the size)',
    category: 'pull',
    side: 'registry',
    level: 'SHOULD',
    versions: ['1.1.1', 'main'],
    requirements: ['BLOB-06'],
    spec: specLink('pulling-blobs'),
    fix: 'Honour Range on blob GET: 206 with Content-Range: bytes <first>-<last>/<size> and exactly those bytes, or 416 with Content-Range: bytes */<size> when the range starts past the end.',
    messages: {
      ignored: 'GET of blob {{digest}} asked for Range {{range}} and got 200 with the whole blob: the registry does not support range requests.',
      noContentRange: '206 response to GET of blob {{digest}} (Range {{range}}) has no Content-Range header.',
      badContentRange: "206 response to GET of blob {{digest}} has Content-Range '{{contentRange}}', not bytes <first>-<last>/<size> ({{problem}}).",
      wrongRange: 'GET of blob {{digest}} asked for Range {{range}}; the 206 says it holds {{got}}, expected {{expected}}.',
      wrongLength: '206 response to GET of blob {{digest}} declares bytes {{got}} ({{expectedLength}} bytes) but the {{source}} is {{length}} bytes.',
      no416Range: "416 response to GET of blob {{digest}} (Range {{range}}) has {{contentRange}} instead of Content-Range: bytes */<size>.",
      satisfiable416: 'GET of blob {{digest}} asked for Range {{range}} and got 416, yet the blob has {{size}} bytes, so the range was satisfiable.',
    },
  },
  create(ctx) {
    /** The one byte range the request asked for, or why the request is not judged. */
    function requested(at: Exchange): { spec: RangeSpec; text: string } | undefined {
      const text = at.request.headers.get('range');
      if (text === undefined) return undefined;
      const parsed = parseRequestRange(text);
      // An unparsable or non-bytes Range is ignored by servers (RFC 9110 §14.2): nothing to judge.
      if (!parsed.ok || parsed.unit !== 'bytes') return undefined;
      if (parsed.ranges.length !== 1) {
        ctx.notEvaluable(`Range '${text}' asks for several ranges (multipart answers are not evaluated)`, at);
        return undefined;
      }
      return { spec: parsed.ranges[0]!, text };
    }

    /** Bytes the capture saw, or the declared Content-Length, with where it came from. */
    function lengthOf(at: Exchange): { length: number; source: string } | undefined {
      const body = at.response.body;
      if (body.fidelity === 'exact') return { length: body.size, source: 'body' };
      const declared = at.response.headers.get('content-length');
      if (declared !== undefined) {
        const n = parseSafeInteger(declared.trim());
        if (n.ok) return { length: n.value, source: 'Content-Length' };
      }
      return undefined;
    }

    function judge206(at: Exchange, request: Exchange, digest: string, req: { spec: RangeSpec; text: string }) {
      const data = { digest, range: req.text };
      const related = request !== at ? [request] : [];
      const severity = 'error' as const; // RFC 9110 §15.3.7: a single-part 206 MUST carry Content-Range.
      const header = at.response.headers.get('content-range');
      if (header === undefined) {
        ctx.report({ messageId: 'noContentRange', at, data, related, severity });
        return;
      }
      const cr = parseResponseContentRange(header);
      if (!cr.ok || cr.kind !== 'range' || cr.unit !== 'bytes') {
        const problem = !cr.ok ? cr.reason : cr.kind !== 'range' ? 'unsatisfied-range form on a 206' : `unit '${cr.unit}'`;
        ctx.report({ messageId: 'badContentRange', at, data: { ...data, contentRange: header, problem }, related, severity });
        return;
      }
      const got = `${cr.start}-${cr.end}/${cr.size ?? '*'}`;
      let expected: { start: number; end: number } | undefined;
      if (cr.size !== undefined) expected = selected(req.spec, cr.size);
      if (cr.size !== undefined && expected === undefined) {
        ctx.report({ messageId: 'wrongRange', at, data: { ...data, got, expected: `416 (nothing of ${cr.size} bytes is in range)` }, related, severity });
        return;
      }
      if (expected && (expected.start !== cr.start || expected.end !== cr.end)) {
        ctx.report({ messageId: 'wrongRange', at, data: { ...data, got, expected: `${expected.start}-${expected.end}/${cr.size}` }, related, severity });
        return;
      }
      // Complete length unknown (`/*`): the start must still be the one asked for.
      if (!expected && req.spec.kind === 'int' && (cr.start !== req.spec.first || (req.spec.last !== undefined && cr.end > req.spec.last))) {
        ctx.report({ messageId: 'wrongRange', at, data: { ...data, got, expected: `${req.spec.first}-${req.spec.last ?? ''}` }, related, severity });
        return;
      }
      const length = lengthOf(at);
      if (!length) {
        ctx.notEvaluable(`206 body is ${at.response.body.fidelity} and has no Content-Length, so its size cannot be compared with Content-Range`, at);
        return;
      }
      const expectedLength = cr.end - cr.start + 1;
      if (length.length !== expectedLength) {
        ctx.report({ messageId: 'wrongLength', at, data: { ...data, got: `${cr.start}-${cr.end}`, expectedLength, length: length.length, source: length.source }, related, severity });
      }
    }

    function judge200(at: Exchange, request: Exchange, digest: string, req: { spec: RangeSpec; text: string }) {
      // If-Range that failed legitimately yields the whole representation (RFC 9110 §13.1.5).
      if (at.request.headers.has('if-range')) return;
      const length = lengthOf(at);
      // Asking for everything (`0-`, or 0 to at least the last byte) and getting it all is the same answer.
      if (req.spec.kind === 'int' && req.spec.first === 0 && (req.spec.last === undefined || (length && req.spec.last >= length.length - 1))) return;
      ctx.report({ messageId: 'ignored', at, data: { digest, range: req.text }, related: request !== at ? [request] : [] });
    }

    return {
      'blob.pulled'({ at, request, op }) {
        if (at.failed) return;
        const req = requested(at);
        if (!req) return;
        if (at.response.status === 206) judge206(at, request, op.digest, req);
        else if (at.response.status === 200) judge200(at, request, op.digest, req);
      },
      'op:blob.get'({ at, op }) {
        if (at.failed || at.response.status !== 416) return;
        const req = requested(at);
        if (!req) return;
        const data = { digest: op.digest, range: req.text };
        const header = at.response.headers.get('content-range');
        const cr = header === undefined ? undefined : parseResponseContentRange(header);
        if (!cr?.ok || cr.kind !== 'unsatisfied' || cr.unit !== 'bytes') {
          ctx.report({ messageId: 'no416Range', at, data: { ...data, contentRange: header === undefined ? 'no Content-Range' : `Content-Range '${header}'` } });
          return;
        }
        if (selected(req.spec, cr.size) !== undefined) ctx.report({ messageId: 'satisfiable416', at, data: { ...data, size: cr.size } });
      },
    };
  },
});
