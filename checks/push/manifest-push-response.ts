import { defineCheck } from '../../src/check.js';
import { specLink } from '../../src/spec.js';

// spec.md#pushing-manifests: "Upon a successful upload, the registry MUST return response code
// 201 Created, and MUST include the following header: Location: <location>". "If the
// registry returns a Docker-Content-Digest header, it MUST match the digest of the manifest
// provided by the client" (v1.1.0+, wording of v1.1.1).
export default defineCheck({
  meta: {
    id: 'push/manifest-push-response',
    title: 'Manifest push answers 201 with Location and the client digest',
    category: 'push',
    side: 'registry',
    level: 'MUST',
    requirements: ['MPUSH-09', 'MPUSH-10'],
    spec: specLink('pushing-manifests'),
    fix: 'Answer an accepted manifest with 201 Created, Location: <manifest URL> and, if sent, Docker-Content-Digest equal to the sha256 of the exact bytes received.',
    messages: {
      wrongStatus: 'Manifest PUT succeeded with {{status}}; the spec requires 201 Created.',
      missingLocation: '201 response to a manifest PUT has no Location header.',
      digestMismatch: 'Docker-Content-Digest {{header}} does not match the digest of the manifest the client sent ({{body}}).',
    },
  },
  create(ctx) {
    return {
      'manifest.pushed'({ at, manifest }) {
        if (at.failed) return;
        const status = at.response.status;
        if (status === 200 || status === 202 || status === 204) {
          ctx.report({ messageId: 'wrongStatus', at, data: { status } });
          return;
        }
        if (status !== 201) return;
        if (!at.response.headers.has('location')) ctx.report({ messageId: 'missingLocation', at });
        const header = manifest.digestHeader;
        if (header === undefined || !header.startsWith('sha256:')) return;
        if (manifest.bodyDigest === undefined) {
          ctx.notEvaluable(`manifest request body is ${manifest.body.fidelity}`, at);
          return;
        }
        if (header !== manifest.bodyDigest) {
          ctx.report({ messageId: 'digestMismatch', at, data: { header, body: manifest.bodyDigest }, severity: ctx.spec === '1.0.1' ? 'warning' : 'error' });
        }
      },
    };
  },
});
