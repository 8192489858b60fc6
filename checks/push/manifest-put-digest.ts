import { defineCheck } from '../../src/check.js';
import { parseDigest } from '../../src/oci/digest.js';
import { specLink } from '../../src/spec.js';

// spec.md#pushing-manifests: "<reference> MUST be either a digest or a tag"; a manifest pushed
// by digest is stored under that digest, which is the digest of the manifest's bytes (a
// registry answers a mismatch with 400 DIGEST_INVALID). For a Docker schema 1 signed manifest
// that is the digest of its JWS payload (distribution api.md "Digest Header").
export default defineCheck({
  meta: {
    id: 'push/manifest-put-digest',
    title: 'A manifest pushed by digest hashes to that digest',
    category: 'push',
    side: 'client',
    level: 'MUST',
    requirements: ['MPUSH-05'],
    spec: specLink('pushing-manifests'),
    fix: 'Compute the digest from the exact bytes you send (after any re-serialisation) and PUT the manifest to /v2/<name>/manifests/<that digest>, or push it by tag.',
    messages: {
      mismatch: 'Manifest PUT to {{digest}} sent {{size}} bytes that hash to {{computed}}.',
    },
  },
  create(ctx) {
    return {
      'manifest.pushed'({ at, op, manifest }) {
        if (op.reference.kind !== 'digest') return;
        const digest = op.reference.value;
        const parsed = parseDigest(digest);
        if (!parsed.ok || !parsed.wellFormed) return; // a malformed reference is pull/reference-grammar's
        if (parsed.algorithm !== 'sha256') {
          ctx.notEvaluable(`${parsed.algorithm} digests are not computed (only sha256)`, at);
          return;
        }
        const body = manifest.body;
        if (manifest.bodyDigest === undefined) {
          const jws = manifest.schema1Jws;
          ctx.notEvaluable(
            typeof jws === 'object' ? `schema 1 signed manifest whose JWS payload cannot be recovered (${jws.invalid})` : `request body is ${body.fidelity}${body.reason ? ` (${body.reason})` : ''}`,
            at,
          );
          return;
        }
        if (manifest.bodyDigest !== digest) ctx.report({ messageId: 'mismatch', at, data: { digest, size: body.size, computed: manifest.bodyDigest } });
      },
    };
  },
});
