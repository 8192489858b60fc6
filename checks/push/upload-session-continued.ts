import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { Exchange } from '../../src/model/exchange.js';
import { onEveryOperation } from '../../src/oci/operation-kinds.js';
import { specLink } from '../../src/spec.js';

// spec.md#mounting-a-blob-from-another-repository: "if a registry does not support
// cross-repository mounting or is unable to mount the requested blob, it SHOULD return a 202.
// This indicates that the upload session has begun and that the client MAY proceed with the
// upload." #single-post: "clients SHOULD proceed with a subsequent PUT request". #post-then-put:
// a 202 + Location is the session the blob goes through, and #pushing-a-blob-in-chunks: "the
// session MUST be closed with a PUT request"; main adds "When abandoning an upload, clients
// SHOULD send a DELETE" (CHUNK-16). A client that neither uses nor cancels the session it was
// given, and never gets the blob into the repository otherwise, has left its push unfinished.
// A capture shows what was sent, not why, so the verdict is inferred, and only made when the
// client demonstrably went on talking to the registry afterwards (not when the capture stops).
// #post-then-put also lets the Location be a relative path, which the client resolves against
// the URL of the request it answered (RFC 3986 §5; LOC-01, BPUSH-03): a later request naming
// the session's id under another path is that resolution gone wrong, seen directly.
export default defineCheck({
  meta: {
    id: 'push/upload-session-continued',
    title: 'A 202 upload session (after a mount or a single POST too) is continued or cancelled',
    category: 'push',
    side: 'client',
    level: 'SHOULD',
    requirements: ['MOUNT-05', 'BPUSH-09', 'BPUSH-01', 'CHUNK-11', 'CHUNK-16', 'LOC-01', 'BPUSH-03'],
    spec: specLink('mounting-a-blob-from-another-repository'),
    fix: 'When a POST is answered 202 with a Location (a mount the registry could not do, a single POST it does not support, or a plain session), upload the blob there (PATCH/PUT to that Location, whatever its path looks like) or cancel it with DELETE; do not give up the push.',
    messages: {
      mountFallback:
        'The registry could not mount {{digest}} into {{repo}} and opened an upload session instead (202, Location {{location}}); the client never used or cancelled it, the blob never reached {{repo}}, and the client went on with other requests ({{later}}).',
      singlePostFallback:
        'The registry answered the single POST of {{digest}} with 202 and an upload session (Location {{location}}) instead of storing it; the client never sent the PUT there or cancelled the session, the blob never reached {{repo}}, and the client went on with other requests ({{later}}).',
      misresolved:
        "The registry opened an upload session with the relative Location '{{raw}}', which resolves against the request URL to {{location}}; the client sent {{later}} instead, so the session never received its upload.",
      sessionUnused:
        'The upload session opened in {{repo}} (202, Location {{location}}) received no request at all, no blob reached {{repo}} afterwards, and the client went on with other requests ({{later}}).',
    },
  },
  create(ctx) {
    // Sessions opened with a relative Location, by the last path segment (the session id) of
    // the resolved URL; and the first later request that names that id under another path.
    const relative = new BoundedMap<string, { path: string; stray?: Exchange }>(4096);
    const everyOperation = onEveryOperation(({ at }) => {
      const path = at.request.url?.pathname;
      if (!path || relative.size === 0) return;
      // Look up each segment rather than scan the sessions: linear in the path, not in them.
      for (const segment of path.split('/')) {
        const entry = segment.length >= 8 ? relative.get(segment) : undefined;
        if (entry && !entry.stray && path !== entry.path) entry.stray = at;
      }
    });
    return {
      ...everyOperation,
      // Judged at the end, but every session opened is one this rule watches: it applies.
      'upload.started'({ session }) {
        const raw = session.opened.response.headers.get('location');
        const url = session.location;
        if (!raw || /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) || !url) return;
        const path = new URL(url).pathname;
        const id = path.split('/').filter(Boolean).at(-1);
        // A short last segment ('uploads') would match unrelated paths; ids are long.
        if (id && id.length >= 8) relative.set(id, { path });
      },
      'upload.abandoned'({ session, laterRequest, blobPresent, storedInRepo }) {
        // Only a session given and never touched: a used one is judged by the chunk/close rules.
        if (session.exchanges.length !== 1) return;
        // The blob arrived anyway (another session, another mount, found by HEAD), or, for a POST
        // that named no blob, the repository received content afterwards: nothing was given up.
        if (session.digest !== undefined ? blobPresent : storedInRepo) return;
        const opened = session.opened;
        if (!laterRequest) {
          ctx.notEvaluable('an upload session was opened by the last request(s) the client sent to the registry; the capture ends before showing whether it went on', opened);
          return;
        }
        const later = `${laterRequest.request.method} ${laterRequest.request.url?.pathname ?? laterRequest.request.rawUrl}`;
        // The session's URL without its query (distribution's _state is long and says nothing here).
        const data = { repo: session.repo, location: session.key, digest: session.digest ?? '', later };
        const raw = session.opened.response.headers.get('location');
        const id = session.location ? new URL(session.location).pathname.split('/').filter(Boolean).at(-1) : undefined;
        const stray = id ? relative.get(id)?.stray : undefined;
        if (stray && raw) {
          const strayLabel = `${stray.request.method} ${stray.request.url?.pathname ?? stray.request.rawUrl}`;
          ctx.report({ messageId: 'misresolved', at: opened, data: { ...data, raw, later: strayLabel }, related: [stray] });
          return;
        }
        const messageId = session.mountFallback ? 'mountFallback' : session.digest !== undefined ? 'singlePostFallback' : 'sessionUnused';
        ctx.report({ messageId, at: opened, data, related: [laterRequest], confidence: 'inferred' });
      },
    };
  },
});
