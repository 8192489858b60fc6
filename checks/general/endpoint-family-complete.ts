import { defineCheck, type Severity } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { JsonBody } from '../../src/engine/events.js';
import type { Exchange } from '../../src/model/exchange.js';
import { isDigestSyntax } from '../../src/oci/digest.js';
import { readErrorBody } from '../../src/oci/error-body.js';
import type { Operation } from '../../src/oci/operation.js';
import { specAtLeast, specLink } from '../../src/spec.js';

/** 405 Method Not Allowed / 501 Not Implemented: the server says the endpoint is not there. */
const NOT_IMPLEMENTED = new Set([405, 501]); // bounded: constant table
/**
 * Statuses that speak about the content or the caller, not the endpoint: 406/413/415/416 mean the
 * endpoint answered but refused this form, size, media type or range; 401/403/404/429 have their own meaning.
 */
const NOT_ABOUT_THE_ENDPOINT = new Set([401, 403, 404, 406, 413, 415, 416, 429]); // bounded: constant table

function hasUnsupportedCode(body: JsonBody): boolean {
  return body.kind === 'json' && readErrorBody(body.value).codes.includes('UNSUPPORTED');
}

function isPull(op: Operation): boolean {
  switch (op.kind) {
    case 'manifest.get':
    case 'manifest.head':
      return op.reference.kind !== 'invalid';
    case 'blob.get':
    case 'blob.head':
      return isDigestSyntax(op.digest);
    default:
      return false;
  }
}

const requestLine = (at: Exchange) => `${at.request.method.toUpperCase()} ${at.request.url?.pathname ?? ''}`;

// spec.md#conformance / #requirements: "Pull … MUST be implemented by all registries"; for Push,
// Content Discovery and Content Management, "if a registry claims to support one of these
// categories, it MUST implement all of the endpoints in that category". Deletes may be
// disabled (#content-management: 400/405 are then the answer), and the referrers API is a 1.1.0
// capability a registry may lack (404), so only pull and push are judged here.
export default defineCheck({
  meta: {
    id: 'general/endpoint-family-complete',
    title: 'Registries implement every pull endpoint, and every push endpoint once they accept pushes',
    category: 'general',
    side: 'registry',
    level: 'MUST',
    requirements: ['BASE-01', 'BASE-02'],
    spec: specLink('conformance'),
    fix: 'Serve GET and HEAD for manifests and blobs; a registry that opens upload sessions must also accept PATCH and PUT on them and manifest PUTs.',
    messages: {
      pullMissing: '{{request}} answered {{status}}{{code}}: every registry must implement GET and HEAD of manifests and blobs (pull is the required category).',
      pushIncomplete: '{{request}} answered {{status}}{{code}}, yet the registry accepted a push at {{accepted}}: a registry that takes pushes must implement every push endpoint.',
    },
  },
  create(ctx) {
    /** Per registry origin: the latest answer that accepted a push (upload session, blob or manifest stored). */
    const accepted = new BoundedMap<string, Exchange>(64);
    let lastAccepted: Exchange | undefined;
    const accept = (at: Exchange) => {
      accepted.set(at.request.origin, at);
      lastAccepted = at;
    };
    const isPushEndpoint = (op: Operation): boolean => {
      switch (op.kind) {
        case 'upload.chunk':
        case 'upload.close':
        case 'manifest.put':
          return true;
        case 'upload.start':
          return op.endpoint === 'end-4a';
        case 'upload.status':
          return specAtLeast(ctx.spec, '1.1.0');
        default:
          return false;
      }
    };

    return {
      'upload.started'({ at }) {
        accept(at);
      },
      'upload.created-without-session'({ at }) {
        accept(at);
      },
      'op:manifest.put'({ at }) {
        if (!at.failed && at.response.status === 201) accept(at);
      },
      'error.returned'({ at, op, body }) {
        if (at.failed) return;
        const status = at.response.status;
        const notImplemented = NOT_IMPLEMENTED.has(status);
        const unsupported = !notImplemented && !NOT_ABOUT_THE_ENDPOINT.has(status) && hasUnsupportedCode(body);
        if (!notImplemented && !unsupported) return;
        // A bare UNSUPPORTED code may refuse one piece of content (a media type) rather than the endpoint.
        const severity: Severity | undefined = unsupported ? 'warning' : undefined;
        const data = { request: requestLine(at), status, code: unsupported ? ' with error code UNSUPPORTED' : '' };
        if (isPull(op)) {
          ctx.report({ messageId: 'pullMissing', at, data, ...(severity ? { severity } : {}) });
          return;
        }
        if (!isPushEndpoint(op)) return;
        const before = accepted.get(at.request.origin) ?? (op.kind === 'manifest.put' || op.kind === 'upload.start' ? undefined : lastAccepted);
        if (!before || before.startMs > at.startMs) return;
        ctx.report({
          messageId: 'pushIncomplete',
          at,
          related: [before],
          data: { ...data, accepted: `${requestLine(before)} → ${before.response.status}` },
          ...(severity ? { severity } : {}),
        });
      },
    };
  },
});
