import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import { realmKey } from '../../src/engine/auth.js';
import { clientLabel } from '../../src/model/client.js';
import type { Exchange } from '../../src/model/exchange.js';
import { onEveryOperation } from '../../src/oci/operation-kinds.js';
import { tokenDocLink } from '../../src/spec.js';

// oauth.md (note under the title): not every token server speaks OAuth2; when the POST to the
// token endpoint is answered 404, the client is to use the GET request of token.md, which every
// token server supports (AUTH-13).
export default defineCheck({
  meta: {
    id: 'auth/oauth-fallback',
    title: 'A 404 to the OAuth2 token POST makes the client fall back to the GET token request',
    category: 'auth',
    side: 'client',
    level: 'SHOULD',
    requirements: ['AUTH-13', 'AUTH-05'],
    spec: tokenDocLink('oauth', 'distribution-registry-v2-authentication-using-oauth2'),
    fix: 'When POST <realm> answers 404, request the token with GET <realm>?service=<service>&scope=<scope> (Basic credentials on that request) instead.',
    messages: {
      retriedPost: 'The OAuth2 token POST to {{realm}} was answered 404 (the token server has no OAuth2 support), but the client sent the POST again instead of GET {{realm}}?service=…&scope=….',
      noFallback: 'The OAuth2 token POST to {{realm}} was answered 404 (the token server has no OAuth2 support) and the client went on without ever requesting GET {{realm}}?service=…&scope=….',
    },
  },
  create(ctx) {
    interface Pending {
      /** The POST answered 404. */
      at: Exchange;
      realm: string;
      client: string;
      /** The client sent the POST again (already reported). */
      retried: boolean;
      /** The latest later exchange of the same client (it went on after the 404). */
      later?: Exchange;
    }
    // Per client and realm: a POST answered 404 that no GET to the realm has followed yet.
    const pending = new BoundedMap<string, Pending>(1024);
    const keyOf = (at: Exchange, realm: string) => `${clientLabel(at.client)}\u0000${realm}`;
    return {
      ...onEveryOperation(({ at, op }) => {
        const client = clientLabel(at.client);
        const url = at.request.url;
        const realm = op.kind === 'token' && url ? realmKey(url) : undefined;
        for (const p of pending.values()) {
          if (p.client !== client || p.at === at || at.startMs < p.at.startMs) continue;
          if (realm === p.realm) continue; // judged below
          p.later = at;
        }
        if (op.kind !== 'token' || !url || realm === undefined) return;
        const key = keyOf(at, realm);
        const open = pending.get(key);
        if (op.grant === 'get') {
          // The fallback: whatever the GET was answered, the client did what the note asks.
          pending.delete(key);
          return;
        }
        const status = at.failed ? 0 : at.response.status;
        if (open && open.at !== at) {
          if (!open.retried) {
            open.retried = true;
            ctx.report({ messageId: 'retriedPost', at, data: { realm }, related: [open.at] });
          }
          open.later = at;
          return;
        }
        if (status === 404) pending.set(key, { at, realm, client, retried: false });
      }),
      'capture.end'() {
        for (const p of pending.values()) {
          if (p.retried) continue;
          if (!p.later) {
            ctx.notEvaluable(`the capture ends right after the OAuth2 token POST to ${p.realm} was answered 404, before the client could fall back to GET`, p.at);
            continue;
          }
          // Absence of the GET is only inferred: it is what the rest of the capture did not show.
          ctx.report({ messageId: 'noFallback', at: p.at, data: { realm: p.realm }, related: [p.later], confidence: 'inferred' });
        }
      },
    };
  },
});
