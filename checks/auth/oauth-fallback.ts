import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { Exchange } from '../../src/model/exchange.js';
import { onEveryOperation } from '../../src/oci/operation-kinds.js';
import { tokenDocLink } from '../../src/spec.js';

// oauth.md: a token server without the OAuth2 flow answers the POST with 404; the client then
// falls back to the GET token flow (AUTH-13). Judged per realm: after a 404 to a POST, the next
// token request to that realm should be a GET. A client that never asks again although it kept
// talking afterwards gave up (inferred); one whose capture ends there is not evaluable.
export default defineCheck({
  meta: {
    id: 'auth/oauth-fallback',
    title: 'After a 404 to the OAuth2 POST, the client falls back to the GET token flow',
    category: 'auth',
    side: 'client',
    level: 'SHOULD',
    requirements: ['AUTH-13'],
    spec: tokenDocLink('oauth', 'docker-registry-v2-authentication-using-oauth2'),
    fix: 'When POST <realm> answers 404, request the token with GET <realm>?service=…&scope=… (Basic credentials if any) instead.',
    messages: {
      repeatedPost: 'The token server answered the OAuth2 POST to {{realm}} with 404 (entry #{{first}}), and the client sent the POST again instead of falling back to GET.',
      gaveUp: 'The token server answered the OAuth2 POST to {{realm}} with 404, and the client never requested a token with GET there, although it went on with other requests ({{later}}).',
    },
  },
  create(ctx) {
    /** Realm → the POST answered 404 that is waiting for a GET, and the first request after it. */
    const pending = new BoundedMap<string, { at: Exchange; later?: Exchange }>(1024);
    const everyOperation = onEveryOperation(({ at }) => {
      for (const entry of pending.values()) if (!entry.later && entry.at !== at && at.startMs >= entry.at.startMs) entry.later = at;
    });
    return {
      ...everyOperation,
      'auth.token-requested'({ at, request }) {
        const waiting = pending.get(request.realm);
        if (waiting && waiting.at !== at) {
          pending.delete(request.realm);
          if (request.grant === 'oauth2') ctx.report({ messageId: 'repeatedPost', at, data: { realm: request.realm, first: waiting.at.index }, related: [waiting.at] });
        }
        if (request.grant === 'oauth2' && !at.failed && at.response.status === 404) pending.set(request.realm, { at });
      },
      'capture.end'() {
        for (const [realm, { at, later }] of pending) {
          if (!later) ctx.notEvaluable('the capture ends right after the OAuth2 POST was answered 404', at);
          else ctx.report({ messageId: 'gaveUp', at, data: { realm, later: `${later.request.method} #${later.index}` }, related: [later], confidence: 'inferred' });
        }
      },
    };
  },
});
