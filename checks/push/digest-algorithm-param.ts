import { defineCheck } from '../../src/check.js';
import { parseDigest } from '../../src/oci/digest.js';
import { specLink } from '../../src/spec.js';

// spec.md (main) #pushing-a-blob-in-chunks: a client uploading in chunks a blob whose digest is
// not sha256 SHOULD name the algorithm on the session-opening POST with ?digest-algorithm=,
// so the registry can hash the chunks as they arrive (CHUNK-02). Judged at the close, when the
// digest (and so the algorithm) is known; only for sessions that received PATCH chunks.
export default defineCheck({
  meta: {
    id: 'push/digest-algorithm-param',
    title: 'A chunked non-sha256 upload names its digest algorithm when it opens',
    category: 'push',
    side: 'client',
    level: 'SHOULD',
    versions: ['main'],
    requirements: ['CHUNK-02'],
    spec: specLink('pushing-a-blob-in-chunks', 'main'),
    fix: 'Open a chunked upload of a non-sha256 blob with POST /v2/<name>/blobs/uploads/?digest-algorithm=<algorithm>.',
    messages: {
      missing: 'Chunked upload closed with a {{algorithm}} digest, but the session was opened without ?digest-algorithm={{algorithm}}; the registry hashed the chunks with its default.',
      mismatch: 'Chunked upload opened with ?digest-algorithm={{declared}} but closed with a {{algorithm}} digest.',
    },
  },
  create(ctx) {
    return {
      'upload.closed'({ at, session, close }) {
        if (session.chunks === 0 || close.digest === undefined) return;
        const parsed = parseDigest(close.digest);
        if (!parsed.ok) return;
        const declared = session.opened.request.url?.searchParams.get('digest-algorithm') ?? undefined;
        const data = { algorithm: parsed.algorithm, declared };
        if (declared !== undefined && declared !== parsed.algorithm) ctx.report({ messageId: 'mismatch', at, data, related: [session.opened] });
        else if (declared === undefined && parsed.algorithm !== 'sha256') ctx.report({ messageId: 'missing', at, data, related: [session.opened] });
      },
    };
  },
});
