import type { Body } from './body.js';
import type { ClientId } from './client.js';
import type { HeaderMap } from './headers.js';

/** A pointer back into the capture, used as evidence in findings. */
export interface EntryRef {
  /** Index in `log.entries` as written in the file (not replay order). */
  index: number;
  /** JSON pointer, `/log/entries/17`. */
  pointer: string;
  startedDateTime: string;
  method: string;
  url: string;
  status?: number;
  /** Where the entry's JSON sits in the (decompressed) file, for editors and SARIF regions. */
  byteOffset?: number;
  byteLength?: number;
}

export interface ExchangeRequest {
  method: string;
  /** The URL as written in the capture. */
  rawUrl: string;
  /** Parsed URL; undefined when the capture's URL does not parse. */
  url: URL | undefined;
  /** `url.origin`, computed once ('' without a URL): URL's getter builds a new string per call. */
  origin: string;
  httpVersion: string;
  headers: HeaderMap;
  body: Body;
}

export interface ExchangeResponse {
  /** HTTP status; 0 when the exchange failed without a response (see `failed`). */
  status: number;
  statusText: string;
  httpVersion: string;
  headers: HeaderMap;
  body: Body;
  /** `response.redirectURL` or the Location of a 3xx, resolved against the request URL. */
  redirectURL?: string;
}

/** One request/response pair, normalized. The only shape stages after the reader see. */
export interface Exchange {
  /** Index in `log.entries` as written in the file. */
  index: number;
  pointer: string;
  startedDateTime: string;
  /** Milliseconds since the epoch; NaN-free (falls back to file order when unparsable). */
  startMs: number;
  /** Total time in ms, undefined when the producer wrote -1/null. */
  timeMs?: number;
  request: ExchangeRequest;
  response: ExchangeResponse;
  /** True when the capture has no real response (status 0/-1/-999, missing response, `_error`). */
  failed: boolean;
  /** The producer's error text for failed exchanges. */
  failure?: string;
  client: ClientId;
  /** Byte range of the entry's JSON in the (decompressed) capture. */
  bytes?: { offset: number; length: number };
}

export function entryRef(ex: Exchange): EntryRef {
  const ref: EntryRef = {
    index: ex.index,
    pointer: ex.pointer,
    startedDateTime: ex.startedDateTime,
    method: ex.request.method,
    url: ex.request.rawUrl,
  };
  if (!ex.failed) ref.status = ex.response.status;
  if (ex.bytes) {
    ref.byteOffset = ex.bytes.offset;
    ref.byteLength = ex.bytes.length;
  }
  return ref;
}
