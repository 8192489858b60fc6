import { defineCheck } from '../../src/check.js';
import { specLink } from '../../src/spec.js';

// spec.md#pulling-blobs: a successful blob GET "SHOULD" carry Docker-Content-Digest (through
// v1.1.1); main makes it a MUST (PR #595). The header names the digest of the whole blob.
// A registry that redirects to storage answers with a 3xx: the storage hop is not the
// registry, so only a 200 the registry itself sent is judged.
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
    fix: 'Send Docker-Content-Digest: <digest of the blob> on every 200 answer to GET /v2/<name>/blobs/<digest>.',
    messages: {
      missing: '200 response to GET of blob {{digest}} has no Docker-Content-Digest header.',
      empty: 'Docker-Content-Digest is present but empty on the GET of blob {{digest}}.',
    },
  },
  create(ctx) {
    return {
      'blob.pulled'({ at, request, op }) {
        if (at !== request || at.response.status !== 200) return;
        const header = at.response.headers.get('docker-content-digest');
        if (header === undefined) ctx.report({ messageId: 'missing', at, data: { digest: op.digest } });
        else if (header.trim() === '') ctx.report({ messageId: 'empty', at, data: { digest: op.digest } });
      },
    };
  },
});
