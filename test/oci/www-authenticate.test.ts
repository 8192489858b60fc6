import { describe, expect, it } from 'vitest';
import {
  bearerParams,
  findBearerChallenge,
  isScheme,
  parseChallenges,
  parseWwwAuthenticate,
} from '../../src/oci/www-authenticate.js';
import { expectFast, HOSTILE } from './time-bound.js';

const params = (m: Map<string, string>) => Object.fromEntries(m);

describe('parseChallenges', () => {
  it('parses a distribution Bearer challenge', () => {
    const [c, ...rest] = parseChallenges(
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
    );
    expect(rest).toEqual([]);
    expect(c?.scheme).toBe('Bearer');
    expect(params(c!.params)).toEqual({
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      scope: 'repository:library/alpine:pull',
    });
    expect(c?.malformed).toEqual([]);
  });

  it('parses two challenges in one header, with escaped quotes (RFC 9110 example)', () => {
    const cs = parseChallenges('Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"');
    expect(cs.map((c) => c.scheme)).toEqual(['Newauth', 'Basic']);
    expect(params(cs[0]!.params)).toEqual({ realm: 'apps', type: '1', title: 'Login to "apps"' });
    expect(params(cs[1]!.params)).toEqual({ realm: 'simple' });
    expect(cs.every((c) => c.malformed.length === 0)).toBe(true);
  });

  it('parses challenges spread over several header lines', () => {
    const cs = parseChallenges(['Basic realm="r1"', 'Bearer realm="https://a/token", error="insufficient_scope"']);
    expect(cs.map((c) => c.scheme)).toEqual(['Basic', 'Bearer']);
    expect(cs[1]?.params.get('error')).toBe('insufficient_scope');
  });

  it('keeps commas inside quoted scope values', () => {
    const [c] = parseChallenges('Bearer realm="x",scope="repository:a:pull,push repository:b:pull"');
    expect(c?.params.get('scope')).toBe('repository:a:pull,push repository:b:pull');
  });

  it('lower-cases parameter names and tolerates BWS around =', () => {
    const [c] = parseChallenges('bearer Realm = "x" , SERVICE= y');
    expect(params(c!.params)).toEqual({ realm: 'x', service: 'y' });
    expect(isScheme(c!, 'Bearer')).toBe(true);
  });

  it('parses token68', () => {
    const [a, b] = parseChallenges('Negotiate dGVzdA==, Basic realm="x"');
    expect(a?.token68).toBe('dGVzdA==');
    expect(a?.params.size).toBe(0);
    expect(b?.scheme).toBe('Basic');
  });

  it('parses a bare scheme', () => {
    expect(parseChallenges('Basic').map((c) => [c.scheme, c.params.size])).toEqual([['Basic', 0]]);
    expect(parseChallenges('Basic, Bearer').map((c) => c.scheme)).toEqual(['Basic', 'Bearer']);
  });

  it('skips empty list elements', () => {
    expect(parseChallenges(' , ,Basic realm="a" ,, ').map((c) => c.scheme)).toEqual(['Basic']);
  });

  it('flags duplicates, keeping the first value', () => {
    const [c] = parseChallenges('Bearer realm="a", realm="b"');
    expect(c?.params.get('realm')).toBe('a');
    expect(c?.malformed).toContain('duplicate-param');
  });

  it('flags an unterminated quote and keeps the rest as the value', () => {
    const [c] = parseChallenges('Bearer realm="https://x, service=y');
    expect(c?.params.get('realm')).toBe('https://x, service=y');
    expect(c?.malformed).toContain('unterminated-quote');
  });

  it('keeps an unquoted URL realm but flags it', () => {
    const [c] = parseChallenges('Bearer realm=https://auth.example/token,service=reg');
    expect(c?.params.get('realm')).toBe('https://auth.example/token');
    expect(c?.params.get('service')).toBe('reg');
    expect(c?.malformed).toContain('bad-token-value');
  });

  it('tolerates garbage without throwing', () => {
    const garbage = ['"', '=', '==,==', 'Bearer "x"', 'Bearer realm=', 'Bearer realm="a" junk, service="s"', '\u0000\u0001', '<>', 'Bearer,,=,"'];
    for (const g of garbage) expect(() => parseWwwAuthenticate(g), g).not.toThrow();
    const top = parseWwwAuthenticate('"quoted", Basic realm="a"');
    expect(top.malformed).toContain('missing-scheme');
    expect(top.challenges.map((c) => c.scheme)).toEqual(['Basic']);
    const junk = parseWwwAuthenticate('Bearer realm="a" junk, service="s"').challenges[0];
    expect(junk?.malformed).toContain('bad-param');
    expect(junk?.params.get('service')).toBe('s');
  });

  it('returns nothing for an empty header', () => {
    expect(parseChallenges([])).toEqual([]);
    expect(parseChallenges('')).toEqual([]);
  });
});

describe('Bearer helpers', () => {
  it('extracts realm, service, scope, error', () => {
    const [c] = parseChallenges(
      'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/r:pull",error="invalid_token",error_description="expired"',
    );
    expect(bearerParams(c!)).toEqual({
      realm: 'https://ghcr.io/token',
      service: 'ghcr.io',
      scope: 'repository:o/r:pull',
      error: 'invalid_token',
      errorDescription: 'expired',
    });
  });
  it('returns undefined for other schemes and finds the Bearer among several', () => {
    const cs = parseChallenges('Basic realm="x", BEARER realm="y"');
    expect(bearerParams(cs[0]!)).toBeUndefined();
    expect(findBearerChallenge(cs)).toEqual({ realm: 'y' });
    expect(findBearerChallenge(parseChallenges('Basic realm="x"'))).toBeUndefined();
  });
  it('handles a realm-only challenge (GCP style)', () => {
    expect(findBearerChallenge(parseChallenges('Bearer realm="https://gcr.io/v2/token"'))).toEqual({ realm: 'https://gcr.io/v2/token' });
  });
});

describe('linear time on hostile WWW-Authenticate', () => {
  const cases: [string, string][] = [
    ['commas', ','.repeat(HOSTILE)],
    ['many schemes', 'a,'.repeat(HOSTILE / 2)],
    ['many params', `Bearer ${'a=b,'.repeat(HOSTILE / 4)}`],
    ['duplicate params', `Bearer ${'realm="x",'.repeat(HOSTILE / 10)}`],
    ['escapes', `Bearer realm="${'\\"'.repeat(HOSTILE / 2)}`],
    ['unterminated quotes', `Bearer ${'a="'.repeat(HOSTILE / 3)}`],
    ['quotes everywhere', '"'.repeat(HOSTILE)],
    ['equals', `Basic ${'='.repeat(HOSTILE)}`],
    ['spaces', `Bearer${' '.repeat(HOSTILE)}x`],
    ['token68-like', `Basic ${'a'.repeat(HOSTILE)}==`],
    ['words', 'a '.repeat(HOSTILE / 2)],
    ['a=, runs', 'a=,'.repeat(HOSTILE / 3)],
  ];
  it.each(cases)('%s', (_label, input) => {
    expectFast(() => parseWwwAuthenticate(input));
  });
});
