/**
 * How faithfully the capture kept a body's bytes. Digest rules run only on `exact` bodies;
 * every other fidelity makes them "not evaluable", never a silent pass.
 * - exact: the bytes as sent (decoded from base64 or from text the producer wrote losslessly)
 * - truncated: the producer kept fewer bytes than were transferred
 * - lossy: binary decoded as text (U+FFFD, or a text encoding that cannot round-trip)
 * - absent: the producer kept no body although one was transferred (or we cannot tell)
 * - redacted: replaced by a placeholder or by our redactor's {size, sha256} record. With the
 *   record, `size` and `sha256` are the original body's (digest rules can still run); with a
 *   placeholder there is no sha256 and `size` is the declared size (0 when unknown).
 */
export type Fidelity = 'exact' | 'truncated' | 'lossy' | 'absent' | 'redacted';

export interface Body {
  fidelity: Fidelity;
  /** Bytes we hold or hashed; for `exact` bodies this is the body length. */
  size: number;
  /** Size the producer declared (content.size, bodySize, _content.size); undefined when unknown (-1/null). */
  declaredSize?: number;
  /** Lower-case hex sha256 of the bytes we hold (of the original body for a redactor record); undefined for absent bodies. */
  sha256?: string;
  /** Whole body as UTF-8 text: only for small bodies (≤ 4 MiB) that look like JSON or text. */
  text?: string;
  /** First bytes of large bodies (hex-safe preview for reports). */
  prefix?: Uint8Array;
  /** MIME type the producer recorded for the body (content.mimeType / postData.mimeType). */
  mimeType?: string;
  /** Why the fidelity is not exact, in a few words (for "not evaluable" reasons). */
  reason?: string;
  /** For a PATCH/PUT on a blob upload session the reader saw open: the session's bytes so far (see UploadProgress). */
  upload?: UploadProgress;
}

/**
 * Chunk reassembly, computed by the reader in file order with one running sha256 per open
 * upload session (the blob is never held). `sha256` covers every byte the registry accepted
 * (202) on the session before this request, then this request's body.
 */
export interface UploadProgress {
  /** Bytes the session had accepted before this request, in file order. */
  offset: number;
  /** Lower-case hex sha256 of the session's bytes up to and including this body; absent when not known. */
  sha256?: string;
  /** Entry index (file order) of the last accepted chunk hashed before this one; absent for the first. */
  previous?: number;
  /** Why `sha256` is not known (a chunk that was not exact, a response that was not recorded, …). */
  reason?: string;
}

/** The body of a request or response that carried none (GET, 204, HEAD, …). */
export const EMPTY_BODY: Body = Object.freeze({
  fidelity: 'exact',
  size: 0,
  sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  text: '',
}) as Body;
