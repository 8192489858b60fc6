import { defineCheck } from '../../src/check.js';
import type { OperationEvent } from '../../src/engine/events.js';
import { isManifestEndpointMediaType } from '../../src/oci/media-type.js';
import { specLink } from '../../src/spec.js';

// spec.md#pulling-manifests: "A client SHOULD include an Accept header indicating which
// manifest content types it supports."
export default defineCheck({
  meta: {
    id: 'pull/manifest-accept',
    title: 'Manifest requests send Accept with the manifest types the client supports',
    category: 'pull',
    side: 'client',
    level: 'SHOULD',
    requirements: ['PULL-03'],
    spec: specLink('pulling-manifests'),
    fix: 'Send Accept listing every manifest media type you can parse (OCI manifest and index, Docker schema2 and list).',
    messages: {
      missing: '{{method}} of manifest {{reference}} sends no Accept header; registries may fall back to a legacy type or answer 404/406.',
      noManifestType: "{{method}} of manifest {{reference}} sends Accept '{{accept}}', which names no manifest media type.",
    },
  },
  create(ctx) {
    const check = ({ at, op }: OperationEvent<'manifest.get'> | OperationEvent<'manifest.head'>) => {
      const accept = at.request.headers.getList('accept');
      const data = { method: at.request.method, reference: op.reference.value };
      if (accept.length === 0) {
        ctx.report({ messageId: 'missing', at, data });
        return;
      }
      const types = accept.map((a) => a.split(';', 1)[0]!.trim());
      if (!types.some((t) => isManifestEndpointMediaType(t))) {
        ctx.report({ messageId: 'noManifestType', at, data: { ...data, accept: accept.join(', ') } });
      }
    };
    return { 'op:manifest.get': check, 'op:manifest.head': check };
  },
});
