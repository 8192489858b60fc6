import type { Operation } from './operation.js';
import { parseReference } from './reference.js';
import { looksLikeTokenPath, matchRoute, SHAPE_METHODS, SHAPE_PATHS, v2Segments, type RouteMatch } from './routes.js';
import { sessionKeyOf } from './upload-location.js';

export { parseReference } from './reference.js';

/**
 * What one exchange is, from method + URL alone (ARCHITECTURE stage 3). Pure; never throws.
 * Paths must start with `/v2/` (see routes.ts). Upload continuations on foreign URLs and
 * token requests to realms that don't look like token paths come out as `unknown` here;
 * the engine re-classifies them from the Locations and realms it has seen.
 */
export function classify(method: string, url: URL | undefined): Operation {
  if (!url) return { kind: 'unknown' };
  const m = method.toUpperCase();
  const segments = v2Segments(url.pathname);
  if (!segments) {
    if (looksLikeTokenPath(url.pathname) && (m === 'GET' || m === 'POST')) return tokenOp(m);
    return { kind: 'unknown' };
  }
  const match = matchRoute(segments);
  if (!match) return { kind: 'unknown-v2', reason: `${url.pathname} matches no endpoint of the spec` };
  const allowed = SHAPE_METHODS[match.shape];
  if (allowed !== 'any' && !allowed.includes(m)) {
    return {
      kind: 'unknown-v2',
      reason: `${m} is not a method of ${SHAPE_PATHS[match.shape]} (expected ${allowed.join(', ')})`,
    };
  }
  const needsName = match.shape !== 'base' && match.shape !== 'catalog' && match.shape !== 'token' && match.shape !== 'extension';
  if (needsName && match.name === '') return { kind: 'unknown-v2', reason: `empty repository name in ${url.pathname}` };
  // An empty manifest reference stays a manifest operation with an invalid reference: the
  // client addressed that endpoint, and PULL-01 judges the reference (a client that took an
  // empty Docker-Content-Digest for a digest sends exactly this, known deviation C9).
  if ((match.shape === 'blob' || match.shape === 'referrers') && match.param === '') {
    return { kind: 'unknown-v2', reason: `empty digest in ${url.pathname}` };
  }
  return build(m, match, url);
}

function tokenOp(method: string): Operation {
  return { kind: 'token', grant: method === 'POST' ? 'oauth2' : 'get' };
}

/** A query parameter, or undefined when absent (an empty value is kept as ''). */
function query(url: URL, key: string): string | undefined {
  return url.searchParams.get(key) ?? undefined;
}

function build(method: string, match: RouteMatch, url: URL): Operation {
  const name = match.name;
  switch (match.shape) {
    case 'base':
      return { kind: 'base', endpoint: 'end-1' };
    case 'catalog': {
      const op: Operation & { kind: 'catalog' } = { kind: 'catalog' };
      const n = query(url, 'n');
      const last = query(url, 'last');
      if (n !== undefined) op.n = n;
      if (last !== undefined) op.last = last;
      return op;
    }
    case 'token':
      return tokenOp(method);
    case 'extension':
      return name === '' ? { kind: 'extensions', path: match.param } : { kind: 'extensions', name, path: match.param };
    case 'manifest': {
      const reference = parseReference(match.param);
      switch (method) {
        case 'GET':
          return { kind: 'manifest.get', endpoint: 'end-3', name, reference };
        case 'HEAD':
          return { kind: 'manifest.head', endpoint: 'end-3', name, reference };
        case 'DELETE':
          return { kind: 'manifest.delete', endpoint: 'end-9', name, reference };
        default: {
          // PUT; `?tag=` parameters (main, end-7b) add tags to a manifest pushed by digest.
          const tags = url.searchParams.getAll('tag');
          return { kind: 'manifest.put', endpoint: tags.length > 0 ? 'end-7b' : 'end-7', name, reference, tags };
        }
      }
    }
    case 'blob':
      switch (method) {
        case 'GET':
          return { kind: 'blob.get', endpoint: 'end-2', name, digest: match.param };
        case 'HEAD':
          return { kind: 'blob.head', endpoint: 'end-2', name, digest: match.param };
        default:
          return { kind: 'blob.delete', endpoint: 'end-10', name, digest: match.param };
      }
    case 'upload-start': {
      const mount = query(url, 'mount');
      if (mount !== undefined) {
        const from = query(url, 'from');
        return from === undefined
          ? { kind: 'upload.mount', endpoint: 'end-11', name, digest: mount }
          : { kind: 'upload.mount', endpoint: 'end-11', name, digest: mount, from };
      }
      const digest = query(url, 'digest');
      const algorithm = query(url, 'digest-algorithm');
      const op: Operation & { kind: 'upload.start' } = {
        kind: 'upload.start',
        endpoint: digest !== undefined ? 'end-4b' : algorithm !== undefined ? 'end-4c' : 'end-4a',
        name,
      };
      if (digest !== undefined) op.digest = digest;
      if (algorithm !== undefined) op.digestAlgorithm = algorithm;
      return op;
    }
    case 'upload-session': {
      // Keyed without the query: registries rotate `_state`-style parameters on every response.
      const sessionKey = sessionKeyOf(url);
      switch (method) {
        case 'PATCH':
          return { kind: 'upload.chunk', endpoint: 'end-5', name, sessionKey };
        case 'PUT': {
          const digest = query(url, 'digest');
          return digest === undefined
            ? { kind: 'upload.close', endpoint: 'end-6', name, sessionKey }
            : { kind: 'upload.close', endpoint: 'end-6', name, sessionKey, digest };
        }
        case 'GET':
          return { kind: 'upload.status', endpoint: 'end-13', name, sessionKey };
        default:
          return { kind: 'upload.cancel', endpoint: 'end-14', name, sessionKey };
      }
    }
    case 'tags-list': {
      const n = query(url, 'n');
      const last = query(url, 'last');
      const op: Operation & { kind: 'tags.list' } = {
        kind: 'tags.list',
        endpoint: n !== undefined || last !== undefined ? 'end-8b' : 'end-8a',
        name,
      };
      if (n !== undefined) op.n = n;
      if (last !== undefined) op.last = last;
      return op;
    }
    case 'referrers': {
      const artifactType = query(url, 'artifactType');
      return artifactType === undefined
        ? { kind: 'referrers.list', endpoint: 'end-12a', name, digest: match.param }
        : { kind: 'referrers.list', endpoint: 'end-12b', name, digest: match.param, artifactType };
    }
  }
}
