import type { Body } from '../model/body.js';
import type { CaptureInfo, CaptureNote } from '../model/capture.js';
import type { EntryRef, Exchange } from '../model/exchange.js';
import type { Operation, OperationKind, OperationOf } from '../oci/operation.js';
import type { AuthChallenge, IssuedToken, ManifestFacts, TokenRequestFacts, UploadSession } from './facts.js';

/**
 * Facts the state machine derived from the capture. Checks subscribe to these by type;
 * the union is closed so a misspelt event is a compile error, not a silent miss.
 * Events never judge: wording, severity and verdicts belong to checks.
 */
export type OciEvent =
  /** A 401 (or a token-server refusal) and the challenges it carried (possibly none). */
  | { type: 'auth.challenged'; at: Exchange; challenges: AuthChallenge[] }
  /** A request to a token endpoint (GET realm or OAuth2 POST), linked to the challenge it answers. */
  | { type: 'auth.token-requested'; at: Exchange; request: TokenRequestFacts; challenge?: AuthChallenge }
  /** A token endpoint answered; `token` is undefined when the body held none or was not JSON. */
  | { type: 'auth.token-issued'; at: Exchange; request: TokenRequestFacts; token: IssuedToken }
  /** The client repeated a challenged request (same method and URL) after the 401. */
  | { type: 'auth.retried'; at: Exchange; challenged: Exchange; challenge?: AuthChallenge; scheme: string | undefined; token?: IssuedToken }
  /** A request carried a Bearer token that this capture saw issued. */
  | { type: 'auth.token-used'; at: Exchange; token: IssuedToken; ageSeconds: number }
  /** A redirect (3xx with Location) and the hop that followed it. */
  | { type: 'redirect.followed'; from: Exchange; at: Exchange; crossOrigin: boolean }
  | { type: 'manifest.pulled'; at: Exchange; op: OperationOf<'manifest.get'> | OperationOf<'manifest.head'>; manifest: ManifestFacts; pushed?: PushedManifest }
  /** `missingBefore`: referenced digests this capture had not seen present in the repository before the push. */
  | { type: 'manifest.pushed'; at: Exchange; op: OperationOf<'manifest.put'>; manifest: ManifestFacts; missingBefore: string[] }
  /** A 404 for a blob or manifest this capture saw stored (or served) in that repository and not deleted. */
  | { type: 'content.missing-after-store'; at: Exchange; storedAt: EntryRef; reference: string; storedContentType?: string }
  /**
   * A manifest GET/HEAD answered 404 or 406 for a reference this capture saw pushed or served (and
   * not deleted since) as `knownType` (Content-Type essence). `stored`: pushed here, or served by
   * digest; false when it was only served earlier by this tag (a tag may have moved since).
   */
  | { type: 'manifest.refused'; at: Exchange; op: OperationOf<'manifest.get'> | OperationOf<'manifest.head'>; status: 404 | 406; knownAt: EntryRef; knownType: string; stored: boolean }
  /** A blob or manifest became present in a repository through this capture (upload, mount, manifest push). */
  | { type: 'content.stored'; at: Exchange; repo: string; digest: string }
  | { type: 'manifest.deleted'; at: Exchange; op: OperationOf<'manifest.delete'> }
  /** A request for content this capture saw deleted successfully (by digest or tag). */
  | { type: 'content.requested-after-delete'; at: Exchange; deletedAt: EntryRef; reference: string }
  /** Blob bytes arrived: `at` is the exchange that carried them (the storage hop after a redirect). */
  | { type: 'blob.pulled'; at: Exchange; request: Exchange; op: OperationOf<'blob.get'>; body: Body }
  | { type: 'blob.checked'; at: Exchange; op: OperationOf<'blob.head'> }
  | { type: 'blob.deleted'; at: Exchange; op: OperationOf<'blob.delete'> }
  | { type: 'upload.started'; at: Exchange; op: OperationOf<'upload.start'> | OperationOf<'upload.mount'>; session: UploadSession }
  /** Single-POST (201 on POST ?digest=) or a mount that succeeded: the blob exists without a session. */
  | { type: 'upload.created-without-session'; at: Exchange; op: OperationOf<'upload.start'> | OperationOf<'upload.mount'> }
  | { type: 'upload.chunk-sent'; at: Exchange; session: UploadSession; chunk: ChunkFacts }
  | { type: 'upload.status-checked'; at: Exchange; session: UploadSession }
  | { type: 'upload.closed'; at: Exchange; session: UploadSession; close: CloseFacts }
  | { type: 'upload.cancelled'; at: Exchange; session: UploadSession }
  /** An upload request whose session was never opened in this capture. */
  | { type: 'upload.unknown-session'; at: Exchange }
  /** Which URL a request on an upload session used, against the newest Location (`latest` when it matched). */
  | { type: 'upload.location-used'; at: Exchange; session: UploadSession; expected: string; latest: boolean; droppedParams: string[] }
  /**
   * A session neither closed nor cancelled by the end of the capture, and what came after it.
   * `laterRequest`: the last request the same client sent to the session's registry (the origin
   * of its POST), when it started after the session's last exchange had ended (the client went
   * on: the capture did not just stop mid-upload). `blobPresent`: the latest exchange, after the
   * POST, that showed the blob the POST named (`session.digest`) present in the session's
   * repository (stored by any upload or mount, or found by HEAD/GET). `storedInRepo`: the latest
   * exchange, after the POST, that stored any content in that repository.
   */
  | { type: 'upload.abandoned'; session: UploadSession; laterRequest?: Exchange; blobPresent?: EntryRef; storedInRepo?: EntryRef }
  | { type: 'tags.listed'; at: Exchange; op: OperationOf<'tags.list'>; body: JsonBody }
  | { type: 'referrers.listed'; at: Exchange; op: OperationOf<'referrers.list'>; body: JsonBody }
  /** Any 4xx/5xx response, with its parsed body when JSON. */
  | { type: 'error.returned'; at: Exchange; op: Operation; body: JsonBody }
  | { type: 'capture.noted'; note: CaptureNote }
  | { type: 'capture.end'; info: CaptureInfo };

export type EventType = OciEvent['type'];
export type EventOf<T extends EventType> = Extract<OciEvent, { type: T }>;

/** Every classified exchange is also dispatched as `op:<kind>` for checks about one endpoint. */
export interface OperationEvent<K extends OperationKind = OperationKind> {
  type: `op:${K}`;
  at: Exchange;
  op: OperationOf<K>;
}
export type OperationEventType = `op:${OperationKind}`;

export type Handlers = { [T in EventType]?: (event: EventOf<T>) => void } & {
  [K in OperationKind as `op:${K}`]?: (event: OperationEvent<K>) => void;
};

/** A JSON body as the engine saw it: parsed value, or why it could not be read. */
export type JsonBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'invalid'; error: string }
  | { kind: 'not-evaluable'; reason: string }
  | { kind: 'empty' };

export interface PushedManifest {
  at: Exchange;
  contentType?: string;
  digest?: string;
}

export interface ChunkFacts {
  /** Content-Range as sent; undefined when the client sent none (docker-style streamed PATCH). */
  contentRange?: string;
  /** Parsed inclusive range when `contentRange` is well-formed OCI syntax. */
  range?: { start: number; end: number };
  /** Byte offset the next chunk must start at (bytes already sent in this session). */
  expectedStart: number;
  /** Content-Length header value, when sent. */
  contentLength?: number;
  /** Bytes of the request body, when the capture knows them. */
  bodySize?: number;
  /** Response Range end parsed from `0-<end>`, when present. */
  responseRangeEnd?: number;
  /** Index of this chunk in the session (0 = first). */
  index: number;
}

export interface CloseFacts {
  /** `digest` query parameter of the closing PUT. */
  digest?: string;
  /** sha256 of the whole blob when every byte of the session was captured exactly. */
  computedDigest?: string;
  /** Why `computedDigest` is missing. */
  notEvaluable?: string;
  totalBytes?: number;
}
