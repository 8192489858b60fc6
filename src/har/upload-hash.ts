import type { Hash } from 'node:crypto';
import type { Exchange } from '../model/exchange.js';
import { resolveLocation, sessionKeyOf } from '../oci/upload-location.js';

/**
 * Chunk reassembly without holding a blob: one running sha256 per open upload session,
 * extended in FILE order by every chunk the registry accepted (202). A request body of a
 * PATCH/PUT on a session gets `Body.upload` (see src/model/body.ts): the sha256 of all the
 * session's bytes so far including its own, computed by forking the session's hash (Hash#copy)
 * while the body is decoded. The engine checks that replay order, Content-Range and the
 * registry's byte count agree with what was hashed here before it trusts the digest.
 *
 * Sessions are opened by a POST to `…/blobs/uploads/` answered 202 with a Location, keyed by
 * origin + path of that Location (the query rotates: distribution's `_state`), moved when a
 * response names another path, and forgotten when closed, cancelled or past the cap.
 */

/** What the reader knows of a session when a PATCH/PUT body on it is decoded. */
export interface UploadPlan {
  /** `${method} ${key} ${generation}`: the state this plan was made from (the scanner's sink must match). */
  token: string;
  method: string;
  /** The session's running hash (never changed through a plan: fork it); undefined when the session holds no bytes. */
  base: Hash | undefined;
  offset: number;
  previous: number | undefined;
  /** Set when the session's hash is not known any more. */
  reason: string | undefined;
  /**
   * The session's sha256 when its only bytes came as one body recorded as size and sha256
   * (a redactor's or recorder's record): nothing can be appended to it, but a close without
   * a body still names its blob.
   */
  digestOnly?: string;
  /** Filled by the decoder: the running hash with this body appended, when computed. */
  running?: Hash;
}

interface SessionHash {
  key: string;
  hash: Hash | undefined;
  digestOnly?: string;
  bytes: number;
  last: number | undefined;
  broken: string | undefined;
  generation: number;
}

const UPLOADS_PATH = /\/blobs\/uploads\/?$/;
/** Open sessions kept; the oldest is forgotten past this (its later chunks are not evaluable). */
export const MAX_UPLOAD_SESSIONS = 1024;

export class UploadHasher {
  // bounded: at most MAX_UPLOAD_SESSIONS, oldest evicted (insertion order)
  private readonly sessions = new Map<string, SessionHash>();
  private generation = 0;
  /** Sessions forgotten to stay under the cap (their later chunks are not evaluable). */
  evicted = 0;

  constructor(private readonly cap = MAX_UPLOAD_SESSIONS) {}

  get size(): number {
    return this.sessions.size;
  }

  /** The plan for a request body, or undefined when the request is not on a session we saw open. */
  planFor(method: string, url: URL | string | undefined): UploadPlan | undefined {
    const m = method.toUpperCase();
    if ((m !== 'PATCH' && m !== 'PUT') || url === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = typeof url === 'string' ? new URL(url) : url;
    } catch {
      return undefined;
    }
    const s = this.sessions.get(sessionKeyOf(parsed));
    if (!s) return undefined;
    const plan: UploadPlan = { token: `${m} ${s.key} ${s.generation}`, method: m, base: s.hash, offset: s.bytes, previous: s.last, reason: s.broken };
    if (s.digestOnly !== undefined) plan.digestOnly = s.digestOnly;
    return plan;
  }

  /** After an entry is normalized (file order): open, extend, move or forget its session. */
  after(ex: Exchange, plan: UploadPlan | undefined): void {
    const url = ex.request.url;
    if (!url) return;
    const method = ex.request.method.toUpperCase();
    const status = ex.failed ? 0 : ex.response.status;
    if (method === 'POST') {
      if (status === 202 && UPLOADS_PATH.test(url.pathname)) {
        const location = this.location(ex);
        if (location) this.open(sessionKeyOf(location));
      }
      return;
    }
    const key = sessionKeyOf(url);
    const s = this.sessions.get(key);
    if (!s) return;
    if ((method === 'PUT' || method === 'DELETE') && status >= 200 && status < 300) {
      this.sessions.delete(key);
      return;
    }
    if (method === 'PATCH' && plan) {
      s.generation = ++this.generation;
      if (ex.failed) s.broken ??= `chunk at entry ${ex.index} has no recorded response (did the registry keep it?)`;
      else if (status === 202) {
        const body = ex.request.body;
        if (s.broken === undefined && plan.running && body.upload?.sha256 !== undefined) {
          s.hash = plan.running;
          s.last = ex.index;
        } else if (s.broken === undefined && !plan.running && s.bytes === 0 && body.size > 0 && body.upload?.sha256 !== undefined) {
          // The first bytes came as a size+sha256 record: the digest of the session so far.
          s.digestOnly = body.upload.sha256;
          s.last = ex.index;
        } else s.broken ??= body.upload?.reason ?? `chunk at entry ${ex.index} could not be hashed`;
        s.bytes += body.size;
      }
    }
    if (status >= 200 && status < 300) {
      const location = this.location(ex);
      if (location) {
        const next = sessionKeyOf(location);
        if (next !== key) {
          this.sessions.delete(key);
          this.sessions.delete(next);
          s.key = next;
          s.generation = ++this.generation;
          this.sessions.set(next, s);
        }
      }
    }
  }

  private location(ex: Exchange): URL | undefined {
    const header = ex.response.headers.get('location');
    return header === undefined ? undefined : resolveLocation(header, ex.request.url);
  }

  private open(key: string): void {
    this.sessions.delete(key);
    if (this.sessions.size >= this.cap) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) {
        this.sessions.delete(oldest);
        this.evicted++;
      }
    }
    this.sessions.set(key, { key, hash: undefined, bytes: 0, last: undefined, broken: undefined, generation: ++this.generation });
  }
}
