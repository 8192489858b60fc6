import { defineCheck } from '../../src/check.js';
import { specLink } from '../../src/spec.js';

// spec.md#post-then-put: "Upon success, the response MUST have a code of `202 Accepted`, and
// MUST include the following header: Location: <location>"
export default defineCheck({
  meta: {
    id: 'push/upload-session-location',
    title: 'Upload session start returns 202 with a Location header',
    category: 'push',
    side: 'registry',
    level: 'MUST',
    requirements: ['BPUSH-01', 'LOC-04', 'MOUNT-05'],
    spec: specLink('post-then-put'),
    fix: 'Answer an upload-opening POST with 202 Accepted and a Location header naming the upload URL.',
    messages: {
      missing: '{{status}} response to POST {{path}} opens an upload session but has no Location header; the client cannot continue the upload.',
    },
  },
  create(ctx) {
    return {
      'upload.started'({ at, session }) {
        if (session.location === undefined) {
          ctx.report({ messageId: 'missing', at, data: { status: at.response.status, path: at.request.url?.pathname ?? at.request.rawUrl } });
        }
      },
    };
  },
});
