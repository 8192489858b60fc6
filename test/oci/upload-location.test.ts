import { describe, expect, it } from 'vitest';
import { resolveLocation, sessionKeyOf } from '../../src/oci/upload-location.js';
import { expectFast, HOSTILE } from './time-bound.js';

describe('sessionKeyOf', () => {
  it('drops query and fragment', () => {
    const a = new URL('https://reg.example/v2/foo/blobs/uploads/abc?_state=one&digest=sha256:x#f');
    const b = new URL('https://reg.example/v2/foo/blobs/uploads/abc?_state=two');
    expect(sessionKeyOf(a)).toBe('https://reg.example/v2/foo/blobs/uploads/abc');
    expect(sessionKeyOf(a)).toBe(sessionKeyOf(b));
  });
  it('keeps origin (scheme, host, non-default port) apart', () => {
    expect(sessionKeyOf(new URL('http://reg.example:5000/v2/x/blobs/uploads/1'))).toBe('http://reg.example:5000/v2/x/blobs/uploads/1');
    expect(sessionKeyOf(new URL('https://reg.example:443/u'))).toBe('https://reg.example/u');
  });
});

describe('resolveLocation', () => {
  const base = new URL('https://reg.example/v2/foo/blobs/uploads/');
  it('keeps absolute URLs, also on other hosts', () => {
    expect(resolveLocation('https://storage.example/upload/1?sig=x', base)?.href).toBe('https://storage.example/upload/1?sig=x');
  });
  it('resolves absolute paths and relative references (RFC 3986)', () => {
    expect(resolveLocation('/v2/foo/blobs/uploads/u1?_state=s', base)?.href).toBe('https://reg.example/v2/foo/blobs/uploads/u1?_state=s');
    expect(resolveLocation('u2', base)?.href).toBe('https://reg.example/v2/foo/blobs/uploads/u2');
    expect(resolveLocation('../x', base)?.href).toBe('https://reg.example/v2/foo/blobs/x');
    expect(resolveLocation('//other.example/p', base)?.href).toBe('https://other.example/p');
    expect(resolveLocation('?q=1', 'https://reg.example/a/b')?.href).toBe('https://reg.example/a/b?q=1');
  });
  it('trims whitespace', () => {
    expect(resolveLocation('  /v2/x  ', base)?.pathname).toBe('/v2/x');
  });
  it('returns undefined on garbage', () => {
    expect(resolveLocation('', base)).toBeUndefined();
    expect(resolveLocation('   ', base)).toBeUndefined();
    expect(resolveLocation('/relative', undefined)).toBeUndefined();
    expect(resolveLocation('http://', base)).toBeUndefined();
    expect(resolveLocation('http://[::1', base)).toBeUndefined();
    expect(resolveLocation('javascript:alert(1)', base)).toBeUndefined();
    expect(resolveLocation('mailto:x@y', base)).toBeUndefined();
  });
  it('is fast on long locations', () => {
    expectFast(() => resolveLocation(`/${'a/'.repeat(HOSTILE / 2)}`, base));
    expectFast(() => resolveLocation(`https://${'a'.repeat(HOSTILE)}`, base));
    expectFast(() => resolveLocation('%'.repeat(HOSTILE), base));
  });
});
