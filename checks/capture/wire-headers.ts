import { defineCheck } from '../../src/check.js';
import type { Exchange } from '../../src/model/exchange.js';
import { onEveryOperation } from '../../src/oci/operation-kinds.js';

// HAR 1.2 `request.headers` is the list of headers of the request sent. Some exporters write the
// request as defined in the tool instead, without what the HTTP library adds when sending
// (Insomnia, issue #840: Host, User-Agent, Content-Length, Accept missing). Two omissions are
// impossible on the wire: an HTTP/1.1 request without Host (RFC 9112 §3.2: "A client MUST send a
// Host header field in all HTTP/1.1 request messages"), and an HTTP/1.x request with a body but
// neither Content-Length nor Transfer-Encoding (RFC 9112 §6.3: then the body length is zero).
// HTTP/2 and HTTP/3 carry :authority and frame lengths instead, so they are not judged.
interface Tally {
  first?: Exchange;
  count: number;
}

export default defineCheck({
  meta: {
    id: 'capture/wire-headers',
    title: 'Request headers are the headers sent on the wire',
    category: 'capture',
    side: 'capture',
    level: 'heuristic',
    severity: 'info',
    requirements: ['HAR-04'],
    spec: 'https://github.com/ahmadnassri/har-spec/blob/3a6b30c7734efb2584bd76cbf41ede1b2742e4c3/versions/1.2.md#request',
    fix: 'Record with a proxy or the browser (mitmproxy, Playwright recordHar, DevTools), which write the headers as sent, rather than exporting request definitions from an API tool.',
    messages: {
      noHost: 'HTTP/1.1 requests without the Host header HTTP/1.1 requires: {{count}} of {{total}} (first #{{first}}). The HAR lists the headers as defined, not as sent, so rules about missing request headers may be wrong for this capture.',
      noBodyLength: 'Requests with a body but neither Content-Length nor Transfer-Encoding, which HTTP/1.x cannot send: {{count}} (first #{{first}}). The HAR lists the headers as defined, not as sent, so rules about missing request headers may be wrong for this capture.',
    },
  },
  create(ctx) {
    const noHost: Tally = { count: 0 };
    const noBodyLength: Tally = { count: 0 };
    let http11 = 0;
    const add = (t: Tally, at: Exchange) => {
      t.count++;
      t.first ??= at;
    };
    return {
      ...onEveryOperation(({ at }) => {
        const version = at.request.httpVersion.trim().toUpperCase();
        if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') return;
        const headers = at.request.headers;
        if (version === 'HTTP/1.1') {
          http11++;
          if (!headers.has('host')) add(noHost, at);
        }
        const body = at.request.body;
        if (Math.max(body.size, body.declaredSize ?? 0) > 0 && !headers.has('content-length') && !headers.has('transfer-encoding')) add(noBodyLength, at);
      }),
      'capture.end'() {
        for (const [messageId, t] of [['noHost', noHost], ['noBodyLength', noBodyLength]] as const) {
          if (t.first) ctx.report({ messageId, at: t.first, data: { count: t.count, total: http11, first: t.first.index } });
        }
      },
    };
  },
});
