import { defineCheck } from '../../src/check.js';
import type { Body } from '../../src/model/body.js';
import type { ManifestFacts } from '../../src/engine/facts.js';
import type { Exchange } from '../../src/model/exchange.js';
import { parseDigest } from '../../src/oci/digest.js';
import { specLink } from '../../src/spec.js';

// spec.md#pulling-blobs: "If the Docker-Content-Digest header is present, it MUST match the
// digest of the blob's content"; a GET by digest returns that content (PULL-09, BLOB-01);
// a manifest fetched by digest is the manifest with that digest. A Docker schema 1 signed
// manifest's digest is that of its JWS payload, the body without its signatures (distribution
// api.md "Digest Header"), so that is what is hashed for one.
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
      bodyMismatch: '{{what}} requested as {{digest}} returned {{hashed}} hashing to {{computed}}.',
      headerMismatch: 'Docker-Content-Digest {{header}} does not match the {{hashed}} returned, which hash to {{computed}}.',
    },
  },
  create(ctx) {
    /** `manifest`: a schema 1 signed manifest is hashed as its JWS payload (api.md "Digest Header"). */
    function verify(at: Exchange, body: Body, what: string, requested: string | undefined, header: string | undefined, related?: Exchange, manifest?: ManifestFacts) {
      const sha256Requested = requested !== undefined && parseDigest(requested).ok && requested.startsWith('sha256:');
      const sha256Header = header !== undefined && header.startsWith('sha256:');
      if (!sha256Requested && !sha256Header) return;
      if (body.fidelity !== 'exact' || body.sha256 === undefined) {
        ctx.notEvaluable(`response body is ${body.fidelity}${body.reason ? ` (${body.reason})` : ''}`, at);
        return;
      }
      const jws = manifest?.schema1Jws;
      if (typeof jws === 'object') {
        ctx.notEvaluable(`schema 1 signed manifest whose JWS payload cannot be recovered (${jws.invalid})`, at);
        return;
      }
      const computed = jws === 'payload' && manifest?.bodyDigest ? manifest.bodyDigest : `sha256:${body.sha256}`;
      const hashed = jws === 'payload' ? `JWS payload of the ${body.size}-byte schema 1 signed manifest` : `${body.size} bytes`;
      const data = { what, digest: requested, hashed, computed, header };
      const rel = related && related !== at ? [related] : [];
      if (sha256Requested && computed !== requested) ctx.report({ messageId: 'bodyMismatch', at, data, related: rel });
      else if (sha256Header && computed !== header) ctx.report({ messageId: 'headerMismatch', at, data, related: rel });
    }
    return {
      'manifest.pulled'({ at, op, manifest }) {
        if (at.request.method.toUpperCase() !== 'GET') return;
        const requested = op.reference.kind === 'digest' ? op.reference.value : undefined;
        verify(at, manifest.body, 'Manifest', requested, manifest.digestHeader, undefined, manifest);
      },
      'blob.pulled'({ at, request, op, body }) {
        if (at.response.status === 206) return; // a partial body cannot be checked against the whole blob's digest
        const header = (request.response.headers.get('docker-content-digest') ?? at.response.headers.get('docker-content-digest'))?.trim();
        verify(at, body, 'Blob', op.digest, header, request);
      },
    };
  },
});
