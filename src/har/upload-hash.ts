import { createHash, type Hash } from 'node:crypto';
import type { Exchange, UploadProgress } from '../model/exchange.js';
import { sha256Hex } from './digest.js';

/** Upload sessions followed at once; the oldest is dropped beyond this (hostile captures). */
const MAX_SESSIONS = 4096;
const UPLOAD_PATH = /\/blobs\/uploads\/./;
const CHUNK_RANGE = /^\s*(\d{1,15})-\d{1,15}\s*$/;

interface SessionHash {
  hash: Hash;
  bytes: number;
  problem?: string;
}

/**
 * The exact bytes behind a body we hold as a JS string, in whichever reading produced the
 * body's sha256 (base64, UTF-8, or Latin-1 as mitmproxy writes). Only small bodies come here
 * (big ones are streamed and never held): the bytes live for one call.
 */
function chunkBytes(text: string, encoding: string | undefined, sha256: string): Buffer | undefined {
  const readings: BufferEncoding[] = encoding?.toLowerCase() === 'base64' ? ['base64'] : ['utf8', 'latin1'];
  for (const reading of readings) {
    const bytes = Buffer.from(text, reading);
    if (sha256Hex(bytes) === sha256) return bytes;
  }
  return undefined;
}

/**
 * Reassembles chunked blob uploads while the capture is read: one running sha256 per upload
 * session (keyed by origin + path, as `_state`-style query parameters change every response),
 * fed with each accepted chunk in file order. A session's state is a hash object and a byte
 * count; the blob itself is never held, so memory is O(open sessions).
 */
export class UploadHasher {
  private readonly sessions = new Map<string, SessionHash>();

  /** Records the progress of `exchange` (a PATCH/PUT to an upload session) on its request. */
  observe(exchange: Exchange, text: string | undefined, encoding: string | undefined): void {
    const { request, response } = exchange;
    const method = request.method.toUpperCase();
    const url = request.url;
    if ((method !== 'PATCH' && method !== 'PUT') || !url || !UPLOAD_PATH.test(url.pathname)) return;
    const key = url.origin + url.pathname;
    let state = this.sessions.get(key);
    const range = request.headers.get('content-range');
    const start = range !== undefined ? CHUNK_RANGE.exec(range)?.[1] : undefined;
    if (!state) {
      // A session we have not seen data for starts at byte 0 (or it began outside the capture).
      if (start !== undefined && Number(start) !== 0) {
        request.upload = { problem: `the chunks before byte ${start} of this upload are not in the capture` };
        return;
      }
      state = { hash: createHash('sha256'), bytes: 0 };
      this.remember(key, state);
    }
    const body = request.body;
    const empty = body.fidelity === 'exact' && body.size === 0;
    if (!state.problem && !empty) {
      if (start !== undefined && Number(start) !== state.bytes) state.problem = 'chunks of this upload are out of order in the capture file';
      else if (body.fidelity !== 'exact' || body.sha256 === undefined) state.problem = `a chunk of this upload is ${body.fidelity} in the capture`;
      else if (text === undefined) state.problem = 'a chunk of this upload was over the streaming threshold and its bytes were hashed alone';
      else {
        const bytes = chunkBytes(text, encoding, body.sha256);
        if (!bytes) state.problem = 'a chunk of this upload could not be turned back into its bytes';
        // A PATCH's bytes belong to the blob only if the registry took them (a 416 leaves the
        // session as it was); the closing PUT's are hashed whatever the answer, to see what the
        // client's bytes add up to when the registry judges the digest.
        else if (method === 'PUT' || (!exchange.failed && response.status >= 200 && response.status < 300)) {
          state.hash.update(bytes);
          state.bytes += bytes.length;
        }
      }
    }
    request.upload = state.problem ? { problem: state.problem } : progress(state);
    if (method === 'PUT') this.sessions.delete(key);
    else this.follow(key, exchange, state);
  }

  /** A response Location with another path moves the session there (some registries rotate it). */
  private follow(key: string, exchange: Exchange, state: SessionHash): void {
    const location = exchange.response.headers.get('location');
    if (!location || !exchange.request.url) return;
    let next: URL;
    try {
      next = new URL(location, exchange.request.url);
    } catch {
      return;
    }
    const nextKey = next.origin + next.pathname;
    if (nextKey === key) return;
    this.sessions.delete(key);
    this.remember(nextKey, state);
  }

  private remember(key: string, state: SessionHash): void {
    this.sessions.set(key, state);
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
  }
}

function progress(state: SessionHash): UploadProgress {
  return { sha256: state.hash.copy().digest('hex'), bytes: state.bytes };
}
