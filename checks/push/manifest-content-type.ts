import { defineCheck } from '../../src/check.js';
import { parseMediaType } from '../../src/oci/media-type.js';
import { specAtLeast, specLink } from '../../src/spec.js';

// spec.md#pushing-manifests: "Clients SHOULD set the Content-Type header to the type of the
// manifest being pushed." "The client SHOULD NOT include parameters on the Content-Type
// header." "Manifests SHOULD include a mediaType field … the Content-Type header MUST match
// the value of the mediaType field" (v1.0.1+, the CVE-2021-41190 fix).
export default defineCheck({
  meta: {
    id: 'push/manifest-content-type',
    title: 'Manifest PUT Content-Type is the manifest mediaType, without parameters',
    category: 'push',
    side: 'client',
    level: 'MUST',
    requirements: ['MPUSH-01', 'MPUSH-02', 'MPUSH-03', 'MPUSH-04'],
    spec: specLink('pushing-manifests'),
    fix: "Put a mediaType field in every manifest and send exactly that value as Content-Type, without '; charset' or other parameters.",
    messages: {
      missing: 'Manifest PUT has no Content-Type; the registry must guess whether it is an image manifest or an index.',
      mismatch: "Content-Type '{{contentType}}' differs from the manifest's mediaType '{{mediaType}}'.",
      parameters: "Content-Type '{{contentType}}' carries parameters; clients SHOULD NOT send them.",
      noMediaType: 'Manifest body has no mediaType field (Content-Type was {{contentType}}).',
    },
  },
  create(ctx) {
    return {
      'manifest.pushed'({ at, manifest }) {
        const contentType = manifest.contentType;
        if (contentType === undefined) {
          ctx.report({ messageId: 'missing', at, severity: 'warning' });
          return;
        }
        const parsed = parseMediaType(contentType);
        // The SHOULD NOT on parameters arrived with v1.1.0.
        if (parsed && parsed.params.size > 0 && specAtLeast(ctx.spec, '1.1.0')) ctx.report({ messageId: 'parameters', at, data: { contentType }, severity: 'warning' });
        if (manifest.json === undefined) {
          ctx.notEvaluable(manifest.jsonError ? `manifest body is not JSON (${manifest.jsonError})` : `manifest body is ${manifest.body.fidelity}`, at);
          return;
        }
        if (manifest.mediaTypeField === undefined) {
          ctx.report({ messageId: 'noMediaType', at, data: { contentType }, severity: 'warning' });
          return;
        }
        if (parsed && parsed.essence !== manifest.mediaTypeField.toLowerCase()) {
          ctx.report({ messageId: 'mismatch', at, data: { contentType, mediaType: manifest.mediaTypeField } });
        }
      },
    };
  },
});
