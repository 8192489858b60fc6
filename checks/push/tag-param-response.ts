import { defineCheck } from '../../src/check.js';
import { specLink } from '../../src/spec.js';

// spec.md (main) #pushing-manifests: a manifest pushed by digest may name tags with `?tag=`; on
// success the registry MUST return an OCI-Tag header listing each tag it applied (several
// headers or comma-separated values) (MPUSH-14). So a requested tag absent from OCI-Tag was
// either refused or not reported; the capture cannot tell which, and the message says so.
export default defineCheck({
  meta: {
    id: 'push/tag-param-response',
    title: 'A manifest pushed with ?tag= answers with OCI-Tag for the tags applied',
    category: 'push',
    side: 'registry',
    level: 'MUST',
    versions: ['main'],
    requirements: ['MPUSH-14'],
    spec: specLink('pushing-manifests', 'main'),
    fix: 'On a 201 to PUT /v2/<name>/manifests/<digest>?tag=…, send OCI-Tag with every tag applied (one header per tag or a comma-separated list).',
    messages: {
      noHeader: 'Manifest pushed by digest with tag(s) {{requested}} was accepted (201) without an OCI-Tag header; the client cannot tell which tags were applied.',
      missingTag: "Manifest pushed by digest with tag(s) {{requested}} was accepted, but OCI-Tag ({{listed}}) does not list '{{tag}}': either the registry did not apply it or it did not report it.",
    },
  },
  create(ctx) {
    return {
      'op:manifest.put'({ at, op }) {
        if (op.tags.length === 0 || op.reference.kind !== 'digest' || at.failed || at.response.status !== 201) return;
        const requested = op.tags.join(', ');
        const values = at.response.headers.getAll('oci-tag');
        if (values.length === 0) {
          ctx.report({ messageId: 'noHeader', at, data: { requested } });
          return;
        }
        // Repeated headers may reach the HAR as separate entries or joined with ", ".
        const listed = new Set(values.flatMap((v) => v.split(',')).map((t) => t.trim()).filter(Boolean)); // bounded: one response's header values
        for (const tag of op.tags) {
          if (!listed.has(tag)) {
            ctx.report({ messageId: 'missingTag', at, data: { requested, listed: [...listed].join(', '), tag } });
            return;
          }
        }
      },
    };
  },
});
