import { describe, expect, it } from 'vitest';
import { ORIGIN_PREFIX, OriginMap, rewriteRealm } from '../../src/record/rewrite.js';
import { expectFast, HOSTILE } from '../oci/time-bound.js';

const map = () => new OriginMap('https://registry.example', 'http://127.0.0.1:5000');

describe('OriginMap', () => {
  it('maps the upstream to the listen origin, and other origins to numbered prefixes and back', () => {
    const m = map();
    expect(m.toClient('https://registry.example/v2/a/blobs/uploads/1?_state=x')).toBe('http://127.0.0.1:5000/v2/a/blobs/uploads/1?_state=x');
    expect(m.toClient('https://storage.example/bucket/blob?sig=1')).toBe(`http://127.0.0.1:5000${ORIGIN_PREFIX}0/bucket/blob?sig=1`);
    expect(m.toClient('https://auth.example/token', true)).toBe(`http://127.0.0.1:5000${ORIGIN_PREFIX}1/token`);
    expect(m.toTarget(`${ORIGIN_PREFIX}0/bucket/blob?sig=1`)).toEqual({ origin: 'https://storage.example', path: '/bucket/blob?sig=1' });
    expect(m.toTarget('/v2/')).toEqual({ origin: 'https://registry.example', path: '/v2/' });
    expect(m.redirectOnly('https://storage.example')).toBe(true);
    expect(m.redirectOnly('https://auth.example')).toBe(false);
    expect(m.redirectOnly('https://registry.example')).toBe(false);
  });

  it('refuses what it never handed out, and non-HTTP URLs', () => {
    const m = map();
    expect(m.toTarget(`${ORIGIN_PREFIX}7/x`)).toBeUndefined();
    expect(m.toTarget(`${ORIGIN_PREFIX}abc/x`)).toBeUndefined();
    expect(m.toTarget(`${ORIGIN_PREFIX}`)).toBeUndefined();
    expect(m.toClient('ftp://x.example/a')).toBeUndefined();
    expect(m.toClient('not a url')).toBeUndefined();
    expect(m.toClient('http://127.0.0.1:5000/v2/')).toBeUndefined();
  });
});

describe('rewriteRealm', () => {
  const to = (url: string) => `<${url}>`;
  it('replaces quoted and bare realm URLs and keeps every other parameter as sent', () => {
    expect(rewriteRealm('Bearer realm="https://auth.example/token",service="registry",scope="repository:a:pull"', to)).toBe('Bearer realm="<https://auth.example/token>",service="registry",scope="repository:a:pull"');
    expect(rewriteRealm('Bearer realm=https://auth.example/token,service=registry', to)).toBe('Bearer realm="<https://auth.example/token>",service=registry');
    expect(rewriteRealm('Basic realm="Registry Realm"', () => undefined)).toBe('Basic realm="Registry Realm"');
    expect(rewriteRealm('Bearer REALM = "https://a.example/t"', to)).toBe('Bearer REALM = "<https://a.example/t>"');
  });

  it('does not touch a parameter that only ends in "realm", or an unterminated quote', () => {
    expect(rewriteRealm('Bearer xrealm="https://a.example/t"', to)).toBe('Bearer xrealm="https://a.example/t"');
    expect(rewriteRealm('Bearer realm="https://a.example/t', to)).toBe('Bearer realm="https://a.example/t');
  });

  it('is linear on hostile values', () => {
    expectFast(() => rewriteRealm('realm='.repeat(HOSTILE), to));
    expectFast(() => rewriteRealm(`Bearer realm="${'\\"'.repeat(HOSTILE)}`, to));
    expectFast(() => rewriteRealm(' realm'.repeat(HOSTILE), to));
  });
});
