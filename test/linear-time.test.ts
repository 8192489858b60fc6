import { performance } from 'node:perf_hooks';
import { describe, expect, it, vi } from 'vitest';
import { checks } from '../checks/index.js';
import { analyzeHarText } from '../src/analyze.js';
import { exchange, har, oci } from './support/har.js';

vi.setConfig({ testTimeout: 120_000 });

// 50,000-character values of the shapes that make backtracking regexes and naive parsers blow up.
const N = 50_000;
const SHAPES: Record<string, string> = {
  letters: 'a'.repeat(N),
  spaces: `${' '.repeat(N)}x`,
  separators: ',;= '.repeat(N / 4),
  quotes: `"${'\\"'.repeat(N / 2)}`,
  params: `a/b${';q=0.5'.repeat(N / 6)}`,
  pairs: `x${',k=v'.repeat(N / 4)}`,
  angle: `<${'a'.repeat(N)}`,
  digits: '9'.repeat(N),
  dashes: `bytes=${'0-'.repeat(N / 2)}`,
  colons: `sha256:${':'.repeat(N)}`,
  slashes: '/'.repeat(N),
  mixed: 'Bearer realm="'.concat('a="b",'.repeat(N / 6)),
};

const HEADERS = ['Accept', 'Content-Type', 'WWW-Authenticate', 'Link', 'Range', 'Content-Range', 'Location', 'Docker-Content-Digest', 'User-Agent', 'OCI-Subject', 'Retry-After', 'OCI-Chunk-Min-Length', 'Authorization', 'Warning', 'Docker-Distribution-API-Version'];

/** The whole analysis of a capture carrying the value; best of two runs, so one GC pause does not fail it. */
async function timed(capture: object): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const started = performance.now();
    await analyzeHarText(capture, { checks, spec: 'main' });
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

// Linear work on 50 KB takes milliseconds; a backtracking pattern takes seconds or more.
const LIMIT_MS = 1500;

describe('every parser that sees capture data runs in linear time (50,000-character values)', () => {
  it.each(HEADERS)('%s header, request and response, on every shape', async (name) => {
    for (const [shape, value] of Object.entries(SHAPES)) {
      const capture = har(
        oci.ping({ resHeaders: { [name]: value }, reqHeaders: { [name]: value } }),
        oci.startUpload({ resHeaders: { [name]: value }, reqHeaders: { [name]: value } }),
        oci.pullManifest({ resHeaders: { [name]: value }, reqHeaders: { [name]: value } }),
        exchange({ url: '/v2/', status: 401, resHeaders: { [name]: value } }),
      );
      expect(await timed(capture), `${name}: ${shape}`).toBeLessThan(LIMIT_MS);
    }
  });

  it('URLs: repository names, references, tags, digests and query strings', async () => {
    for (const [shape, value] of Object.entries(SHAPES)) {
      const v = encodeURIComponent(value);
      const capture = har(
        exchange({ url: `/v2/${v}/manifests/${v}` }),
        exchange({ url: `/v2/demo/blobs/sha256:${v}` }),
        exchange({ url: `/v2/demo/tags/list?n=${v}&last=${v}` }),
        exchange({ method: 'POST', url: `/v2/demo/blobs/uploads/?mount=${v}&from=${v}`, status: 202, resHeaders: { Location: `/v2/demo/blobs/uploads/${v}?_state=${v}` } }),
        exchange({ url: `/v2/demo/referrers/sha256:${'a'.repeat(64)}?artifactType=${v}` }),
        exchange({ url: `/token?scope=${v}&service=${v}` }),
      );
      expect(await timed(capture), `URL: ${shape}`).toBeLessThan(LIMIT_MS);
    }
  });

  it('bodies: error messages, tag lists, manifests, tokens, and deeply nested JSON', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    for (const [shape, value] of Object.entries({ ...SHAPES, deep })) {
      const capture = har(
        exchange({ url: '/v2/demo/manifests/v1', status: 404, resBody: JSON.stringify({ errors: [{ code: value, message: value, detail: value }] }), mimeType: 'application/json' }),
        exchange({ url: '/v2/demo/tags/list', resBody: JSON.stringify({ name: value, tags: [value, value] }), mimeType: 'application/json' }),
        exchange({ url: '/v2/demo/manifests/v2', resBody: JSON.stringify({ schemaVersion: 2, mediaType: value, config: { mediaType: value, digest: value, size: 1 }, layers: [], annotations: { [value]: value } }), mimeType: 'application/vnd.oci.image.manifest.v1+json' }),
        exchange({ url: '/token?scope=repository:a:pull', resBody: JSON.stringify({ token: value, expires_in: value, issued_at: value }), mimeType: 'application/json' }),
        exchange({ url: '/v2/demo/manifests/v3', resBody: shape === 'deep' ? deep : value, mimeType: 'application/json' }),
      );
      expect(await timed(capture), `body: ${shape}`).toBeLessThan(LIMIT_MS);
    }
  });
});
