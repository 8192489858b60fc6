import { defineCheck } from '../../src/check.js';
import type { Exchange } from '../../src/model/exchange.js';
import { parseRequestRange, parseResponseContentRange, type RangeSpec } from '../../src/oci/range.js';
import { specLink } from '../../src/spec.js';

/** The byte span a single range asks for in a blob of `size` bytes, or undefined if unsatisfiable. */
function span(spec: RangeSpec, size: number): { start: number; end: number } | undefined {
  if (spec.kind === 'suffix') return spec.length === 0 || size === 0 ? undefined : { start: Math.max(0, size - spec.length), end: size - 1 };
  if (spec.first >= size) return undefined;
  return { start: spec.first, end: Math.min(spec.last ?? size - 1, size - 1) };
}

// spec.md#pulling-blobs (v1.1.1): registries SHOULD support range requests as RFC 9110 §14
// defines them (BLOB-06). So a single byte range is answered with 206 and a Content-Range
// `bytes first-last/size` naming the bytes sent, or with 416 and `bytes */size` when it cannot
// be satisfied; ignoring the Range header (200, whole blob) is allowed by HTTP but not support.
export default defineCheck({
  meta: {
    id: 'pull/range-response',
    title: 'Blob range requests are answered as RFC 9110 defines',
    category: 'pull',
    side: 'registry',
    level: 'SHOULD',
    versions: ['1.1.1', 'main'],
    requirements: ['BLOB-06'],
    spec: specLink('pulling-blobs'),
    fix: 'Answer a blob GET with Range: bytes=a-b with 206 and Content-Range: bytes a-b/<size> (or 416 with Content-Range: bytes */<size> when a is past the end).',
    messages: {
      ignored: 'GET of blob {{digest}} with Range {{range}} was answered 200 with the whole blob; the registry does not support range requests.',
      noContentRange: '206 answer to GET of blob {{digest}} with Range {{range}} has no valid Content-Range ({{value}}).',
      wrongRange: '206 answer to Range {{range}} says Content-Range {{value}}, but the range asks for bytes {{expected}}.',
      wrongLength: '206 answer with Content-Range {{value}} carries {{size}} bytes; the range spans {{span}}.',
      unsatisfiedHeader: '416 answer to GET of blob {{digest}} with Range {{range}} lacks Content-Range: bytes */<size> ({{value}}).',
    },
  },
  create(ctx) {
    function judge(at: Exchange, digest: string) {
      const header = at.request.headers.get('range');
      if (header === undefined || at.failed) return;
      const parsed = parseRequestRange(header);
      // Multi-range and non-byte units are outside what registries are asked to support.
      if (!parsed.ok || parsed.unit !== 'bytes' || parsed.ranges.length !== 1) return;
      const status = at.response.status;
      const value = at.response.headers.get('content-range') ?? '(none)';
      const base = { digest, range: header, value };
      if (status === 200) {
        ctx.report({ messageId: 'ignored', at, data: base });
        return;
      }
      if (status === 416) {
        const cr = parseResponseContentRange(value);
        if (!cr.ok || cr.kind !== 'unsatisfied') ctx.report({ messageId: 'unsatisfiedHeader', at, data: base, severity: 'error' });
        return;
      }
      if (status !== 206) return;
      const cr = parseResponseContentRange(value);
      if (!cr.ok || cr.kind !== 'range' || cr.unit !== 'bytes') {
        ctx.report({ messageId: 'noContentRange', at, data: base, severity: 'error' });
        return;
      }
      const wanted = cr.size !== undefined ? span(parsed.ranges[0]!, cr.size) : undefined;
      if (wanted && (wanted.start !== cr.start || wanted.end !== cr.end)) {
        ctx.report({ messageId: 'wrongRange', at, data: { ...base, expected: `${wanted.start}-${wanted.end}` }, severity: 'error' });
        return;
      }
      const body = at.response.body;
      if (body.fidelity !== 'exact') {
        ctx.notEvaluable(`response body is ${body.fidelity}`, at);
        return;
      }
      const length = cr.end - cr.start + 1;
      if (body.size !== length) ctx.report({ messageId: 'wrongLength', at, data: { ...base, size: body.size, span: length }, severity: 'error' });
    }
    return {
      // 200/206 from the registry or from the storage it redirected to.
      'blob.pulled'({ at, op }) {
        judge(at, op.digest);
      },
      'op:blob.get'({ at, op }) {
        if (at.response.status === 416) judge(at, op.digest);
      },
    };
  },
});
