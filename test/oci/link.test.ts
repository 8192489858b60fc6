import { describe, expect, it } from 'vitest';
import { findLink, findNextLink, parseLinkHeader, resolveLinkTarget } from '../../src/oci/link.js';
import { expectFast, HOSTILE } from './time-bound.js';

describe('parseLinkHeader', () => {
  it('parses distribution\'s relative next link', () => {
    const { links, malformed } = parseLinkHeader('</v2/foo/tags/list?last=b&n=2>; rel="next"');
    expect(malformed).toBe(false);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ target: '/v2/foo/tags/list?last=b&n=2', rel: ['next'], malformed: false });
  });

  it('parses several links, unquoted rel and multiple relation types', () => {
    const { links } = parseLinkHeader('<https://a/1>; rel=prev, <https://a/3>; rel="next last"; title="x, y"');
    expect(links.map((l) => l.target)).toEqual(['https://a/1', 'https://a/3']);
    expect(links[1]?.rel).toEqual(['next', 'last']);
    expect(links[1]?.params.get('title')).toBe('x, y');
  });

  it('keeps commas inside the URI reference', () => {
    const { links } = parseLinkHeader('</v2/r/referrers/sha256:abc?artifactType=a,b>; rel="next"');
    expect(links[0]?.target).toBe('/v2/r/referrers/sha256:abc?artifactType=a,b');
  });

  it('lower-cases relation types and parameter names, first rel wins', () => {
    const { links } = parseLinkHeader('<u>; REL="Next"; rel="prev"; Anchor="#x"; hreflang');
    expect(links[0]?.rel).toEqual(['next']);
    expect(links[0]?.params.get('anchor')).toBe('#x');
    expect(links[0]?.params.get('hreflang')).toBe('');
  });

  it('parses several header lines', () => {
    expect(parseLinkHeader(['<a>; rel="prev"', '<b>; rel="next"']).links.map((l) => l.target)).toEqual(['a', 'b']);
  });

  it('flags garbage without throwing', () => {
    expect(parseLinkHeader('rel="next"').malformed).toBe(true);
    expect(parseLinkHeader('<unterminated; rel=next').malformed).toBe(true);
    expect(parseLinkHeader('<a> junk').links[0]?.malformed).toBe(true);
    expect(parseLinkHeader('<a>; rel="next').links[0]?.malformed).toBe(true);
    expect(parseLinkHeader('').links).toEqual([]);
  });
});

describe('findNextLink / resolveLinkTarget', () => {
  it('finds rel=next among others', () => {
    expect(findNextLink(['<a>; rel="prev"', '<b>; rel="next"'])?.target).toBe('b');
    expect(findNextLink('<a>; rel="prev"')).toBeUndefined();
    expect(findLink(parseLinkHeader('<a>; rel="Prev"').links, 'PREV')?.target).toBe('a');
  });
  it('resolves relative targets against the request URL', () => {
    const link = findNextLink('</v2/foo/tags/list?last=b&n=2>; rel="next"');
    expect(resolveLinkTarget(link!, new URL('https://reg.example/v2/foo/tags/list?n=2'))?.href).toBe(
      'https://reg.example/v2/foo/tags/list?last=b&n=2',
    );
  });
});

describe('linear time on hostile Link', () => {
  const cases: [string, string][] = [
    ['many links', '<a>; rel=next,'.repeat(HOSTILE / 14)],
    ['no closing bracket', `<${'a'.repeat(HOSTILE)}`],
    ['many brackets', '<'.repeat(HOSTILE)],
    ['many params', `<a>${'; x=1'.repeat(HOSTILE / 6)}`],
    ['quotes', `<a>; rel="${'\\'.repeat(HOSTILE)}`],
    ['garbage', 'x'.repeat(HOSTILE)],
    ['semicolons', `<a>${';'.repeat(HOSTILE)}`],
  ];
  it.each(cases)('%s', (_label, input) => {
    expectFast(() => parseLinkHeader(input));
  });
});
