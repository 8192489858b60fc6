import { defineCheck } from '../../src/check.js';
import { specLink } from '../../src/spec.js';

// spec.md#pulling-blobs: a GET of an existing blob answers 200 with the bytes, and the successful
// response carries the blob's digest in Docker-Content-Digest (SHOULD through v1.1.1; MUST on main,
// PR #595). A 206 is a slice of the blob: any digest header there names the whole blob (digest
// hints §4.4), and its absence is not judged here. HEAD is pull/head-response's.
export default defineCheck({
  meta: {
    id: 'pull/blob-digest-header',
    title: 'Blob GET returns Docker-Content-Digest',
    category: 'pull',
    side: 'registry',
    level: 'SHOULD',
    levels: { main: 'MUST' },
    requirements: ['BLOB-02'],
    spec: specLink('pulling-blobs'),
    fix: 'Send Docker-Content-Digest: <blob digest> on every 200 to GET /v2/<name>/blobs/<digest> (on the redirect too when the bytes come from storage).',
    messages: {
      missing: '200 response to GET of blob {{digest}} has no Docker-Content-Digest header.',
      empty: 'Docker-Content-Digest is present but empty on GET of blob {{digest}}.',
      missingOnRedirect: 'GET of blob {{digest}} was redirected ({{status}}) to {{host}}; neither the redirect nor the 200 from storage carries Docker-Content-Digest.',
    },
  },
  create(ctx) {
    return {
      'blob.pulled'({ at, request, op }) {
        if (at.failed || at.response.status !== 200) return;
        const redirected = request !== at;
        // Through a redirect the storage service answers; the registry can only put the header on its redirect.
        const header = (redirected ? request.response.headers.get('docker-content-digest') : undefined) ?? at.response.headers.get('docker-content-digest');
        const data = { digest: op.digest, status: request.response.status, host: at.request.url?.host ?? at.request.rawUrl };
        if (header === undefined) {
          if (!redirected) ctx.report({ messageId: 'missing', at, data });
          // The 200 comes from a service the spec does not bind; the registry could still have sent the header: info.
          else ctx.report({ messageId: 'missingOnRedirect', at: request, data, related: [at], severity: 'info' });
        } else if (header.trim() === '') {
          ctx.report({ messageId: 'empty', at: redirected && request.response.headers.has('docker-content-digest') ? request : at, data });
        }
      },
    };
  },
});
