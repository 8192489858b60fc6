import type { Body } from '../model/body.js';
import type { Exchange } from '../model/exchange.js';

export interface AuthChallenge {
  /** Scheme as sent (Bearer, Basic, …). */
  scheme: string;
  realm?: string;
  service?: string;
  /** Space-separated scope string as sent. */
  scope?: string;
  error?: string;
  /** The exchange that carried the challenge. */
  at: Exchange;
}

export interface TokenRequestFacts {
  grant: 'get' | 'oauth2';
  /** Realm URL (origin + path) the request went to. */
  realm: string;
  service?: string;
  /** Scope entries requested (GET: each `scope=`; OAuth2: split on spaces). */
  scopes: string[];
  clientId?: string;
  /** OAuth2 grant_type. */
  grantType?: string;
  offline: boolean;
  /** Credentials on the token request: Basic header, or username/password form fields. */
  credentials: 'basic' | 'password' | 'refresh-token' | 'none';
  /** OAuth2 form body content type as sent. */
  contentType?: string;
  formFields: string[];
}

export interface IssuedToken {
  at: Exchange;
  /** `token` field. */
  token?: string;
  /** `access_token` field. */
  accessToken?: string;
  expiresIn?: number;
  issuedAt?: string;
  refreshToken?: string;
  scope?: string;
  /** Fields present in the JSON body. */
  fields: string[];
  /** Why the body could not be read (not JSON, not evaluable). */
  bodyProblem?: string;
  /** Epoch ms from which the lifetime counts (issued_at, else the response time). */
  issuedMs: number;
}

export interface ManifestFacts {
  /** Response (pull) or request (push) Content-Type as sent. */
  contentType?: string;
  /** Essence of the Content-Type (lower-case type/subtype). */
  essence?: string;
  /** Docker-Content-Digest of the response. */
  digestHeader?: string;
  /** `sha256:<hex>` of the exact body (of its JWS payload for a schema 1 signed manifest, see `schema1Jws`). */
  bodyDigest?: string;
  /**
   * Set for a Docker schema 1 manifest with signatures, whose digest is that of the JWS payload
   * (distribution api.md "Digest Header"): `payload` when `bodyDigest` is the payload's; `invalid`
   * (why) when no payload could be recovered from the signatures, and `bodyDigest` is unset.
   */
  schema1Jws?: 'payload' | { invalid: string };
  body: Body;
  /** Parsed JSON, when the body is exact and small. */
  json?: Record<string, unknown>;
  jsonError?: string;
  /** The body's top-level `mediaType` field. */
  mediaTypeField?: string;
  /** Response Content-Length header as a number. */
  contentLength?: number;
  /** `subject.digest` of the manifest, when it has one. */
  subject?: string;
  /** Digests the manifest points to: config and layers, or an index's manifests. */
  references: string[];
  /** When the reference is a referrers fallback tag (`sha256-<hex>`), the subject digest it stands for. */
  referrersTagFor?: string;
}

export type SessionState = 'open' | 'closed' | 'cancelled' | 'failed';

export interface UploadSession {
  /** origin + path of the newest Location (the key; volatile query dropped). */
  key: string;
  repo: string;
  origin: string;
  opened: Exchange;
  /** Newest Location, absolute, with its query. */
  location?: string;
  state: SessionState;
  /** Bytes the registry holds so far: chunk body sizes (else ranges), reset by a status GET's Range. */
  bytesSent: number;
  /** Whether every byte sent so far is known exactly (for reassembly). */
  bytesExact: boolean;
  /**
   * Why the session's bytes can no longer be reassembled (sticky): a chunk the reader could
   * not hash, replay order that differs from file order, a Content-Range or byte count that
   * disagrees with what was hashed. Undefined while reassembly holds.
   */
  reassemblyLost?: string;
  /** Entry index of the last accepted chunk (to match the reader's `Body.upload.previous`). */
  lastChunkIndex?: number;
  chunks: number;
  chunkMinLength?: number;
  /** Exchanges of this session in order. */
  exchanges: Exchange[];
  /** Whether the session came from a mount that fell back to a plain upload (202). */
  mountFallback: boolean;
  /** The blob the opening POST named: `mount=` of a mount, `digest=` of a single POST (a plain POST names none). */
  digest?: string;
}
