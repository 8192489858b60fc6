import { clientLabel } from '../model/client.js';
import type { Exchange } from '../model/exchange.js';
import type { OperationOf } from '../oci/operation.js';
import { parseChunkRange, parseProgressRange } from '../oci/range.js';
import { resolveLocation, sessionKeyOf } from '../oci/upload-location.js';
import { BoundedMap } from './bounded-map.js';
import type { ContentLookup, Witness } from './content.js';
import type { Emit } from './emitter.js';
import type { ChunkFacts, CloseFacts, EventOf } from './events.js';
import type { UploadSession } from './facts.js';

type StartOp = OperationOf<'upload.start'> | OperationOf<'upload.mount'>;
export type SessionVerb = 'chunk' | 'close' | 'status' | 'cancel';

function headerNumber(ex: Exchange, name: string, response = false): number | undefined {
  const value = (response ? ex.response.headers : ex.request.headers).get(name);
  if (value === undefined || !/^\s*\d{1,15}\s*$/.test(value)) return undefined;
  return Number(value);
}

/** Bytes of a request body the capture knows the size of, exactly or as declared. */
function requestBodySize(ex: Exchange): number | undefined {
  const body = ex.request.body;
  // A redaction record keeps the real size and hash; a placeholder keeps neither.
  if (body.fidelity === 'exact' || (body.fidelity === 'redacted' && body.sha256 !== undefined)) return body.size;
  return body.declaredSize ?? headerNumber(ex, 'content-length');
}

/**
 * Upload sessions keyed by their Location path (distribution rotates `_state` on every
 * response, so the query is not part of the key). Follows POST → PATCH* → PUT | DELETE.
 */
/** Where an exchange's request went and who sent it: a session's registry and client. */
function clientOriginKey(at: Exchange): string {
  return `${at.request.origin} ${clientLabel(at.client)}`;
}

/** When an exchange ended, as far as the capture says (its start when no time is recorded). */
function endMs(at: Exchange): number {
  return at.startMs + (at.timeMs ?? 0);
}

export class UploadTracker {
  private readonly sessions = new BoundedMap<string, UploadSession>(4096);
  /** The latest request per registry origin and client, to tell an abandoned session from a capture that stopped. */
  private readonly lastRequest = new BoundedMap<string, { at: Exchange }>(4096);

  constructor(private readonly emit: Emit) {}

  /** The session a URL belongs to, whatever path shape the registry chose for it. */
  sessionFor(url: URL | undefined): UploadSession | undefined {
    return url ? this.sessions.get(sessionKeyOf(url)) : undefined;
  }

  onStart(at: Exchange, op: StartOp): void {
    if (at.failed) return;
    const status = at.response.status;
    if (status === 201) {
      this.emit({ type: 'upload.created-without-session', at, op });
      return;
    }
    if (status !== 202) return;
    const url = at.request.url;
    const origin = url?.origin ?? '';
    const locationHeader = at.response.headers.get('location');
    const location = locationHeader !== undefined && url ? resolveLocation(locationHeader, url) : undefined;
    const session: UploadSession = {
      key: location ? sessionKeyOf(location) : '',
      repo: op.name,
      origin,
      opened: at,
      state: 'open',
      bytesSent: 0,
      bytesExact: true,
      chunks: 0,
      exchanges: [at],
      mountFallback: op.kind === 'upload.mount',
    };
    if (location) session.location = location.href;
    if (op.digest !== undefined) session.digest = op.digest;
    const minLength = headerNumber(at, 'oci-chunk-min-length', true);
    if (minLength !== undefined) session.chunkMinLength = minLength;
    if (session.key) this.sessions.set(session.key, session);
    this.emit({ type: 'upload.started', at, op, session });
  }

  /** A PATCH/PUT/GET/DELETE on an upload URL. Returns false when no session is known. */
  onSessionRequest(at: Exchange, verb: SessionVerb): boolean {
    const session = this.sessionFor(at.request.url);
    if (!session) {
      this.emit({ type: 'upload.unknown-session', at });
      return false;
    }
    session.exchanges.push(at);
    this.checkLocationUse(at, session);
    switch (verb) {
      case 'chunk':
        this.onChunk(at, session);
        break;
      case 'close':
        this.onClose(at, session);
        break;
      case 'status':
        this.followLocation(at, session);
        this.emit({ type: 'upload.status-checked', at, session });
        this.resumeFrom(at, session);
        break;
      case 'cancel':
        if (!at.failed && at.response.status < 300) {
          session.state = 'cancelled';
          this.sessions.delete(session.key);
        }
        this.emit({ type: 'upload.cancelled', at, session });
        break;
    }
    return true;
  }

  /** Every exchange, in replay order: remembers the client's latest request to each origin. */
  observe(at: Exchange): void {
    // updated in place: a key per client and origin, re-inserting it per exchange only churned the map
    const key = clientOriginKey(at);
    const latest = this.lastRequest.get(key);
    if (latest) latest.at = at;
    else this.lastRequest.set(key, { at });
  }

  /** Sessions never closed or cancelled by the end of the capture, with what happened after them. */
  finish(content: ContentLookup): void {
    for (const session of this.sessions.values()) {
      if (session.state !== 'open' && session.state !== 'failed') continue;
      const opened = session.opened;
      const lastOfSession = session.exchanges[session.exchanges.length - 1] ?? opened;
      // Keyed by the POST's origin and client: the registry the session belongs to.
      const latest = this.lastRequest.get(clientOriginKey(opened))?.at;
      const event: EventOf<'upload.abandoned'> = { type: 'upload.abandoned', session };
      if (latest && !session.exchanges.includes(latest) && latest.startMs >= endMs(lastOfSession)) event.laterRequest = latest;
      // Replay is in start order: "after" is a later start than the opening POST.
      const after = (seen: Witness | undefined) => (seen && seen.ref.index !== opened.index && seen.startMs >= opened.startMs ? seen.ref : undefined);
      const blobPresent = session.digest === undefined ? undefined : after(content.presentAt(session.origin, session.repo, session.digest));
      if (blobPresent) event.blobPresent = blobPresent;
      const stored = after(content.lastStoredIn(session.origin, session.repo));
      if (stored) event.storedInRepo = stored;
      this.emit(event);
    }
    this.sessions.clear();
    this.lastRequest.clear();
  }

  private checkLocationUse(at: Exchange, session: UploadSession): void {
    const used = at.request.url;
    if (!session.location || !used) return;
    const expected = new URL(session.location);
    const droppedParams = [...new Set(expected.searchParams.keys())].filter(
      (name) => name !== 'digest' && !used.searchParams.has(name),
    );
    const latest = droppedParams.length === 0 && [...expected.searchParams].every(([k, v]) => used.searchParams.getAll(k).includes(v));
    // Stated for every request on a session, compliant or not, so the check knows it applied.
    this.emit({ type: 'upload.location-used', at, session, expected: session.location, latest, droppedParams });
  }

  /** Next requests go to the newest Location (CHUNK-08); remember it. */
  private followLocation(at: Exchange, session: UploadSession): void {
    if (at.failed || !at.request.url) return;
    const header = at.response.headers.get('location');
    if (header === undefined) return;
    const location = resolveLocation(header, at.request.url);
    if (!location) return;
    session.location = location.href;
    const key = sessionKeyOf(location);
    if (key !== session.key) {
      // Some registries move the session to a new path on each response.
      this.sessions.delete(session.key);
      session.key = key;
      this.sessions.set(key, session);
    }
  }

  /**
   * A status GET tells the client how many bytes the registry holds, and the client resumes
   * from there (CHUNK-14/15: "to get the current status after a 416 error"), so the next
   * chunk is expected at `<end-of-range> + 1`, not where the client's earlier count stood.
   */
  private resumeFrom(at: Exchange, session: UploadSession): void {
    if (at.failed || at.response.status !== 204) return;
    const range = at.response.headers.get('range');
    if (range === undefined) return;
    const progress = parseProgressRange(range);
    if (!progress.ok || progress.start !== 0) return;
    let held = progress.end + 1;
    // `0-0` is both "nothing" and "one byte" (inclusive ranges cannot say empty); `0--1` is empty.
    if (progress.end <= 0) held = progress.end === 0 && session.bytesSent === 1 ? 1 : 0;
    if (held !== session.bytesSent) {
      session.bytesSent = held;
      session.bytesExact = false;
    }
  }

  private onChunk(at: Exchange, session: UploadSession): void {
    const chunk: ChunkFacts = { expectedStart: session.bytesSent, index: session.chunks };
    const contentRange = at.request.headers.get('content-range');
    if (contentRange !== undefined) {
      chunk.contentRange = contentRange;
      const parsed = parseChunkRange(contentRange);
      if (parsed.ok && parsed.form === 'oci') chunk.range = { start: parsed.start, end: parsed.end };
    }
    const contentLength = headerNumber(at, 'content-length');
    if (contentLength !== undefined) chunk.contentLength = contentLength;
    const bodySize = requestBodySize(at);
    if (bodySize !== undefined) chunk.bodySize = bodySize;
    if (at.request.body.fidelity !== 'exact') session.bytesExact = false;
    session.chunks++;
    // Count the bytes that travelled (body, else Content-Length), not the range the client
    // claimed, so a client's off-by-one is not blamed on the registry's Range answer.
    const span = chunk.range ? chunk.range.end - chunk.range.start + 1 : 0;
    const travelled = bodySize ?? contentLength ?? span;
    if (at.failed) session.reassemblyLost ??= `a chunk (entry ${at.index}) has no recorded response: whether the registry kept it is unknown`;
    if (!at.failed && at.response.status === 202) {
      this.checkReassembly(at, session, chunk.range?.start);
      session.lastChunkIndex = at.index;
      session.bytesSent += travelled;
      const range = at.response.headers.get('range');
      if (range !== undefined) {
        const progress = parseProgressRange(range);
        if (progress.ok) chunk.responseRangeEnd = progress.end;
      }
      this.followLocation(at, session);
    }
    this.emit({ type: 'upload.chunk-sent', at, session, chunk });
  }

  /**
   * Before trusting the reader's running hash for the bytes after this request: the reader
   * hashed in file order, the engine replays in start order, and the registry's count may
   * have been reset by a status GET. Any disagreement loses reassembly for the session.
   */
  private checkReassembly(at: Exchange, session: UploadSession, rangeStart: number | undefined): void {
    if (session.reassemblyLost !== undefined) return;
    const upload = at.request.body.upload;
    const expected = session.bytesSent;
    if (!upload) session.reassemblyLost = `the reader did not see this session open, so its bytes were not hashed (entry ${at.index})`;
    else if (upload.reason !== undefined) session.reassemblyLost = upload.reason;
    else if (upload.previous !== session.lastChunkIndex) {
      session.reassemblyLost = `chunks were replayed in another order than the file holds them (entry ${at.index}): the running hash follows file order`;
    } else if (upload.offset !== expected) {
      session.reassemblyLost = `the chunk at entry ${at.index} was hashed after ${upload.offset} bytes, but the session holds ${expected}`;
    } else if (rangeStart !== undefined && rangeStart !== expected) {
      session.reassemblyLost = `Content-Range of entry ${at.index} starts at ${rangeStart}, but ${expected} bytes were sent before it`;
    }
  }

  private onClose(at: Exchange, session: UploadSession): void {
    const close: CloseFacts = {};
    const digest = at.request.url?.searchParams.get('digest');
    if (digest) close.digest = digest;
    const body = at.request.body;
    const bodySize = requestBodySize(at) ?? 0;
    close.totalBytes = session.bytesSent + bodySize;
    if (session.chunks === 0) {
      if (body.fidelity === 'exact' && body.sha256) close.computedDigest = `sha256:${body.sha256}`;
      else if (body.fidelity === 'redacted' && body.sha256) close.computedDigest = `sha256:${body.sha256}`;
      else close.notEvaluable = `request body is ${body.fidelity}${body.reason ? ` (${body.reason})` : ''}`;
    } else {
      // The closing request's running hash covers every accepted chunk and its own body.
      const range = at.request.headers.get('content-range');
      const parsed = range === undefined || bodySize === 0 ? undefined : parseChunkRange(range);
      this.checkReassembly(at, session, parsed?.ok && parsed.form === 'oci' ? parsed.start : undefined);
      const upload = body.upload;
      if (session.reassemblyLost !== undefined) close.notEvaluable = `chunks not reassembled: ${session.reassemblyLost}`;
      else if (upload?.sha256 === undefined) close.notEvaluable = `chunks not reassembled: ${upload?.reason ?? 'the closing request was not hashed onto the session'}`;
      else close.computedDigest = `sha256:${upload.sha256}`;
    }
    if (!at.failed) {
      const status = at.response.status;
      if (status === 201 || status === 204 || status === 200) {
        session.state = 'closed';
        this.sessions.delete(session.key);
      } else if (status >= 400) {
        session.state = 'failed';
      }
    }
    this.emit({ type: 'upload.closed', at, session, close });
  }
}
