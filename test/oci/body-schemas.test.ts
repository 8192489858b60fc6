import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { validateBody, type BodySchema } from '../../src/oci/body-schemas.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const desc = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: DIGEST, size: 3 };

/** Every manifest body a real client pushed in the corpus, with its Content-Type. */
function realManifests(): { name: string; type: string; doc: unknown }[] {
  const out: { name: string; type: string; doc: unknown }[] = [];
  for (const sample of ['skopeo-push-pull', 'buildah-manifest-list', 'docker-push-pull', 'chromium-artifact']) {
    const har = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'samples', 'real', `${sample}.har`), 'utf8')) as {
      log: { entries: { request: { method: string; url: string; postData?: { mimeType?: string; text?: string } } }[] };
    };
    for (const e of har.log.entries) {
      const post = e.request.postData;
      if (e.request.method !== 'PUT' || !e.request.url.includes('/manifests/') || !post?.text) continue;
      out.push({ name: `${sample} ${e.request.url.split('/manifests/')[1]}`, type: post.mimeType ?? '', doc: JSON.parse(post.text) });
    }
  }
  return out;
}

const SCHEMA_FOR: Record<string, BodySchema> = {
  'application/vnd.oci.image.manifest.v1+json': 'oci-image-manifest',
  'application/vnd.oci.image.index.v1+json': 'oci-image-index',
  'application/vnd.docker.distribution.manifest.v2+json': 'docker-manifest-v2',
  'application/vnd.docker.distribution.manifest.list.v2+json': 'docker-manifest-list',
};

describe('body schemas', () => {
  const cases: [BodySchema, unknown, unknown][] = [
    ['oci-descriptor', desc, { ...desc, size: -1 }],
    ['oci-image-manifest', { schemaVersion: 2, config: desc, layers: [desc] }, { schemaVersion: 2, layers: [desc] }],
    ['oci-image-index', { schemaVersion: 2, manifests: [] }, { schemaVersion: 2, manifests: [{ ...desc, platform: { os: 'linux' } }] }],
    ['oci-image-config', { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [DIGEST] } }, { architecture: 'amd64', os: 'linux', rootfs: { type: 'tarball', diff_ids: [] } }],
    ['docker-manifest-v2', { schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', config: desc, layers: [desc] }, { schemaVersion: 2, config: desc, layers: [desc] }],
    ['docker-manifest-list', { schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json', manifests: [{ ...desc, platform: { architecture: 'arm64', os: 'linux' } }] }, { schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json', manifests: [desc] }],
    ['error-body', { errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown', detail: { digest: DIGEST } }] }, { errors: [{ code: 'blob unknown' }] }],
    ['tags-list', { name: 'demo', tags: ['a', 'b'] }, { name: 'demo', tags: [1] }],
    ['referrers', { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ ...desc, artifactType: 'application/example' }] }, { schemaVersion: 2, mediaType: 'application/json', manifests: [] }],
    ['token-response', { token: 'abc', expires_in: 300, issued_at: '2024-01-01T00:00:00Z' }, { expires_in: 300 }],
    ['oauth2-token-response', { access_token: 'abc', scope: 'repository:demo:pull' }, { access_token: 'abc' }],
  ];

  it.each(cases)('%s: a good document passes, a bad one fails', (schema, good, bad) => {
    expect(validateBody(schema, good)).toEqual([]);
    expect(validateBody(schema, bad).length).toBeGreaterThan(0);
  });

  it('errors are short, capped and name the path', () => {
    const errors = validateBody('oci-image-manifest', { schemaVersion: 3, config: {}, layers: [{}, {}, {}] });
    expect(errors.length).toBeLessThanOrEqual(5);
    expect(errors[0]).toMatch(/^\/schemaVersion /);
    for (const e of errors) expect(e.length).toBeLessThanOrEqual(200);
  });

  it('an empty layers array is accepted (spec digest §6 item 27)', () => {
    expect(validateBody('oci-image-manifest', { schemaVersion: 2, config: desc, layers: [] })).toEqual([]);
  });

  const real = realManifests();
  it('the corpus has real manifests to check', () => expect(real.length).toBeGreaterThan(4));
  it.each(real.map((r) => [r.name, r] as const))('real manifest %s is valid for its type', (_name, { type, doc }) => {
    const schema = SCHEMA_FOR[type];
    expect(schema, type).toBeDefined();
    expect(validateBody(schema!, doc)).toEqual([]);
  });
});

describe('body schemas on hostile documents', () => {
  it('a manifest with 300,000 bad layers is judged in well under a second', () => {
    const layers = Array.from({ length: 300_000 }, () => ({ mediaType: 'x', size: -1 }));
    const started = performance.now();
    const errors = validateBody('oci-image-manifest', { schemaVersion: 2, config: { mediaType: 'a/b', digest: `sha256:${'a'.repeat(64)}`, size: 1 }, layers });
    expect(errors.length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
