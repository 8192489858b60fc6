import { defineCheck } from '../../src/check.js';
import { MANIFEST_PROBLEM_MESSAGES, problemData, validateManifest } from '../../src/oci/manifest-validate.js';

// image-spec v1.1.1 manifest.md, image-index.md, descriptor.md: the shape of manifests and
// indexes, the exact empty descriptor, artifactType with an empty config, `data` equal to the
// content; distribution-spec #pushing-manifests: the client pushes the manifest it means
// (MPUSH-03 asks for mediaType, MPUSH-04 for Content-Type agreement — judged by
// push/manifest-content-type). CVE-2021-41190: no document that is both manifest and index.
export default defineCheck({
  meta: {
    id: 'push/manifest-body',
    title: 'Pushed manifests and indexes are valid for their media type',
    category: 'push',
    side: 'client',
    level: 'MUST',
    requirements: ['IMG-01', 'IMG-02', 'IMG-03', 'IMG-04', 'IMG-05', 'IMG-06', 'IMG-07', 'IMG-08'],
    spec: 'https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions',
    fix: 'Build manifests with an image-spec library; validate against the image-spec schemas before pushing.',
    messages: MANIFEST_PROBLEM_MESSAGES,
  },
  create(ctx) {
    return {
      'manifest.pushed'({ at, manifest }) {
        const body = manifest.body;
        if (body.fidelity !== 'exact') {
          ctx.notEvaluable(`request body is ${body.fidelity}${body.reason ? ` (${body.reason})` : ''}`, at);
          return;
        }
        // Not JSON at all is push/manifest-content-type's and the registry's business.
        if (!manifest.json) return;
        const type = manifest.essence ?? manifest.mediaTypeField ?? 'manifest';
        for (const p of validateManifest(manifest.json, manifest.essence)) {
          ctx.report({ messageId: p.kind, at, data: problemData(p, type), severity: p.kind === 'artifactManifest' ? 'warning' : undefined });
        }
      },
    };
  },
});
