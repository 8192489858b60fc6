import { defineCheck } from '../../src/check.js';
import { specLink } from '../../src/spec.js';

// spec.md#pushing-a-blob-in-chunks: "The POST request MUST have Content-Length: 0" when it
// opens a session for a chunked upload.
export default defineCheck({
  meta: {
    id: 'push/chunk-session-open',
    title: 'The POST opening a chunked upload sends Content-Length: 0',
    category: 'push',
    side: 'client',
    level: 'MUST',
    requirements: ['CHUNK-01'],
    spec: specLink('pushing-a-blob-in-chunks'),
    fix: 'Send POST /v2/<name>/blobs/uploads/ with Content-Length: 0 and no body before the first PATCH.',
    messages: {
      noLength: 'POST opening a chunked upload has no Content-Length: 0 header (the session then received PATCH chunks).',
      body: 'POST opening a chunked upload carries a {{size}}-byte body; it must be empty.',
    },
  },
  create(ctx) {
    return {
      'upload.chunk-sent'({ session, chunk }) {
        if (chunk.index !== 0 || session.mountFallback) return;
        const post = session.opened;
        const length = post.request.headers.get('content-length');
        const body = post.request.body;
        // The bytes held, else what the capture or the header declared (body not kept).
        const declared = length !== undefined && /^\s*\d{1,15}\s*$/.test(length) ? Number(length) : undefined;
        const size = body.fidelity === 'exact' ? body.size : (body.declaredSize ?? declared ?? 0);
        if (size > 0) ctx.report({ messageId: 'body', at: post, data: { size } });
        // Real clients (containerd) omit it and registries do not care: interop, so a warning.
        else if (length === undefined) ctx.report({ messageId: 'noLength', at: post, severity: 'warning' });
      },
    };
  },
});
