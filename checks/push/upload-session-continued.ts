import { defineCheck } from '../../src/check.js';
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
export default defineCheck({
  meta: {
    id: 'push/upload-session-continued',
    title: 'A 202 upload session (after a mount or a single POST too) is continued or cancelled',
    category: 'push',
    side: 'client',
    level: 'SHOULD',
    requirements: ['MOUNT-05', 'BPUSH-09', 'BPUSH-01', 'CHUNK-11', 'CHUNK-16'],
    spec: specLink('mounting-a-blob-from-another-repository'),
    fix: 'When a POST is answered 202 with a Location (a mount the registry could not do, a single POST it does not support, or a plain session), upload the blob there (PATCH/PUT to that Location, whatever its path looks like) or cancel it with DELETE; do not give up the push.',
    messages: {
      mountFallback:
        'The registry could not mount {{digest}} into {{repo}} and opened an upload session instead (202, Location {{location}}); the client never used or cancelled it, the blob never reached {{repo}}, and the client went on with other requests ({{later}}).',
      singlePostFallback:
        'The registry answered the single POST of {{digest}} with 202 and an upload session (Location {{location}}) instead of storing it; the client never sent the PUT there or cancelled the session, the blob never reached {{repo}}, and the client went on with other requests ({{later}}).',
      sessionUnused:
        'The upload session opened in {{repo}} (202, Location {{location}}) received no request at all, no blob reached {{repo}} afterwards, and the client went on with other requests ({{later}}).',
    },
  },
  create(ctx) {
    return {
      // Judged at the end, but every session opened is one this rule watches: it applies.
      'upload.started'() {},
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
        const messageId = session.mountFallback ? 'mountFallback' : session.digest !== undefined ? 'singlePostFallback' : 'sessionUnused';
        ctx.report({ messageId, at: opened, data, related: [laterRequest], confidence: 'inferred' });
      },
    };
  },
});
