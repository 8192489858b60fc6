import { describe, expect, it } from 'vitest';
import { classify, parseReference } from '../../src/oci/classify.js';
import type { EndpointId } from '../../src/oci/operation.js';
import { ENDPOINT_TABLE } from '../../src/oci/routes.js';
import { expectFast, HOSTILE } from './time-bound.js';

const R = 'https://reg.example';
const sha = `sha256:${'b'.repeat(64)}`;
const op = (method: string, path: string) => classify(method, new URL(R + path));

describe('classify: the endpoint table', () => {
  it('end-1 GET /v2/ (and HEAD, and /v2 without slash)', () => {
    expect(op('GET', '/v2/')).toEqual({ kind: 'base', endpoint: 'end-1' });
    expect(op('HEAD', '/v2/')).toEqual({ kind: 'base', endpoint: 'end-1' });
    expect(op('get', '/v2')).toEqual({ kind: 'base', endpoint: 'end-1' });
  });

  it('end-2 GET/HEAD blob', () => {
    expect(op('GET', `/v2/library/alpine/blobs/${sha}`)).toEqual({ kind: 'blob.get', endpoint: 'end-2', name: 'library/alpine', digest: sha });
    expect(op('HEAD', `/v2/library/alpine/blobs/${sha}`)).toEqual({ kind: 'blob.head', endpoint: 'end-2', name: 'library/alpine', digest: sha });
  });

  it('end-3 GET/HEAD manifest by tag and digest', () => {
    expect(op('GET', '/v2/a/b/c/manifests/latest')).toEqual({
      kind: 'manifest.get',
      endpoint: 'end-3',
      name: 'a/b/c',
      reference: { kind: 'tag', value: 'latest' },
    });
    expect(op('HEAD', `/v2/foo/manifests/${sha}`)).toEqual({
      kind: 'manifest.head',
      endpoint: 'end-3',
      name: 'foo',
      reference: { kind: 'digest', value: sha },
    });
    expect(op('GET', '/v2/foo/manifests/Not:A:Digest')).toMatchObject({ reference: { kind: 'invalid', value: 'Not:A:Digest' } });
  });

  it('end-4a POST upload start', () => {
    expect(op('POST', '/v2/foo/bar/blobs/uploads/')).toEqual({ kind: 'upload.start', endpoint: 'end-4a', name: 'foo/bar' });
  });
  it('end-4a tolerates a missing trailing slash', () => {
    expect(op('POST', '/v2/foo/blobs/uploads')).toEqual({ kind: 'upload.start', endpoint: 'end-4a', name: 'foo' });
  });
  it('end-4b POST ?digest=', () => {
    expect(op('POST', `/v2/foo/blobs/uploads/?digest=${sha}`)).toEqual({ kind: 'upload.start', endpoint: 'end-4b', name: 'foo', digest: sha });
  });
  it('end-4c POST ?digest-algorithm=', () => {
    expect(op('POST', '/v2/foo/blobs/uploads/?digest-algorithm=sha512')).toEqual({
      kind: 'upload.start',
      endpoint: 'end-4c',
      name: 'foo',
      digestAlgorithm: 'sha512',
    });
  });

  it('end-5 PATCH, end-6 PUT, end-13 GET, end-14 DELETE on an upload URL, keyed without the query', () => {
    const path = '/v2/foo/blobs/uploads/1b2c-uuid';
    const sessionKey = `${R}${path}`;
    expect(op('PATCH', `${path}?_state=AAA`)).toEqual({ kind: 'upload.chunk', endpoint: 'end-5', name: 'foo', sessionKey });
    expect(op('PUT', `${path}?_state=BBB&digest=${sha}`)).toEqual({ kind: 'upload.close', endpoint: 'end-6', name: 'foo', sessionKey, digest: sha });
    expect(op('PUT', path)).toEqual({ kind: 'upload.close', endpoint: 'end-6', name: 'foo', sessionKey });
    expect(op('GET', `${path}?_state=CCC`)).toEqual({ kind: 'upload.status', endpoint: 'end-13', name: 'foo', sessionKey });
    expect(op('DELETE', path)).toEqual({ kind: 'upload.cancel', endpoint: 'end-14', name: 'foo', sessionKey });
  });

  it('end-7 PUT manifest, end-7b with ?tag=', () => {
    expect(op('PUT', '/v2/foo/manifests/v1')).toEqual({
      kind: 'manifest.put',
      endpoint: 'end-7',
      name: 'foo',
      reference: { kind: 'tag', value: 'v1' },
      tags: [],
    });
    expect(op('PUT', `/v2/foo/manifests/${sha}?tag=a&tag=b`)).toEqual({
      kind: 'manifest.put',
      endpoint: 'end-7b',
      name: 'foo',
      reference: { kind: 'digest', value: sha },
      tags: ['a', 'b'],
    });
  });

  it('end-8a/8b tags list', () => {
    expect(op('GET', '/v2/foo/tags/list')).toEqual({ kind: 'tags.list', endpoint: 'end-8a', name: 'foo' });
    expect(op('GET', '/v2/foo/tags/list?n=10&last=v1')).toEqual({ kind: 'tags.list', endpoint: 'end-8b', name: 'foo', n: '10', last: 'v1' });
    expect(op('GET', '/v2/foo/tags/list?last=v1')).toEqual({ kind: 'tags.list', endpoint: 'end-8b', name: 'foo', last: 'v1' });
  });

  it('end-9 DELETE manifest, end-10 DELETE blob', () => {
    expect(op('DELETE', '/v2/foo/manifests/v1')).toEqual({ kind: 'manifest.delete', endpoint: 'end-9', name: 'foo', reference: { kind: 'tag', value: 'v1' } });
    expect(op('DELETE', `/v2/foo/blobs/${sha}`)).toEqual({ kind: 'blob.delete', endpoint: 'end-10', name: 'foo', digest: sha });
  });

  it('end-11 mount, with and without from', () => {
    expect(op('POST', `/v2/foo/blobs/uploads/?mount=${sha}&from=other/repo`)).toEqual({
      kind: 'upload.mount',
      endpoint: 'end-11',
      name: 'foo',
      digest: sha,
      from: 'other/repo',
    });
    expect(op('POST', `/v2/foo/blobs/uploads/?mount=${sha}`)).toEqual({ kind: 'upload.mount', endpoint: 'end-11', name: 'foo', digest: sha });
  });

  it('end-12a/12b referrers', () => {
    expect(op('GET', `/v2/foo/referrers/${sha}`)).toEqual({ kind: 'referrers.list', endpoint: 'end-12a', name: 'foo', digest: sha });
    expect(op('GET', `/v2/foo/referrers/${sha}?artifactType=application%2Fvnd.example%2Bjson`)).toEqual({
      kind: 'referrers.list',
      endpoint: 'end-12b',
      name: 'foo',
      digest: sha,
      artifactType: 'application/vnd.example+json',
    });
  });

  it('covers every endpoint id of the route table', () => {
    const seen = new Set<EndpointId>();
    const samples: [string, string][] = [
      ['GET', '/v2/'],
      ['GET', `/v2/f/blobs/${sha}`],
      ['GET', '/v2/f/manifests/t'],
      ['POST', '/v2/f/blobs/uploads/'],
      ['POST', `/v2/f/blobs/uploads/?digest=${sha}`],
      ['POST', '/v2/f/blobs/uploads/?digest-algorithm=sha512'],
      ['PATCH', '/v2/f/blobs/uploads/u'],
      ['PUT', `/v2/f/blobs/uploads/u?digest=${sha}`],
      ['PUT', '/v2/f/manifests/t'],
      ['PUT', `/v2/f/manifests/${sha}?tag=t`],
      ['GET', '/v2/f/tags/list'],
      ['GET', '/v2/f/tags/list?n=1'],
      ['DELETE', '/v2/f/manifests/t'],
      ['DELETE', `/v2/f/blobs/${sha}`],
      ['POST', `/v2/f/blobs/uploads/?mount=${sha}&from=g`],
      ['GET', `/v2/f/referrers/${sha}`],
      ['GET', `/v2/f/referrers/${sha}?artifactType=a/b`],
      ['GET', '/v2/f/blobs/uploads/u'],
      ['DELETE', '/v2/f/blobs/uploads/u'],
    ];
    for (const [m, p] of samples) {
      const o = op(m, p);
      if ('endpoint' in o) seen.add(o.endpoint);
    }
    expect([...seen].sort()).toEqual([...new Set(ENDPOINT_TABLE.map((r) => r.endpoint))].sort());
  });
});

describe('classify: names, decoding, right-to-left matching', () => {
  it('percent-decodes segments', () => {
    expect(op('GET', '/v2/my%2Dorg/app/manifests/v%2E1')).toMatchObject({ name: 'my-org/app', reference: { kind: 'tag', value: 'v.1' } });
  });
  it('does not let %2F create segments', () => {
    expect(op('GET', '/v2/foo/manifests%2Flatest')).toMatchObject({ kind: 'unknown-v2' });
  });
  it('keeps malformed percent-encoding as written', () => {
    expect(op('GET', '/v2/fo%zzo/manifests/latest')).toMatchObject({ kind: 'manifest.get', name: 'fo%zzo' });
  });
  it('lets repository names contain endpoint words', () => {
    expect(op('GET', '/v2/manifests/manifests/latest')).toMatchObject({ kind: 'manifest.get', name: 'manifests' });
    expect(op('GET', `/v2/a/blobs/uploads/blobs/${sha}`)).toMatchObject({ kind: 'blob.get', name: 'a/blobs/uploads' });
    expect(op('POST', '/v2/tags/list/blobs/uploads/')).toMatchObject({ kind: 'upload.start', name: 'tags/list' });
    expect(op('GET', '/v2/referrers/tags/list')).toMatchObject({ kind: 'tags.list', name: 'referrers' });
  });
  it('does not validate the name (checks do)', () => {
    expect(op('GET', '/v2/Foo_Bar/manifests/latest')).toMatchObject({ kind: 'manifest.get', name: 'Foo_Bar' });
  });
  it('rejects empty names and parameters', () => {
    expect(op('GET', '/v2//manifests/latest')).toMatchObject({ kind: 'unknown-v2' });
    expect(op('GET', '/v2/foo/blobs/')).toMatchObject({ kind: 'unknown-v2' });
    expect(op('GET', '/v2/foo/referrers/')).toMatchObject({ kind: 'unknown-v2' });
    expect(op('GET', '/v2/manifests/latest')).toMatchObject({ kind: 'unknown-v2' });
  });
  it('an empty manifest reference is a manifest request with an invalid reference (PULL-01 judges it)', () => {
    expect(op('GET', '/v2/foo/manifests/')).toEqual({ kind: 'manifest.get', endpoint: 'end-3', name: 'foo', reference: { kind: 'invalid', value: '' } });
    expect(op('HEAD', '/v2/foo/manifests/')).toMatchObject({ kind: 'manifest.head', reference: { kind: 'invalid', value: '' } });
  });
});

describe('classify: registry-level and non-OCI paths', () => {
  it('_catalog', () => {
    expect(op('GET', '/v2/_catalog')).toEqual({ kind: 'catalog' });
    expect(op('GET', '/v2/_catalog?n=100&last=foo')).toEqual({ kind: 'catalog', n: '100', last: 'foo' });
  });
  it('extensions: registry-level and repository-scoped', () => {
    expect(op('GET', '/v2/_oci/ext/discover')).toEqual({ kind: 'extensions', path: '_oci/ext/discover' });
    expect(op('GET', '/v2/foo/bar/_oci/ext/discover')).toEqual({ kind: 'extensions', name: 'foo/bar', path: '_oci/ext/discover' });
    expect(op('POST', '/v2/_zot/ext/search')).toEqual({ kind: 'extensions', path: '_zot/ext/search' });
  });
  it('a tag starting with _ is still a tag', () => {
    expect(op('GET', '/v2/foo/manifests/_latest')).toMatchObject({ kind: 'manifest.get', reference: { kind: 'tag', value: '_latest' } });
  });
  it('token endpoints: GET and POST (oauth2)', () => {
    for (const p of ['/token', '/auth', '/oauth2/token', '/v2/token', '/service/token', '/token/', '/v2/auth']) {
      expect(op('GET', `${p}?service=reg&scope=repository:a:pull`), p).toEqual({ kind: 'token', grant: 'get' });
      expect(op('POST', p), p).toEqual({ kind: 'token', grant: 'oauth2' });
    }
    expect(classify('GET', new URL('https://auth.docker.io/token?service=registry.docker.io'))).toEqual({ kind: 'token', grant: 'get' });
  });
  it('other methods on token paths are not token requests', () => {
    expect(op('PUT', '/token')).toEqual({ kind: 'unknown' });
    expect(op('DELETE', '/v2/token')).toMatchObject({ kind: 'unknown-v2' });
  });
  it('unknown outside /v2/, including path-prefixed registries', () => {
    expect(op('GET', '/')).toEqual({ kind: 'unknown' });
    expect(op('GET', '/some/prefix/v2/foo/manifests/latest')).toEqual({ kind: 'unknown' });
    expect(op('GET', '/v2foo')).toEqual({ kind: 'unknown' });
    expect(op('GET', '/V2/')).toEqual({ kind: 'unknown' });
    expect(classify('GET', new URL('https://s3.example/bucket/blob?X-Amz-Signature=x'))).toEqual({ kind: 'unknown' });
  });
  it('unknown when there is no URL', () => {
    expect(classify('GET', undefined)).toEqual({ kind: 'unknown' });
  });
});

describe('classify: wrong methods and unknown /v2/ paths', () => {
  const wrong: [string, string][] = [
    ['POST', '/v2/foo/manifests/latest'],
    ['PATCH', '/v2/foo/manifests/latest'],
    ['PUT', `/v2/foo/blobs/${sha}`],
    ['POST', `/v2/foo/blobs/${sha}`],
    ['GET', '/v2/foo/blobs/uploads/'],
    ['PUT', '/v2/foo/blobs/uploads/'],
    ['POST', '/v2/foo/blobs/uploads/abc'],
    ['HEAD', '/v2/foo/blobs/uploads/abc'],
    ['POST', '/v2/foo/tags/list'],
    ['HEAD', '/v2/foo/tags/list'],
    ['DELETE', `/v2/foo/referrers/${sha}`],
    ['POST', '/v2/'],
    ['DELETE', '/v2/_catalog'],
  ];
  it.each(wrong)('%s %s → unknown-v2 with a reason', (m, p) => {
    const o = op(m, p);
    expect(o.kind).toBe('unknown-v2');
    if (o.kind === 'unknown-v2') expect(o.reason).toContain(m);
  });
  it.each(['/v2/foo', '/v2/foo/bar', '/v2/foo/tags', '/v2/foo/tags/list/', '/v2/foo/referrers'])('GET %s matches nothing', (p) => {
    const o = op('GET', p);
    expect(o.kind).toBe('unknown-v2');
    if (o.kind === 'unknown-v2') expect(o.reason).toContain('matches no endpoint');
  });
});

describe('classify: hostile URLs', () => {
  it('deep paths are linear', () => {
    const deep = new URL(`${R}/v2/${'a/'.repeat(HOSTILE / 2)}manifests/latest`);
    expectFast(() => classify('GET', deep));
    const slashes = new URL(`${R}/v2/${'/'.repeat(HOSTILE)}`);
    expectFast(() => classify('GET', slashes));
    const underscores = new URL(`${R}/v2/${'_/'.repeat(HOSTILE / 2)}x`);
    expectFast(() => classify('GET', underscores));
    const encoded = new URL(`${R}/v2/${'%41'.repeat(HOSTILE / 3)}/manifests/${'%42'.repeat(HOSTILE / 3)}`);
    expectFast(() => classify('GET', encoded));
  });
});

describe('parseReference re-export', () => {
  it('is the same function as reference.ts', () => {
    expect(parseReference('latest')).toEqual({ kind: 'tag', value: 'latest' });
  });
});
