// Multi-chunk blob uploads for the reassembly tests (push/blob-digest-verified,
// push/upload-close-digest, test/har/upload-reassembly.test.ts).
import { DEFAULT_LAYER, har, type HarEntry, type HarLog, oci, sha256Digest } from './har.js';

export interface ChunkedOptions {
  data?: Uint8Array;
  /** Number of PATCHes (the blob is cut in equal parts; default 3). */
  chunks?: number;
  /** Send the last part in the closing PUT (with its Content-Range) instead of a PATCH. */
  lastInPut?: boolean;
  /** Digest the PUT names (default: the blob's). */
  digest?: string;
  /** Status of the closing PUT (default 201). */
  closeStatus?: number;
  uuid?: string;
}

/** POST → PATCH × n → PUT, each to the newest Location; bytes are base64 in the HAR (binary layer). */
export function chunkedPush(o: ChunkedOptions = {}): HarEntry[] {
  const data = o.data ?? DEFAULT_LAYER;
  const n = o.chunks ?? 3;
  const parts = o.lastInPut ? n + 1 : n;
  const size = Math.ceil(data.length / parts);
  const start = oci.startUpload({ uuid: o.uuid ?? `chunked-${n}-${o.lastInPut ? 'put' : 'patch'}` });
  const entries: HarEntry[] = [...start];
  let location = start.location!;
  let offset = 0;
  for (let k = 0; k < n; k++) {
    const p = oci.patchChunk({ location, data: data.subarray(offset, offset + size), start: offset });
    entries.push(...p);
    location = p.location!;
    offset += size;
  }
  const close: Parameters<typeof oci.finishUpload>[0] = { location, digest: o.digest ?? sha256Digest(data) };
  if (o.closeStatus !== undefined) close.status = o.closeStatus;
  if (o.lastInPut && offset < data.length) {
    close.data = data.subarray(offset);
    close.contentRange = `${offset}-${data.length - 1}`;
  }
  entries.push(...oci.finishUpload(close));
  return entries;
}

/** A three-chunk push whose second and third PATCH carry start times in the other order: replay swaps them. */
export function chunksOutOfFileOrder(): HarLog {
  const log = har(chunkedPush({ chunks: 3, uuid: 'swapped' }));
  const e = log.log.entries;
  const t = e[2]!.startedDateTime;
  e[2]!.startedDateTime = e[3]!.startedDateTime;
  e[3]!.startedDateTime = t;
  return log;
}
