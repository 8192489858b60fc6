import { defineCheck } from '../../src/check.js';
import type { Exchange } from '../../src/model/exchange.js';
import { specLink } from '../../src/spec.js';

// spec.md#pushing-a-blob-in-chunks (v1.1.0): a registry with a minimum chunk size SHOULD
// advertise it as OCI-Chunk-Min-Length: <bytes> on the answer to the session-opening POST
// (CHUNK-03). Release-candidate texts put it on the PUT answer instead (fixed by PR #481), so a
// registry following them advertises where no client looks.
export default defineCheck({
  meta: {
    id: 'push/chunk-min-length-header',
    title: 'OCI-Chunk-Min-Length is a byte count on the session-opening answer',
    category: 'push',
    side: 'registry',
    level: 'SHOULD',
    versions: ['1.1.0', '1.1.1', 'main'],
    requirements: ['CHUNK-03'],
    spec: specLink('pushing-a-blob-in-chunks'),
    fix: 'Send OCI-Chunk-Min-Length: <positive integer> on the 202 that opens the upload session, not on later answers.',
    messages: {
      malformed: "OCI-Chunk-Min-Length '{{value}}' on the answer that opened the session is not a positive byte count.",
      misplaced: 'OCI-Chunk-Min-Length appears on the answer to {{method}} but not on the answer that opened the session, where clients read it.',
    },
  },
  create(ctx) {
    function misplaced(at: Exchange, opened: Exchange) {
      if (!at.response.headers.has('oci-chunk-min-length') || opened.response.headers.has('oci-chunk-min-length')) return;
      ctx.report({ messageId: 'misplaced', at, data: { method: at.request.method }, related: [opened] });
    }
    return {
      'upload.started'({ at }) {
        const value = at.response.headers.get('oci-chunk-min-length');
        if (value !== undefined && !/^\s*[1-9]\d{0,14}\s*$/.test(value)) ctx.report({ messageId: 'malformed', at, data: { value } });
      },
      'upload.chunk-sent'({ at, session }) {
        misplaced(at, session.opened);
      },
      'upload.closed'({ at, session }) {
        misplaced(at, session.opened);
      },
    };
  },
});
