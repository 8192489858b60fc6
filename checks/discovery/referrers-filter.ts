import { defineCheck } from '../../src/check.js';
import { isRecord, referrersEntries } from '../../src/engine/json-body.js';
import { specLink } from '../../src/spec.js';

// spec.md#listing-referrers: "the registry SHOULD support filtering on artifactType"; when it
// applies a filter, "the registry MUST set the header OCI-Filters-Applied" naming the filters
// applied (comma-separated). Without the header the client has to filter the list itself.
export default defineCheck({
  meta: {
    id: 'discovery/referrers-filter',
    title: 'Referrers filtering by artifactType is applied as the OCI-Filters-Applied header says',
    category: 'discovery',
    side: 'registry',
    level: 'SHOULD',
    versions: ['1.1.0', '1.1.1', 'main'],
    requirements: ['REF-08'],
    spec: specLink('listing-referrers'),
    fix: 'On GET /v2/<name>/referrers/<digest>?artifactType=<type>, return only entries of that artifactType and send OCI-Filters-Applied: artifactType; never send the header for a filter the request did not ask for.',
    messages: {
      wrongType: 'OCI-Filters-Applied says the list is filtered on artifactType {{requested}}, yet entry {{digest}} has artifactType {{artifactType}}.',
      unrequested: "OCI-Filters-Applied names '{{filter}}' but the request asked for no such filter.",
      notFiltered: 'The request asked for artifactType {{requested}}; the response has no OCI-Filters-Applied and lists {{others}} entries of other types: the registry does not filter, so the client must filter the list itself.',
      noHeader: 'The request asked for artifactType {{requested}}; the response has no OCI-Filters-Applied, so the client cannot tell whether the registry filtered and must filter the list itself.',
    },
  },
  create(ctx) {
    return {
      'referrers.listed'({ at, op, body }) {
        const header = at.response.headers.getList('oci-filters-applied').map((f) => f.trim()).filter(Boolean);
        const applied = header.some((f) => f.toLowerCase() === 'artifacttype');
        const requested = op.artifactType;
        for (const filter of header) {
          if (filter.toLowerCase() === 'artifacttype' && requested !== undefined) continue;
          // The header states what was applied; a filter nobody asked for cannot have been.
          ctx.report({ messageId: 'unrequested', at, data: { filter }, severity: 'warning' });
        }
        if (requested === undefined) return;
        const read = referrersEntries(body);
        if ('notEvaluable' in read) {
          ctx.notEvaluable(read.notEvaluable, at);
          return;
        }
        const entries = read.entries.filter(isRecord);
        if (applied) {
          for (const entry of entries) {
            if (entry.artifactType !== requested) {
              const artifactType = typeof entry.artifactType === 'string' ? entry.artifactType : '(none)';
              // A MUST: the header is a promise the client relies on to skip its own filtering.
              ctx.report({ messageId: 'wrongType', at, data: { requested, digest: String(entry.digest), artifactType }, severity: 'error' });
            }
          }
          return;
        }
        const others = entries.filter((e) => e.artifactType !== requested).length;
        if (others > 0) ctx.report({ messageId: 'notFiltered', at, data: { requested, others } });
        // Nothing to tell filtered from unfiltered: the registry filtered without the header, or had nothing else.
        else ctx.report({ messageId: 'noHeader', at, data: { requested }, severity: 'info', confidence: 'inferred' });
      },
    };
  },
});
