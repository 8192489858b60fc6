import { defineCheck } from '../../src/check.js';
import { parseProgressRange } from '../../src/oci/range.js';
import { specLink } from '../../src/spec.js';

// spec.md#pushing-a-blob-in-chunks (v1.1.0+): "GET <location>" on an upload in progress — "The
// response MUST be 204 No Content … and MUST include … Location: <location> Range: 0-<end-of-range>".
export default defineCheck({
  meta: {
    id: 'push/upload-status-response',
    title: 'Upload status answers 204 with Location and Range: 0-<end>',
    category: 'push',
    side: 'registry',
    level: 'MUST',
    requirements: ['CHUNK-14', 'LOC-04'],
    spec: specLink('pushing-a-blob-in-chunks'),
    versions: ['1.1.0', '1.1.1', 'main'],
    fix: 'Answer GET on an open upload with 204 No Content, Location: <upload URL> and Range: 0-<index of the last byte received>.',
    messages: {
      wrongStatus: 'Upload status GET of an open session answered {{status}}; the spec requires 204 No Content.',
      missingLocation: '204 response to an upload status GET has no Location header.',
      missingRange: "204 response to an upload status GET has {{range}}; expected Range: 0-<end>.",
    },
  },
  create(ctx) {
    return {
      'upload.status-checked'({ at }) {
        if (at.failed) return;
        const status = at.response.status;
        if (status === 200 || status === 202) {
          ctx.report({ messageId: 'wrongStatus', at, data: { status } });
          return;
        }
        if (status !== 204) return; // 404 for an unknown or expired session is allowed
        if (!at.response.headers.has('location')) ctx.report({ messageId: 'missingLocation', at });
        const range = at.response.headers.get('range');
        const parsed = range === undefined ? undefined : parseProgressRange(range);
        if (!parsed?.ok || parsed.start !== 0) {
          ctx.report({ messageId: 'missingRange', at, data: { range: range === undefined ? 'no Range header' : `Range '${range}'` } });
        }
      },
    };
  },
});
