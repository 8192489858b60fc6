import { defineCheck } from '../../src/check.js';
import type { OperationEvent } from '../../src/engine/events.js';
import { acceptAllows, parseAccept } from '../../src/oci/accept.js';
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
      omitsKnownType:
        "{{method}} of manifest {{reference}} got {{status}}: its Accept omits '{{type}}', the type this manifest has (entry #{{known}}), so the client cannot receive it.",
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
    return {
      'op:manifest.get': check,
      'op:manifest.head': check,
      // Known deviation C6 (a hard-coded Accept list): the manifest exists as a type the client
      // did not list, and the registry answered "not found" or "not acceptable". Listing only the
      // types one supports is allowed, so this is interop advice (info), with the evidence.
      'manifest.refused'({ at, op, status, knownAt, knownType }) {
        const accept = at.request.headers.getList('accept');
        const items = parseAccept(accept);
        // No Accept, or none naming a manifest type: `missing` / `noManifestType` said it.
        if (items.length === 0 || !accept.some((a) => isManifestEndpointMediaType(a.split(';', 1)[0]!.trim()))) return;
        if (acceptAllows(items, knownType)) return;
        const data = { method: at.request.method, reference: op.reference.value, status, type: knownType, known: knownAt.index };
        ctx.report({ messageId: 'omitsKnownType', at, data, related: [knownAt], severity: 'info' });
      },
    };
  },
});
