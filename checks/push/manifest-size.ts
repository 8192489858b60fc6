import { defineCheck } from '../../src/check.js';
import type { JsonBody } from '../../src/engine/events.js';
import type { Exchange } from '../../src/model/exchange.js';
import { readErrorBody } from '../../src/oci/error-body.js';
import { specLink } from '../../src/spec.js';

// spec.md#pushing-manifests (v1.1.0+): a registry should set a maximum manifest size and answer
// a push over it with 413 Payload Too Large; registries (and clients) should be able to handle
// manifests of at least 4 megabytes. Digest §6 item 21: distribution enforces 4 MiB on pull.
const FOUR_MIB = 4 * 1024 * 1024;

/** Words an error uses when it refuses content for its size (not SIZE_INVALID's "length mismatch"). */
const SIZE_WORDS = /too (?:large|big)|exceed|limit|maxim|\bmax\b|payload too/i;

/** Bytes of the manifest: Content-Length, else the exact body's size. */
function manifestSize(at: Exchange): number | undefined {
  const header = at.request.headers.get('content-length');
  if (header !== undefined && /^\s*\d{1,15}\s*$/.test(header)) return Number(header);
  const body = at.request.body;
  if (body.fidelity === 'exact' || (body.fidelity === 'redacted' && body.sha256 !== undefined)) return body.size;
  return undefined;
}

/** The error entry that refuses the manifest for its size, when the body has one. */
function sizeError(body: JsonBody): { code: string; text: string } | undefined {
  if (body.kind !== 'json') return undefined;
  for (const entry of readErrorBody(body.value).entries) {
    const text = [entry.message ?? '', entry.detail === undefined ? '' : JSON.stringify(entry.detail)].join(' ');
    if (SIZE_WORDS.test(text)) return { code: entry.code ?? '(no code)', text: (entry.message ?? text).slice(0, 120) };
  }
  return undefined;
}

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
    fix: 'Accept manifests of at least 4 MiB, and refuse larger ones (past your own limit) with 413 Payload Too Large.',
    messages: {
      refusedSmall: 'Manifest PUT of {{size}} bytes (within 4 MiB) was refused for its size ({{how}}); registries should handle manifests of at least 4 MB.',
      wrongStatus: 'Manifest PUT was refused for its size with {{status}} ({{how}}); a manifest over the registry\'s limit should get 413 Payload Too Large.',
    },
  },
  create(ctx) {
    return {
      // Every manifest push is in scope; an accepted one shows no refusal and needs no judging.
      'op:manifest.put'() {},
      'error.returned'({ at, op, body }) {
        if (op.kind !== 'manifest.put' || at.failed) return;
        const status = at.response.status;
        if (status === 401 || status === 403 || status === 404 || status === 429 || status >= 500) return;
        if (status !== 413 && body.kind === 'not-evaluable') {
          ctx.notEvaluable(`error body of the refused manifest PUT is not readable (${body.reason}): cannot tell whether it was refused for its size`, at);
          return;
        }
        const error = sizeError(body);
        if (status !== 413 && !error) return; // not refused for its size, as far as the capture shows
        const how = error ? `${status} ${error.code}: ${error.text}` : `${status}`;
        if (status !== 413) ctx.report({ messageId: 'wrongStatus', at, data: { status, how } });
        const size = manifestSize(at);
        if (size === undefined) {
          ctx.notEvaluable('manifest size unknown (no Content-Length, body not exact)', at);
          return;
        }
        if (size <= FOUR_MIB) ctx.report({ messageId: 'refusedSmall', at, data: { size, how } });
      },
    };
  },
});
