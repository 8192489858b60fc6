import type { EndpointId } from './operation.js';

/**
 * The route table: the distribution-spec endpoint table (end-1 … end-14, baseline v1.1.1
 * plus the main-branch rows 4c, 7b, 14) and the non-OCI paths seen in real traffic
 * (`_catalog`, extensions, token endpoints).
 *
 * Paths must start with `/v2/` (or be exactly `/v2`). Registries served under a path
 * prefix (`https://host/some/prefix/v2/…`) exist in the wild but the spec fixes `/v2/`,
 * so such URLs classify as `unknown` here.
 *
 * Repository names contain slashes, so a path is matched from the RIGHT: the fixed
 * suffix (`manifests/<ref>`, `blobs/uploads/<id>`, `tags/list`, …) decides the shape and
 * everything to its left is the name.
 */

/** One row of the spec's endpoint table, for documentation and reports. */
export interface EndpointRow {
  endpoint: EndpointId;
  method: string;
  path: string;
  /** Spec version that introduced the row, or `main` for unreleased rows. */
  since: string;
}

export const ENDPOINT_TABLE: readonly EndpointRow[] = [
  { endpoint: 'end-1', method: 'GET', path: '/v2/', since: 'v1.0.0' },
  { endpoint: 'end-2', method: 'GET / HEAD', path: '/v2/<name>/blobs/<digest>', since: 'v1.0.0' },
  { endpoint: 'end-3', method: 'GET / HEAD', path: '/v2/<name>/manifests/<reference>', since: 'v1.0.0' },
  { endpoint: 'end-4a', method: 'POST', path: '/v2/<name>/blobs/uploads/', since: 'v1.0.0' },
  { endpoint: 'end-4b', method: 'POST', path: '/v2/<name>/blobs/uploads/?digest=<digest>', since: 'v1.0.0' },
  { endpoint: 'end-4c', method: 'POST', path: '/v2/<name>/blobs/uploads/?digest-algorithm=<algorithm>', since: 'main' },
  { endpoint: 'end-5', method: 'PATCH', path: '/v2/<name>/blobs/uploads/<reference>', since: 'v1.0.0' },
  { endpoint: 'end-6', method: 'PUT', path: '/v2/<name>/blobs/uploads/<reference>?digest=<digest>', since: 'v1.0.0' },
  { endpoint: 'end-7', method: 'PUT', path: '/v2/<name>/manifests/<reference>', since: 'v1.0.0' },
  { endpoint: 'end-7b', method: 'PUT', path: '/v2/<name>/manifests/<digest>?tag=<tag>…', since: 'main' },
  { endpoint: 'end-8a', method: 'GET', path: '/v2/<name>/tags/list', since: 'v1.0.0' },
  { endpoint: 'end-8b', method: 'GET', path: '/v2/<name>/tags/list?n=<integer>&last=<tag>', since: 'v1.0.0' },
  { endpoint: 'end-9', method: 'DELETE', path: '/v2/<name>/manifests/<reference>', since: 'v1.0.0' },
  { endpoint: 'end-10', method: 'DELETE', path: '/v2/<name>/blobs/<digest>', since: 'v1.0.0' },
  { endpoint: 'end-11', method: 'POST', path: '/v2/<name>/blobs/uploads/?mount=<digest>&from=<other name>', since: 'v1.0.0' },
  { endpoint: 'end-12a', method: 'GET', path: '/v2/<name>/referrers/<digest>', since: 'v1.1.0' },
  { endpoint: 'end-12b', method: 'GET', path: '/v2/<name>/referrers/<digest>?artifactType=<artifactType>', since: 'v1.1.0' },
  { endpoint: 'end-13', method: 'GET', path: '/v2/<name>/blobs/uploads/<reference>', since: 'v1.1.0' },
  { endpoint: 'end-14', method: 'DELETE', path: '/v2/<name>/blobs/uploads/<reference>', since: 'main' },
];

/** What a `/v2/…` path is, before the method is considered. */
export type RouteShape =
  | 'base'
  | 'catalog'
  | 'extension'
  | 'token'
  | 'manifest'
  | 'blob'
  | 'upload-start'
  | 'upload-session'
  | 'tags-list'
  | 'referrers';

export interface RouteMatch {
  shape: RouteShape;
  /** Repository name: decoded segments joined with `/`; '' for registry-level shapes. */
  name: string;
  /** The trailing parameter: reference, digest or upload id; the extension path for extensions. */
  param: string;
}

/** Methods each shape answers to; any other method is `unknown-v2`. Extensions define their own. */
export const SHAPE_METHODS: Readonly<Record<RouteShape, readonly string[] | 'any'>> = {
  base: ['GET', 'HEAD'],
  catalog: ['GET'],
  extension: 'any',
  token: ['GET', 'POST'],
  manifest: ['GET', 'HEAD', 'PUT', 'DELETE'],
  blob: ['GET', 'HEAD', 'DELETE'],
  'upload-start': ['POST'],
  'upload-session': ['PATCH', 'PUT', 'GET', 'DELETE'],
  'tags-list': ['GET'],
  referrers: ['GET'],
};

/** The path pattern of each shape, for messages. */
export const SHAPE_PATHS: Readonly<Record<RouteShape, string>> = {
  base: '/v2/',
  catalog: '/v2/_catalog',
  extension: '/v2/[<name>/]_<ns>/<ext>/…',
  token: '/v2/token',
  manifest: '/v2/<name>/manifests/<reference>',
  blob: '/v2/<name>/blobs/<digest>',
  'upload-start': '/v2/<name>/blobs/uploads/',
  'upload-session': '/v2/<name>/blobs/uploads/<reference>',
  'tags-list': '/v2/<name>/tags/list',
  referrers: '/v2/<name>/referrers/<digest>',
};

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    // Malformed percent-encoding: keep it as written; name/reference checks will flag it.
    return segment;
  }
}

/**
 * The percent-decoded segments after `/v2/`, or undefined when the path is not under `/v2`.
 * `/v2/` gives `['']`, `/v2` gives `[]`. Segments are split before decoding, so `%2F` never
 * creates a new segment.
 */
export function v2Segments(pathname: string): string[] | undefined {
  if (pathname === '/v2') return [];
  if (!pathname.startsWith('/v2/')) return undefined;
  return pathname.slice(4).split('/').map(decodeSegment);
}

/**
 * Matches the segments after `/v2/` against the route shapes, right to left. Returns
 * undefined when nothing matches, or a match whose name may be empty (the caller rejects it).
 */
export function matchRoute(segments: readonly string[]): RouteMatch | undefined {
  const k = segments.length;
  const at = (i: number): string => segments[i] ?? '';
  if (k === 0 || (k === 1 && at(0) === '')) return { shape: 'base', name: '', param: '' };
  if (k === 1 && at(0) === '_catalog') return { shape: 'catalog', name: '', param: '' };
  if (k === 1 && (at(0) === 'token' || at(0) === 'auth')) return { shape: 'token', name: '', param: '' };

  // Extensions: `_<ns>/<ext>/…`, registry-level or after a repository name. Name
  // components cannot start with `_`, so the first such segment (not the last one, which
  // may be a tag or upload id) is the boundary.
  for (let j = 0; j < k - 1; j++) {
    const seg = at(j);
    if (seg.length > 1 && seg.charCodeAt(0) === 0x5f /* _ */) {
      return { shape: 'extension', name: segments.slice(0, j).join('/'), param: segments.slice(j).join('/') };
    }
  }

  const last = at(k - 1);
  const prev = at(k - 2);
  const nameBefore = (n: number): string => segments.slice(0, k - n).join('/');
  if (k >= 3 && prev === 'manifests') return { shape: 'manifest', name: nameBefore(2), param: last };
  if (k >= 4 && at(k - 3) === 'blobs' && prev === 'uploads') {
    return last === ''
      ? { shape: 'upload-start', name: nameBefore(3), param: '' }
      : { shape: 'upload-session', name: nameBefore(3), param: last };
  }
  if (k >= 3 && prev === 'blobs' && last === 'uploads') return { shape: 'upload-start', name: nameBefore(2), param: '' };
  if (k >= 3 && prev === 'blobs') return { shape: 'blob', name: nameBefore(2), param: last };
  if (k >= 3 && prev === 'tags' && last === 'list') return { shape: 'tags-list', name: nameBefore(2), param: '' };
  if (k >= 3 && prev === 'referrers') return { shape: 'referrers', name: nameBefore(2), param: last };
  return undefined;
}

/**
 * Token endpoints live wherever a challenge's `realm` points. Paths commonly used by
 * registries (`/token`, `/auth`, `/oauth2/token`, `/v2/token`, `/service/token`, ECR's
 * `/token/`) end in a `token` or `auth` segment. A heuristic: the engine confirms realms.
 */
export function looksLikeTokenPath(pathname: string): boolean {
  let end = pathname.length;
  if (end > 1 && pathname.charCodeAt(end - 1) === 0x2f) end--;
  const slash = pathname.lastIndexOf('/', end - 1);
  const last = pathname.slice(slash + 1, end).toLowerCase();
  return last === 'token' || last === 'auth';
}
