import { defineCheck } from '../../src/check.js';
import type { Body } from '../../src/model/body.js';
import type { Exchange } from '../../src/model/exchange.js';
import { parseDigest } from '../../src/oci/digest.js';
import { specLink } from '../../src/spec.js';

// spec.md#pulling-blobs: "If the Docker-Content-Digest header is present, it MUST match the
// digest of the blob's content"; a GET by digest returns that content (PULL-09, BLOB-01);
// a manifest fetched by digest is the manifest with that digest.
export default defineCheck({
  meta: {
    id: 'pull/content-digest-match',
    title: 'Content served by digest hashes to that digest (and to Docker-Content-Digest)',
    category: 'pull',
    side: 'registry',
    level: 'MUST',
    requirements: ['BLOB-01', 'BLOB-03', 'PULL-09'],
    spec: specLink('pulling-blobs'),
    fix: 'Serve the exact stored bytes for a digest, and compute Docker-Content-Digest from those bytes.',
    messages: {
      bodyMismatch: '{{what}} requested as {{digest}} returned {{size}} bytes hashing to {{computed}}.',
      headerMismatch: 'Docker-Content-Digest {{header}} does not match the {{size}} bytes returned, which hash to {{computed}}.',
    },
  },
  create(ctx) {
    function verify(at: Exchange, body: Body, what: string, requested: string | undefined, header: string | undefined, related?: Exchange) {
      const sha256Requested = requested !== undefined && parseDigest(requested).ok && requested.startsWith('sha256:');
      const sha256Header = header !== undefined && header.startsWith('sha256:');
      if (!sha256Requested && !sha256Header) return;
      if (body.fidelity !== 'exact' || body.sha256 === undefined) {
        ctx.notEvaluable(`response body is ${body.fidelity}${body.reason ? ` (${body.reason})` : ''}`, at);
        return;
      }
      const computed = `sha256:${body.sha256}`;
      const data = { what, digest: requested, size: body.size, computed, header };
      const rel = related && related !== at ? [related] : [];
      if (sha256Requested && computed !== requested) ctx.report({ messageId: 'bodyMismatch', at, data, related: rel });
      else if (sha256Header && computed !== header) ctx.report({ messageId: 'headerMismatch', at, data, related: rel });
    }
    return {
      'manifest.pulled'({ at, op, manifest }) {
        if (at.request.method.toUpperCase() !== 'GET') return;
        const requested = op.reference.kind === 'digest' ? op.reference.value : undefined;
        verify(at, manifest.body, 'Manifest', requested, manifest.digestHeader);
      },
      'blob.pulled'({ at, request, op, body }) {
        if (at.response.status === 206) return; // a partial body cannot be checked against the whole blob's digest
        const header = (request.response.headers.get('docker-content-digest') ?? at.response.headers.get('docker-content-digest'))?.trim();
        verify(at, body, 'Blob', op.digest, header, request);
      },
    };
  },
});
