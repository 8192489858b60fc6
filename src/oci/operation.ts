/**
 * What one exchange is, in the spec's own terms. Tagged with the endpoint ids of the
 * distribution-spec endpoint table (end-1 … end-14) so a finding can cite the exact row.
 * The classifier decides from method + URL alone; upload continuations and token
 * requests on foreign URLs are re-classified by the engine, which knows every Location
 * and realm it has seen.
 */
export type EndpointId =
  | 'end-1' | 'end-2' | 'end-3' | 'end-4a' | 'end-4b' | 'end-4c' | 'end-5' | 'end-6'
  | 'end-7' | 'end-7b' | 'end-8a' | 'end-8b' | 'end-9' | 'end-10' | 'end-11'
  | 'end-12a' | 'end-12b' | 'end-13' | 'end-14';

/** A manifest reference as it appeared in the URL: tag or digest (or neither, when malformed). */
export type Reference =
  | { kind: 'tag'; value: string }
  | { kind: 'digest'; value: string }
  | { kind: 'invalid'; value: string };

interface Repo {
  /** Repository name as in the URL path (percent-decoded). */
  name: string;
}

export type Operation =
  | { kind: 'base'; endpoint: 'end-1' }
  | (Repo & { kind: 'manifest.get'; endpoint: 'end-3'; reference: Reference })
  | (Repo & { kind: 'manifest.head'; endpoint: 'end-3'; reference: Reference })
  | (Repo & { kind: 'manifest.put'; endpoint: 'end-7' | 'end-7b'; reference: Reference; tags: string[] })
  | (Repo & { kind: 'manifest.delete'; endpoint: 'end-9'; reference: Reference })
  | (Repo & { kind: 'blob.get'; endpoint: 'end-2'; digest: string })
  | (Repo & { kind: 'blob.head'; endpoint: 'end-2'; digest: string })
  | (Repo & { kind: 'blob.delete'; endpoint: 'end-10'; digest: string })
  /** POST …/blobs/uploads/ : plain (4a), single-POST with ?digest (4b), ?digest-algorithm (4c). */
  | (Repo & { kind: 'upload.start'; endpoint: 'end-4a' | 'end-4b' | 'end-4c'; digest?: string; digestAlgorithm?: string })
  | (Repo & { kind: 'upload.mount'; endpoint: 'end-11'; digest: string; from?: string })
  /** PATCH/PUT/GET/DELETE on an upload URL; `sessionKey` is the URL path (volatile query dropped). */
  | (Repo & { kind: 'upload.chunk'; endpoint: 'end-5'; sessionKey: string })
  | (Repo & { kind: 'upload.close'; endpoint: 'end-6'; sessionKey: string; digest?: string })
  | (Repo & { kind: 'upload.status'; endpoint: 'end-13'; sessionKey: string })
  | (Repo & { kind: 'upload.cancel'; endpoint: 'end-14'; sessionKey: string })
  | (Repo & { kind: 'tags.list'; endpoint: 'end-8a' | 'end-8b'; n?: string; last?: string })
  | (Repo & { kind: 'referrers.list'; endpoint: 'end-12a' | 'end-12b'; digest: string; artifactType?: string })
  | { kind: 'catalog'; n?: string; last?: string }
  /**
   * OCI extensions (`/v2/_oci/ext/discover`, `/v2/<name>/_<ns>/<ext>/…`): `name` is the
   * repository for repository-scoped extensions; `path` is the extension part of the path
   * from the `_<ns>` segment on (e.g. `_oci/ext/discover`).
   */
  | { kind: 'extensions'; name?: string; path: string }
  /** A token request: GET or POST to a realm (path heuristics, confirmed by the engine). */
  | { kind: 'token'; grant: 'get' | 'oauth2' }
  /** The hop after a redirect (storage URL); set by the engine from the redirect chain. */
  | { kind: 'redirect-target' }
  /** A /v2/ URL that matches no endpoint (wrong method, malformed path). */
  | { kind: 'unknown-v2'; reason: string }
  | { kind: 'unknown' };

export type OperationKind = Operation['kind'];
// One union member per kind: `Extract<…, { kind: K }>` finds nothing in a member whose kind
// is itself a union, so never merge two kinds into one member.
export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;
