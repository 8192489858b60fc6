import { defineCheck } from '../../src/check.js';
import { parseMediaType } from '../../src/oci/media-type.js';
import { specLink } from '../../src/spec.js';

// spec.md#pulling-manifests: "The registry SHOULD NOT include parameters on the Content-Type
// header" (v1.1.0), "the Content-Type header SHOULD match what the client pushed" (v1.0.1),
// and a manifest's mediaType field, when present, must agree with Content-Type (v1.0.1,
// CVE-2021-41190; PULL-08 makes clients reject disagreeing bodies).
export default defineCheck({
  meta: {
    id: 'pull/manifest-content-type',
    title: 'Manifest responses carry the pushed media type as Content-Type',
    category: 'pull',
    side: 'registry',
    level: 'SHOULD',
    requirements: ['PULL-04', 'PULL-05', 'PULL-07', 'PULL-08'],
    spec: specLink('pulling-manifests'),
    fix: 'Serve each manifest with the Content-Type it was pushed with (its mediaType), without parameters.',
    messages: {
      missing: '200 response to {{method}} of manifest {{reference}} has no Content-Type; clients cannot tell a manifest from an index.',
      parameters: "Content-Type '{{contentType}}' carries parameters; registries SHOULD NOT add them.",
      notPushed: "Served Content-Type '{{contentType}}' differs from '{{pushed}}' used when this manifest was pushed.",
      bodyMismatch: "Served Content-Type '{{contentType}}' disagrees with the manifest's mediaType '{{mediaType}}'; clients must reject it.",
    },
  },
  create(ctx) {
    return {
      'manifest.pulled'({ at, op, manifest, pushed }) {
        const contentType = manifest.contentType;
        if (contentType === undefined) {
          ctx.report({ messageId: 'missing', at, data: { method: at.request.method, reference: op.reference.value } });
          return;
        }
        const parsed = parseMediaType(contentType);
        if (parsed && parsed.params.size > 0) ctx.report({ messageId: 'parameters', at, data: { contentType } });
        const pushedType = pushed?.contentType ? parseMediaType(pushed.contentType)?.essence : undefined;
        if (parsed && pushedType && pushedType !== parsed.essence) {
          ctx.report({ messageId: 'notPushed', at, data: { contentType, pushed: pushedType }, related: [pushed?.at] });
        }
        if (parsed && manifest.mediaTypeField !== undefined && manifest.mediaTypeField.toLowerCase() !== parsed.essence) {
          ctx.report({ messageId: 'bodyMismatch', at, data: { contentType, mediaType: manifest.mediaTypeField }, severity: 'error' });
        }
      },
    };
  },
});
