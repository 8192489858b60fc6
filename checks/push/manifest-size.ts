import { defineCheck } from '../../src/check.js';
import type { Exchange } from '../../src/model/exchange.js';
import { parseErrorBody } from '../../src/oci/error-body.js';
import { specLink } from '../../src/spec.js';

/** Registries and clients SHOULD handle manifests of at least this size (4 MiB). */
const FLOOR = 4 * 1024 * 1024;
const SIZE_WORDS = /too (large|big)|exceed|size|limit/i;

/** Bytes of the pushed manifest: the captured body, else Content-Length. */
function manifestSize(at: Exchange): number | undefined {
  const body = at.request.body;
  if (body.fidelity === 'exact') return body.size;
  const header = at.request.headers.get('content-length');
  return header !== undefined && /^\s*\d{1,15}\s*$/.test(header) ? Number(header) : undefined;
}

/** True when a refusal's error body says the manifest is too big. */
function refusedForSize(at: Exchange): boolean {
  const text = at.response.body.text;
  if (text === undefined) return false;
  const parsed = parseErrorBody(text);
  return parsed.entries.some((e) => e.code === 'SIZE_INVALID' || (e.code === 'MANIFEST_INVALID' && SIZE_WORDS.test(e.message ?? '')));
}

// spec.md#pushing-manifests (v1.1.0): registries SHOULD enforce a maximum manifest size and
// answer an oversized push with 413 (MPUSH-11); registries and clients SHOULD handle manifests
// of at least 4 MB (MPUSH-12; PR #293). distribution enforces its limit on pull, not push
// (issue #4636): only refusals seen on the push are judged.
export default defineCheck({
  meta: {
    id: 'push/manifest-size',
    title: 'Manifests up to 4 MiB are accepted; larger ones are refused with 413',
    category: 'push',
    side: 'registry',
    level: 'SHOULD',
    versions: ['1.1.0', '1.1.1', 'main'],
    requirements: ['MPUSH-11', 'MPUSH-12'],
    spec: specLink('pushing-manifests'),
    fix: 'Accept manifests of at least 4 MiB; refuse larger ones than your limit with 413 Payload Too Large.',
    messages: {
      smallRefused: 'Manifest push of {{size}} bytes was refused as too large ({{status}}), but registries should accept manifests of at least 4 MiB ({{floor}} bytes).',
      not413: 'Manifest push of {{size}} bytes was refused for its size with {{status}}; an oversized manifest should be answered with 413.',
    },
  },
  create(ctx) {
    return {
      'op:manifest.put'({ at }) {
        if (at.failed || at.response.status < 400) return;
        const status = at.response.status;
        const forSize = status === 413 || refusedForSize(at);
        if (!forSize) return;
        const size = manifestSize(at);
        if (size === undefined) {
          ctx.notEvaluable('size of the refused manifest unknown (body not captured, no Content-Length)', at);
          return;
        }
        const data = { size, status, floor: FLOOR };
        if (size <= FLOOR) ctx.report({ messageId: 'smallRefused', at, data });
        else if (status !== 413) ctx.report({ messageId: 'not413', at, data });
      },
    };
  },
});
