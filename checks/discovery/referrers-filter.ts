import { defineCheck } from '../../src/check.js';
import { isRecord } from '../../src/engine/json-body.js';
import { specLink } from '../../src/spec.js';

// spec.md#listing-referrers: registries SHOULD support filtering with ?artifactType=, and when a
// filter was applied they MUST say so with OCI-Filters-Applied: artifactType (REF-08). Without
// the header the client has to filter by itself, so the header must be truthful both ways: a
// filter it names was really applied, and one the request did not ask for is not claimed.
export default defineCheck({
  meta: {
    id: 'discovery/referrers-filter',
    title: 'Referrers filtering by artifactType is applied as OCI-Filters-Applied says',
    category: 'discovery',
    side: 'registry',
    level: 'MUST',
    versions: ['1.1.0', '1.1.1', 'main'],
    requirements: ['REF-08'],
    spec: specLink('listing-referrers'),
    fix: 'Filter referrers by ?artifactType= and send OCI-Filters-Applied: artifactType exactly when the list was filtered.',
    messages: {
      notFiltered: "OCI-Filters-Applied says the list was filtered by artifactType={{wanted}}, but entry {{digest}} has artifactType '{{found}}'.",
      unrequested: 'OCI-Filters-Applied names {{filters}} although the request asked for no such filter.',
      notSupported: 'The request asked for artifactType={{wanted}} and the answer has no OCI-Filters-Applied header: the registry did not filter, so the client must filter the list itself.',
    },
  },
  create(ctx) {
    return {
      'referrers.listed'({ at, op, body }) {
        const header = at.response.headers.get('oci-filters-applied');
        const filters = (header ?? '').split(',').map((f) => f.trim()).filter(Boolean);
        const wanted = op.artifactType;
        if (wanted === undefined) {
          if (filters.length) ctx.report({ messageId: 'unrequested', at, data: { filters: filters.join(', ') } });
          return;
        }
        if (!filters.includes('artifactType')) {
          ctx.report({ messageId: 'notSupported', at, data: { wanted }, severity: 'warning' });
          return;
        }
        if (body.kind === 'not-evaluable') {
          ctx.notEvaluable(body.reason, at);
          return;
        }
        // A body that is not an index is discovery/referrers-response's finding.
        if (body.kind !== 'json' || !isRecord(body.value) || !Array.isArray(body.value.manifests)) return;
        for (const entry of body.value.manifests) {
          if (!isRecord(entry) || entry.artifactType === wanted) continue;
          ctx.report({ messageId: 'notFiltered', at, data: { wanted, digest: String(entry.digest), found: String(entry.artifactType ?? '(none)') } });
          return;
        }
      },
    };
  },
});
