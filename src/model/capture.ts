/** A fact about the capture file itself (not about the OCI traffic in it). */
export type CaptureNoteCode =
  | 'har-schema'        // har-validator complaint about one entry
  | 'truncated-file'    // the file ends mid-entry / mid-document
  | 'body-not-exact'    // a body is truncated, lossy, absent or redacted
  | 'reorder'           // entries were not in start order
  | 'unparsable-url'    // an entry's URL does not parse
  | 'header-shape'      // headers not in the HAR array shape, pseudo-header mismatch, …
  | 'limit'             // a resource cap was hit
  | 'duplicate-entry';  // the same exchange written twice

export interface CaptureNote {
  code: CaptureNoteCode;
  message: string;
  /** Entry index in the file, when the note is about one entry. */
  entry?: number;
  /** Byte offset in the file, when known (truncation). */
  offset?: number;
}

export interface CaptureInfo {
  file: string;
  harVersion?: string;
  creator?: { name: string; version?: string };
  /** The file was written by `oci-har-check redact`: credentials are placeholders. */
  redacted?: boolean;
  /** Complete entries read. */
  entries: number;
  bytes: number;
  /** Set when the file ended before the HAR document did. */
  stoppedAt?: { offset: number; entry: number; reason: string };
}
