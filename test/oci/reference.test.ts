import { describe, expect, it } from 'vitest';
import { parseReference } from '../../src/oci/reference.js';
import { expectFast, HOSTILE } from './time-bound.js';

const sha = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  it('reads tags', () => {
    expect(parseReference('latest')).toEqual({ kind: 'tag', value: 'latest' });
    expect(parseReference('_v1.0-rc')).toEqual({ kind: 'tag', value: '_v1.0-rc' });
  });
  it('reads digests, including unregistered algorithms and upper-case hex (checked elsewhere)', () => {
    expect(parseReference(sha)).toEqual({ kind: 'digest', value: sha });
    expect(parseReference('foo+bar:xyz')).toEqual({ kind: 'digest', value: 'foo+bar:xyz' });
    expect(parseReference(sha.toUpperCase().replace('SHA256', 'sha256'))).toMatchObject({ kind: 'digest' });
  });
  it('marks everything else invalid', () => {
    for (const seg of ['', '.hidden', 'x'.repeat(129), 'a/b', 'sha256:', 'SHA256:abc', ':x', 'a b']) {
      expect(parseReference(seg).kind, seg).toBe('invalid');
    }
  });
  it('is linear on hostile input', () => {
    expectFast(() => parseReference(`${'a'.repeat(HOSTILE)}:`));
    expectFast(() => parseReference('a'.repeat(HOSTILE)));
  });
});
