import { defineCheck } from '../../src/check.js';
import { acceptAllows, parseAccept } from '../../src/oci/accept.js';
import { specLink } from '../../src/spec.js';

// spec.md#pulling-manifests: "If the manifest exists, the registry MUST return 200 OK" with the
// manifest; #pulling-blobs: "If the blob is found, the registry MUST return 200 OK". A 404 says
// "not found in the repository" — untrue for content the same capture saw stored there.
export default defineCheck({
  meta: {
    id: 'pull/stored-content-served',
    title: 'Content the registry stored is served, not answered 404',
    category: 'pull',
    side: 'registry',
    level: 'MUST',
    requirements: ['PULL-09', 'BLOB-01', 'HEAD-01'],
    spec: specLink('pulling-manifests'),
    fix: 'Serve stored manifests and blobs until they are deleted; when no acceptable manifest type exists, answer 406 (or serve the stored type) rather than 404.',
    messages: {
      missing: '{{method}} of {{reference}} answered 404 although the registry stored it in this repository at entry #{{stored}} and nothing deleted it.',
      notAcceptable: "{{method}} of manifest {{reference}} answered 404 although it was stored (entry #{{stored}}) as '{{type}}', which the request's Accept does not list; 404 tells the client it does not exist.",
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
    };
  },
});
