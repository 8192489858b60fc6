import { defineCheck } from '../../src/check.js';
import { acceptAllows, parseAccept } from '../../src/oci/accept.js';
import { specLink } from '../../src/spec.js';

// spec.md#pulling-manifests: "If the manifest exists, the registry MUST return 200 OK" with the
// manifest; #pulling-blobs: "If the blob is found, the registry MUST return 200 OK". A 404 says
// "not found in the repository" — untrue for content the same capture saw stored there. A 406
// ("none of the types you accept") is untrue when the stored type is in the request's Accept.
export default defineCheck({
  meta: {
    id: 'pull/stored-content-served',
    title: 'Content the registry stored is served, not answered 404 (or 406 when its type is acceptable)',
    category: 'pull',
    side: 'registry',
    level: 'MUST',
    requirements: ['PULL-09', 'BLOB-01', 'HEAD-01'],
    spec: specLink('pulling-manifests'),
    fix: 'Serve stored manifests and blobs until they are deleted; when no acceptable manifest type exists, answer 406 (or serve the stored type) rather than 404.',
    messages: {
      missing: '{{method}} of {{reference}} answered 404 although the registry stored it in this repository at entry #{{stored}} and nothing deleted it.',
      notAcceptable: "{{method}} of manifest {{reference}} answered 404 although it was stored (entry #{{stored}}) as '{{type}}', which the request's Accept does not list; 404 tells the client it does not exist.",
      refusedAcceptable:
        "{{method}} of manifest {{reference}} answered 406 although it was stored (entry #{{stored}}) as '{{type}}', which the request's Accept allows ({{lines}} Accept line(s), one list per RFC 9110).",
    },
  },
  create(ctx) {
    return {
      'content.missing-after-store'({ at, storedAt, reference, storedContentType }) {
        const data = { method: at.request.method, reference, stored: storedAt.index, type: storedContentType };
        const accept = parseAccept(at.request.headers.getList('accept'));
        // Content negotiation has no normative algorithm (spec-digest §6.12): a miss caused by
        // Accept is reported as a warning, not as a MUST violation.
        if (storedContentType !== undefined && accept.length > 0 && !acceptAllows(accept, storedContentType)) {
          ctx.report({ messageId: 'notAcceptable', at, data, related: [storedAt], severity: 'warning' });
          return;
        }
        ctx.report({ messageId: 'missing', at, data, related: [storedAt] });
      },
      // 404s arrive as content.missing-after-store above; a 406 is wrong only when the stored
      // type is acceptable. Every Accept line counts: repeated lines are one list (RFC 9110
      // §5.3), and skopeo sends one line per type (known deviation C4 is a registry reading
      // only the first).
      'manifest.refused'({ at, op, status, knownAt, knownType, stored }) {
        if (status !== 406 || !stored) return;
        if (!acceptAllows(parseAccept(at.request.headers.getList('accept')), knownType)) return;
        const data = { method: at.request.method, reference: op.reference.value, stored: knownAt.index, type: knownType, lines: at.request.headers.getAll('accept').length };
        ctx.report({ messageId: 'refusedAcceptable', at, data, related: [knownAt] });
      },
    };
  },
});
