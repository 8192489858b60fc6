import { defineCheck } from '../../src/check.js';
import { specLink } from '../../src/spec.js';

// spec.md#pushing-a-blob-in-chunks: "Each successive request SHOULD use the latest Location
// header value returned by the previous request." and #post-then-put: the upload URL may
// carry query parameters the client must keep ("… SHOULD NOT assemble the URL themselves").
export default defineCheck({
  meta: {
    id: 'push/upload-location-used',
    title: 'Upload requests go to the newest Location, query kept',
    category: 'push',
    side: 'client',
    level: 'SHOULD',
    requirements: ['CHUNK-08', 'LOC-03', 'BPUSH-04', 'CHUNK-15'],
    spec: specLink('pushing-a-blob-in-chunks'),
    fix: 'Send each upload request to the Location of the latest response, unchanged; add digest= without dropping its query parameters.',
    messages: {
      dropped: '{{method}} to the upload session dropped query parameter(s) {{params}} of the Location the registry returned ({{expected}}).',
      stale: '{{method}} to the upload session used an older Location; the newest one was {{expected}}.',
    },
  },
  create(ctx) {
    return {
      'upload.location-used'({ at, session, expected, latest, droppedParams }) {
        const data = { method: at.request.method, expected };
        if (droppedParams.length > 0) {
          ctx.report({ messageId: 'dropped', at, data: { ...data, params: droppedParams.join(', ') }, related: [session.opened] });
        } else if (!latest) {
          ctx.report({ messageId: 'stale', at, data, related: [session.exchanges.at(-2)] });
        }
      },
    };
  },
});
