import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { OperationEvent } from '../../src/engine/events.js';
import type { Exchange } from '../../src/model/exchange.js';
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
    // origin + repository + tag or digest → the media type this capture saw the manifest pushed or served as.
    const known = new BoundedMap<string, { type: string; at: Exchange }>(2048);
    const keyOf = (at: Exchange, repo: string, ref: string) => `${at.request.url?.origin ?? ''} ${repo} ${ref}`;
    const remember = (at: Exchange, repo: string, refs: (string | undefined)[], type: string | undefined) => {
      if (!type) return;
      for (const ref of refs) if (ref) known.set(keyOf(at, repo, ref), { type, at });
    };

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
        return;
      }
      // Known deviation C6 (a hard-coded Accept list): the manifest exists as a type the client
      // did not list, and the registry answered "not found" or "not acceptable". Listing only the
      // types one supports is allowed, so this is interop advice (info), with the evidence.
      const status = at.response.status;
      if (at.failed || (status !== 404 && status !== 406)) return;
      const stored = known.get(keyOf(at, op.name, op.reference.value));
      if (stored && !acceptAllows(parseAccept(accept), stored.type)) {
        ctx.report({ messageId: 'omitsKnownType', at, data: { ...data, status, type: stored.type, known: stored.at.index }, related: [stored.at], severity: 'info' });
      }
    };
    return {
      'op:manifest.get': check,
      'op:manifest.head': check,
      'manifest.pushed'({ at, op, manifest }) {
        if (at.failed || at.response.status !== 201) return;
        remember(at, op.name, [op.reference.value, manifest.bodyDigest], manifest.essence);
      },
      'manifest.pulled'({ at, op, manifest }) {
        if (at.failed || at.response.status !== 200) return;
        remember(at, op.name, [op.reference.value, manifest.digestHeader], manifest.essence);
      },
    };
  },
});
