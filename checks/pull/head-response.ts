import { defineCheck } from '../../src/check.js';
import type { Exchange } from '../../src/model/exchange.js';
import { specLink } from '../../src/spec.js';

// spec.md#checking-if-content-exists-in-the-registry: a HEAD "MUST" answer 200 with no body
// when the content exists; "the response SHOULD contain … Content-Length" (v1.1.0; MUST on
// main) and Docker-Content-Digest (blob: HEAD-02).
export default defineCheck({
  meta: {
    id: 'pull/head-response',
    title: 'HEAD of a blob or manifest returns Content-Length (and the digest) without a body',
    category: 'pull',
    side: 'registry',
    level: 'SHOULD',
    levels: { main: 'MUST' },
    requirements: ['HEAD-01', 'HEAD-02', 'HEAD-03'],
    spec: specLink('checking-if-content-exists-in-the-registry'),
    fix: 'Answer HEAD with the same headers as GET (Content-Length = object size, Docker-Content-Digest) and no body.',
    messages: {
      noLength: '200 response to HEAD {{path}} has no Content-Length; clients use it as the object size.',
      body: '200 response to HEAD {{path}} carries a {{size}}-byte body; HEAD responses have none.',
      noDigest: '200 response to HEAD of blob {{path}} has no Docker-Content-Digest.',
    },
  },
  create(ctx) {
    const severity = ctx.severity;
    function verify(at: Exchange, isBlob: boolean) {
      if (at.failed || at.response.status !== 200) return;
      const path = at.request.url?.pathname ?? at.request.rawUrl;
      if (!at.response.headers.has('content-length') && ctx.spec !== '1.0.1') ctx.report({ messageId: 'noLength', at, data: { path }, severity });
      const body = at.response.body;
      if (body.fidelity === 'exact' && body.size > 0) ctx.report({ messageId: 'body', at, data: { path, size: body.size }, severity: 'error' });
      if (isBlob && !at.response.headers.has('docker-content-digest')) ctx.report({ messageId: 'noDigest', at, data: { path }, severity });
    }
    return {
      'op:manifest.head'({ at }) {
        verify(at, false);
      },
      'op:blob.head'({ at }) {
        verify(at, true);
      },
    };
  },
});
