import { defineCheck } from '../../src/check.js';
import { isRecord } from '../../src/engine/json-body.js';
import { parseMediaType } from '../../src/oci/media-type.js';
import { specLink } from '../../src/spec.js';

const INDEX = 'application/vnd.oci.image.index.v1+json';

// spec.md#listing-referrers: "the response MUST be an image index … Content-Type
// application/vnd.oci.image.index.v1+json"; no referrers → "an empty manifests list";
// each descriptor carries artifactType (and annotations).
export default defineCheck({
  meta: {
    id: 'discovery/referrers-response',
    title: 'Referrers API answers with an OCI image index of descriptors',
    category: 'discovery',
    side: 'registry',
    level: 'MUST',
    requirements: ['REF-04', 'REF-05', 'REF-06'],
    spec: specLink('listing-referrers'),
    versions: ['1.1.0', '1.1.1', 'main'],
    fix: 'Answer GET /v2/<name>/referrers/<digest> with Content-Type application/vnd.oci.image.index.v1+json and an index whose manifests[] (possibly empty) hold the referrers.',
    messages: {
      contentType: "Referrers response Content-Type is '{{contentType}}', not " + INDEX + '.',
      notIndex: 'Referrers response body is not an image index with a manifests array ({{problem}}).',
      noArtifactType: 'Referrers entry {{digest}} has no artifactType.',
    },
  },
  create(ctx) {
    return {
      'referrers.listed'({ at, body }) {
        const contentType = at.response.headers.get('content-type') ?? '(none)';
        if (parseMediaType(contentType)?.essence !== INDEX) ctx.report({ messageId: 'contentType', at, data: { contentType } });
        if (body.kind === 'not-evaluable') {
          ctx.notEvaluable(body.reason, at);
          return;
        }
        if (body.kind !== 'json' || !isRecord(body.value) || !Array.isArray(body.value.manifests)) {
          ctx.report({ messageId: 'notIndex', at, data: { problem: body.kind === 'invalid' ? `not JSON: ${body.error}` : 'no manifests array' } });
          return;
        }
        if (body.value.schemaVersion !== 2) ctx.report({ messageId: 'notIndex', at, data: { problem: 'schemaVersion is not 2' } });
        for (const entry of body.value.manifests) {
          if (isRecord(entry) && typeof entry.artifactType !== 'string' && entry.mediaType !== INDEX) {
            ctx.report({ messageId: 'noArtifactType', at, data: { digest: String(entry.digest) }, severity: 'warning' });
          }
        }
      },
    };
  },
});
