import { defineCheck } from '../../src/check.js';
import type { Exchange } from '../../src/model/exchange.js';
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
    /** Latest exchange that showed content present, by `origin repo digest` and by `origin repo`. */
    const presentBlob = new Map<string, Exchange>();
    const storedInRepo = new Map<string, Exchange>();
    const originOf = (at: Exchange) => at.request.url?.origin ?? '';
    function sawPresent(at: Exchange, repo: string, digest: string, stored: boolean): void {
      presentBlob.set(`${originOf(at)} ${repo} ${digest}`, at);
      if (stored) storedInRepo.set(`${originOf(at)} ${repo}`, at);
    }
    // Replay is in start order, so "afterwards" compares start times.
    const after = (seen: Exchange | undefined, opened: Exchange) => seen !== undefined && seen.startMs >= opened.startMs && seen !== opened;

    return {
      'content.stored'({ at, repo, digest }) {
        sawPresent(at, repo, digest, true);
      },
      // Someone else stored it meanwhile: a HEAD or GET that finds it settles the blob too.
      'op:blob.head'({ at, op }) {
        if (!at.failed && at.response.status === 200) sawPresent(at, op.name, op.digest, false);
      },
      'op:blob.get'({ at, op }) {
        if (!at.failed && (at.response.status === 200 || at.response.status === 307 || at.response.status === 302)) sawPresent(at, op.name, op.digest, false);
      },
      'upload.abandoned'({ session, laterRequest }) {
        // Only a session given and never touched: a used one is judged by the chunk/close rules.
        if (session.exchanges.length !== 1) return;
        const opened = session.opened;
        const url = opened.request.url;
        if (!url) return;
        // The blob the POST was about: `mount=` of a mount, `digest=` of a single POST; a plain POST names none.
        const digest = (session.mountFallback ? url.searchParams.get('mount') : url.searchParams.get('digest')) || undefined;
        const origin = originOf(opened);
        const settled = digest !== undefined
          ? after(presentBlob.get(`${origin} ${session.repo} ${digest}`), opened)
          : after(storedInRepo.get(`${origin} ${session.repo}`), opened);
        if (settled) return;
        if (!laterRequest) {
          ctx.notEvaluable('an upload session was opened by the last request(s) the client sent to the registry; the capture ends before showing whether it went on', opened);
          return;
        }
        const later = `${laterRequest.request.method} ${laterRequest.request.url?.pathname ?? laterRequest.request.rawUrl}`;
        const data = { repo: session.repo, location: session.location ?? '(none)', digest: digest ?? '', later };
        const messageId = session.mountFallback ? 'mountFallback' : digest !== undefined ? 'singlePostFallback' : 'sessionUnused';
        ctx.report({ messageId, at: opened, data, related: [laterRequest], confidence: 'inferred' });
      },
    };
  },
});
