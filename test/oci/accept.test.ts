import { describe, expect, it } from 'vitest';
import { acceptAllows, acceptNamesExactly, acceptQuality, parseAccept, parseAcceptItem } from '../../src/oci/accept.js';
import { MediaTypes } from '../../src/oci/media-type.js';
import { HeaderMap } from '../../src/model/headers.js';
import { expectFast, HOSTILE } from './time-bound.js';

const items = (...values: string[]) => parseAccept(new HeaderMap(values.map((value) => ({ name: 'Accept', value }))).getList('accept'));

describe('parseAcceptItem', () => {
  it('parses a media range with q and parameters', () => {
    const item = parseAcceptItem('Application/JSON; charset=utf-8; q=0.5');
    expect(item).toMatchObject({ type: 'application', subtype: 'json', q: 0.5, problems: [] });
    expect(item?.params.get('charset')).toBe('utf-8');
    expect(item?.params.has('q')).toBe(false);
  });
  it('defaults q to 1', () => {
    expect(parseAcceptItem('*/*')?.q).toBe(1);
  });
  it.each(['0', '0.', '0.123', '1', '1.000', '1.'])('accepts qvalue %s', (q) => {
    expect(parseAcceptItem(`a/b;q=${q}`)?.problems).toEqual([]);
  });
  it.each(['2', '0.1234', '1.001', '-1', 'x', '.5', ''])('flags bad qvalue %j and uses 1', (q) => {
    const item = parseAcceptItem(`a/b;q=${q}`);
    expect(item?.q).toBe(1);
    expect(item?.problems.some((p) => p === 'bad-q' || p === 'bad-params')).toBe(true);
  });
  it('flags */json', () => {
    expect(parseAcceptItem('*/json')?.problems).toContain('bad-wildcard');
  });
  it('returns undefined for non-ranges', () => {
    expect(parseAcceptItem('json')).toBeUndefined();
    expect(parseAcceptItem('')).toBeUndefined();
    expect(parseAcceptItem('/')).toBeUndefined();
  });
});

describe('acceptAllows', () => {
  it('allows anything when there is no Accept', () => {
    expect(acceptAllows([], MediaTypes.ociManifest)).toBe(true);
  });
  it('matches exact types case-insensitively', () => {
    const a = items('application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json');
    expect(acceptAllows(a, 'Application/Vnd.Oci.Image.Manifest.V1+Json')).toBe(true);
    expect(acceptAllows(a, MediaTypes.ociIndex)).toBe(false);
  });
  it('handles */* and type/* wildcards', () => {
    expect(acceptAllows(items('*/*'), MediaTypes.ociIndex)).toBe(true);
    expect(acceptAllows(items('application/*'), MediaTypes.ociIndex)).toBe(true);
    expect(acceptAllows(items('text/*'), MediaTypes.ociIndex)).toBe(false);
  });
  it('lets the most specific range decide, including q=0 exclusions', () => {
    const a = items('*/*', `${MediaTypes.dockerManifest};q=0`);
    expect(acceptAllows(a, MediaTypes.dockerManifest)).toBe(false);
    expect(acceptAllows(a, MediaTypes.ociManifest)).toBe(true);
    expect(acceptQuality(items('application/*;q=0.3', '*/*;q=0.1'), MediaTypes.ociIndex)).toBe(0.3);
  });
  it('ignores parameters on the media type being tested', () => {
    expect(acceptAllows(items(MediaTypes.ociManifest), `${MediaTypes.ociManifest}; charset=utf-8`)).toBe(true);
  });
  it('works across several header lines', () => {
    const a = items(MediaTypes.ociManifest, MediaTypes.ociIndex);
    expect(acceptAllows(a, MediaTypes.ociIndex)).toBe(true);
  });
  it('acceptNamesExactly ignores wildcards', () => {
    expect(acceptNamesExactly(items('*/*'), MediaTypes.ociIndex)).toBe(false);
    expect(acceptNamesExactly(items(MediaTypes.ociIndex), MediaTypes.ociIndex)).toBe(true);
    expect(acceptNamesExactly(items(`${MediaTypes.ociIndex};q=0`), MediaTypes.ociIndex)).toBe(false);
  });
  it('rejects a media type that is not type/subtype', () => {
    expect(acceptAllows(items('*/*'), 'garbage')).toBe(false);
  });
});

describe('linear time on hostile Accept', () => {
  it('one huge item', () => {
    expectFast(() => parseAcceptItem(`a/b${';q=0.5'.repeat(HOSTILE / 6)}`));
    expectFast(() => parseAcceptItem(`a/b; x="${'\\"'.repeat(HOSTILE / 2)}`));
  });
  it('many items', () => {
    const header = Array.from({ length: HOSTILE / 10 }, () => 'a/b;q=0.1').join(',');
    const parsed = items(header);
    expectFast(() => acceptAllows(parsed, 'a/c'));
    expectFast(() => items(header));
  });
});
