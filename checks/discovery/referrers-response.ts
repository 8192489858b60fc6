import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { Exchange } from '../../src/model/exchange.js';
import { validateBody } from '../../src/oci/body-schemas.js';
import { isRecord } from '../../src/engine/json-body.js';
import { parseDigest } from '../../src/oci/digest.js';
import { parseLinkHeader } from '../../src/oci/link.js';
import { parseMediaType } from '../../src/oci/media-type.js';
import { specLink } from '../../src/spec.js';

const INDEX = 'application/vnd.oci.image.index.v1+json';

// spec.md#listing-referrers: "the response MUST be an image index … Content-Type
// application/vnd.oci.image.index.v1+json"; no referrers → "an empty manifests list";
// each descriptor carries artifactType (and annotations). A registry that supports the API
// answers 200 (REF-01); 404 is how one that does not says so (clients then fall back), so any
// other refusal of a well-formed digest leaves clients with neither. Pages are linked with an
// RFC 8288 Link whose rel is "next" (REF-07).
export default defineCheck({
  meta: {
    id: 'discovery/referrers-response',
    title: 'Referrers API answers with an OCI image index of descriptors',
    category: 'discovery',
    side: 'registry',
    level: 'MUST',
    requirements: ['REF-04', 'REF-05', 'REF-06', 'REF-01', 'REF-07', 'REF-02'],
    spec: specLink('listing-referrers'),
    versions: ['1.1.0', '1.1.1', 'main'],
    fix: 'Answer GET /v2/<name>/referrers/<digest> with Content-Type application/vnd.oci.image.index.v1+json and an index whose manifests[] (possibly empty) hold the referrers.',
    messages: {
      contentType: "Referrers response Content-Type is '{{contentType}}', not " + INDEX + '.',
      notIndex: 'Referrers response body is not an image index with a manifests array ({{problem}}).',
      noArtifactType: 'Referrers entry {{digest}} has no artifactType.',
      unexpectedStatus:
        'Referrers request for the well-formed digest {{digest}} answered {{status}}: a registry with the referrers API answers 200, one without it 404 (so the client falls back to the referrers tag); {{status}} gives the client neither.',
      supportWithdrawn:
        'Referrers request answered 404, which means "no referrers API", but this registry showed it has the API at entry #{{shown}} ({{how}}); a registry with the API answers 200 with an empty list instead.',
      badLink: "Referrers response Link header '{{link}}' has no rel=\"next\" link; pages must be linked with Link: <url>; rel=\"next\".",
    },
  },
  create(ctx) {
    /** Registry origin → the exchange that showed it has the referrers API (harbor#18418, quay#3071). */
    const supported = new BoundedMap<string, { at: Exchange; how: string }>(256);
    const originOf = (at: Exchange) => at.request.origin;
    return {
      'manifest.pushed'({ at, manifest }) {
        if (manifest.subject && !at.failed && at.response.status === 201 && at.response.headers.has('oci-subject') && !supported.has(originOf(at))) {
          supported.set(originOf(at), { at, how: 'OCI-Subject on a manifest push' });
        }
      },
      'op:referrers.list'({ at, op }) {
        if (at.failed) return;
        const status = at.response.status;
        const shown = supported.get(originOf(at));
        if (status === 404 && shown) {
          ctx.report({ messageId: 'supportWithdrawn', at, data: { shown: shown.at.index, how: shown.how }, related: [shown.at] });
          return;
        }
        if (status === 200 && !shown) supported.set(originOf(at), { at, how: 'a referrers list answered 200' });
        // Auth, rate limits, redirects and passing server trouble say nothing about support;
        // a malformed digest is general/malformed-digest-refused's (400 is right for it).
        const neutral = status < 400 || [401, 403, 404, 429, 502, 503, 504].includes(status);
        const digest = parseDigest(op.digest);
        if (neutral || !digest.ok || !digest.wellFormed) return;
        ctx.report({ messageId: 'unexpectedStatus', at, data: { digest: op.digest, status } });
      },
      'referrers.listed'({ at, body }) {
        const links = at.response.headers.getAll('link');
        if (links.length && !parseLinkHeader(links).links.some((l) => l.rel.includes('next'))) {
          ctx.report({ messageId: 'badLink', at, data: { link: links.join(', ') } });
        }
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
        // The index shape from schemas/bodies/referrers (schemaVersion 2, descriptors, mediaType).
        const schemaErrors = validateBody('referrers', body.value);
        if (schemaErrors.length) ctx.report({ messageId: 'notIndex', at, data: { problem: schemaErrors.join('; ') } });
        for (const entry of body.value.manifests) {
          if (isRecord(entry) && typeof entry.artifactType !== 'string' && entry.mediaType !== INDEX) {
            ctx.report({ messageId: 'noArtifactType', at, data: { digest: String(entry.digest) }, severity: 'warning' });
          }
        }
      },
    };
  },
});
