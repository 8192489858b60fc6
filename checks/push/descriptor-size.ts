import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import { isRecord } from '../../src/engine/json-body.js';
import type { Exchange } from '../../src/model/exchange.js';

interface Seen {
  bytes: number;
  at: Exchange;
  how: string;
}

// image-spec v1.1.1 descriptor.md: `size` is the length in bytes of the raw content the
// descriptor names, and content whose length differs must not be trusted. A client that pushes
// a manifest names its blobs by digest and size; when this capture shows the bytes of such a
// blob (uploaded, or its length answered by a HEAD/GET of the same registry), the manifest's
// size must be that length.
export default defineCheck({
  meta: {
    id: 'push/descriptor-size',
    title: 'Descriptor sizes in a pushed manifest match the bytes of the content',
    category: 'push',
    side: 'client',
    level: 'MUST',
    requirements: ['IMG-03'],
    spec: 'https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties',
    fix: 'Set each descriptor’s size to the byte length of the blob or manifest it names (the length uploaded, not an uncompressed size).',
    messages: {
      mismatch: 'Descriptor {{where}} of the pushed manifest names {{digest}} with size {{size}}, but that content is {{bytes}} bytes ({{how}} at entry #{{seenAt}}).',
    },
  },
  create(ctx) {
    /** digest → its byte length as this capture showed it. */
    const lengths = new BoundedMap<string, Seen>(16384);
    return {
      'upload.closed'({ at, close }) {
        if (at.failed || at.response.status !== 201 || !close.digest || close.totalBytes === undefined) return;
        lengths.set(close.digest, { bytes: close.totalBytes, at, how: 'uploaded' });
      },
      'blob.checked'({ at, op }) {
        const length = at.response.headers.get('content-length');
        if (at.failed || at.response.status !== 200 || length === undefined || !/^\s*\d{1,15}\s*$/.test(length)) return;
        if (!lengths.has(op.digest)) lengths.set(op.digest, { bytes: Number(length), at, how: 'Content-Length of a HEAD' });
      },
      'manifest.pushed'({ at, manifest }) {
        if (manifest.bodyDigest && manifest.body.fidelity === 'exact') lengths.set(manifest.bodyDigest, { bytes: manifest.body.size, at, how: 'pushed manifest' });
        const doc = manifest.json;
        if (!doc) return;
        const found: [string, Record<string, unknown>][] = [];
        if (isRecord(doc.config)) found.push(['config', doc.config]);
        for (const key of ['layers', 'manifests'] as const) {
          const list = doc[key];
          if (Array.isArray(list)) list.forEach((d, i) => isRecord(d) && found.push([`${key}[${i}]`, d]));
        }
        for (const [where, d] of found) {
          if (typeof d.digest !== 'string' || typeof d.size !== 'number') continue;
          const seen = lengths.get(d.digest);
          if (!seen || seen.bytes === d.size) continue;
          ctx.report({ messageId: 'mismatch', at, data: { where, digest: d.digest, size: d.size, bytes: seen.bytes, how: seen.how, seenAt: seen.at.index }, related: [seen.at], confidence: seen.how === 'uploaded' || seen.how === 'pushed manifest' ? 'observed' : 'inferred' });
        }
      },
    };
  },
});
