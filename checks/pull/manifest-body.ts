import { defineCheck } from '../../src/check.js';
import { MANIFEST_PROBLEM_MESSAGES, problemData, validateManifest } from '../../src/oci/manifest-validate.js';

// image-spec v1.1.1 (manifest, index, descriptor) as in push/manifest-body, seen from the pull
// side: a registry serving such a document accepted it without validation (it MAY refuse it
// with MANIFEST_INVALID, distribution-spec #pushing-manifests), and clients should reject it
// (PULL-08 for the mediaType case). When this capture shows the push, the client-side rule
// already reported it, so the pull is not reported again.
export default defineCheck({
  meta: {
    id: 'pull/manifest-body',
    title: 'Served manifests and indexes are valid for their media type',
    category: 'pull',
    side: 'registry',
    level: 'SHOULD',
    requirements: ['IMG-01', 'IMG-02', 'IMG-03', 'IMG-04', 'IMG-05', 'IMG-06', 'IMG-07', 'IMG-08', 'PULL-08'],
    spec: 'https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions',
    fix: 'Validate manifests on push and refuse invalid ones with 400 MANIFEST_INVALID, so none is ever served.',
    messages: MANIFEST_PROBLEM_MESSAGES,
  },
  create(ctx) {
    return {
      'manifest.pulled'({ at, manifest, pushed }) {
        if (at.request.method !== 'GET' || at.failed || at.response.status !== 200 || pushed) return;
        const body = manifest.body;
        if (body.fidelity !== 'exact') {
          ctx.notEvaluable(`response body is ${body.fidelity}${body.reason ? ` (${body.reason})` : ''}`, at);
          return;
        }
        if (!manifest.json) return;
        const type = manifest.essence ?? manifest.mediaTypeField ?? 'manifest';
        for (const p of validateManifest(manifest.json, manifest.essence)) {
          ctx.report({ messageId: p.kind, at, data: problemData(p, type), severity: p.kind === 'artifactManifest' ? 'info' : 'warning' });
        }
      },
    };
  },
});
