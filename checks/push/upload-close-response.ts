import { defineCheck } from '../../src/check.js';
import { specLink } from '../../src/spec.js';

// spec.md#post-then-put / #pushing-a-blob-in-chunks / #single-post / #mounting-a-blob-from-another-repository:
// on success "the response MUST have a code of 201 Created, and MUST include … Location: <blob-location>".
export default defineCheck({
  meta: {
    id: 'push/upload-close-response',
    title: 'Completed blob upload answers 201 Created with a Location',
    category: 'push',
    side: 'registry',
    level: 'MUST',
    requirements: ['BPUSH-06', 'CHUNK-13', 'BPUSH-10', 'MOUNT-02', 'LOC-04'],
    spec: specLink('post-then-put'),
    fix: 'Answer a completed upload (closing PUT, single POST, successful mount) with 201 Created and Location: <URL of the blob>.',
    messages: {
      wrongStatus: 'Closing PUT succeeded with {{status}}; the spec requires 201 Created.',
      missingLocation: '201 response completing a blob upload ({{what}}) has no Location header for the stored blob.',
    },
  },
  create(ctx) {
    return {
      'upload.closed'({ at }) {
        if (at.failed) return;
        const status = at.response.status;
        if (status === 200 || status === 204) ctx.report({ messageId: 'wrongStatus', at, data: { status } });
        else if (status === 201 && !at.response.headers.has('location')) {
          ctx.report({ messageId: 'missingLocation', at, data: { what: 'closing PUT' } });
        }
      },
      'upload.created-without-session'({ at, op }) {
        if (!at.response.headers.has('location')) {
          ctx.report({ messageId: 'missingLocation', at, data: { what: op.kind === 'upload.mount' ? 'mount' : 'single POST' } });
        }
      },
    };
  },
});
