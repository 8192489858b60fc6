import { describe, expect, it } from 'vitest';
import {
  fitsQualifiedNameLimit,
  isValidNameComponent,
  isValidRepositoryName,
  MAX_QUALIFIED_NAME_LENGTH,
  qualifiedNameLength,
  repositoryNameProblem,
} from '../../src/oci/name.js';
import { expectFast, HOSTILE } from './time-bound.js';

describe('isValidRepositoryName', () => {
  const bothValid = [
    'a',
    'library/alpine',
    'foo.bar/baz_qux/quux-1',
    'a0/b1/c2/d3/e4',
    'my-org/my.repo',
    '0123',
    'a.b.c',
  ];
  it.each(bothValid)('accepts %s under both grammars', (name) => {
    expect(isValidRepositoryName(name, 'v1.1')).toBe(true);
    expect(isValidRepositoryName(name, 'v1.0')).toBe(true);
  });

  const v11Only = ['a__b', 'a--b', 'a---b', 'org/a__b--c', 'a-b--c'];
  it.each(v11Only)('accepts %s under v1.1 but not v1.0', (name) => {
    expect(isValidRepositoryName(name, 'v1.1')).toBe(true);
    expect(isValidRepositoryName(name, 'v1.0')).toBe(false);
    expect(repositoryNameProblem(name, 'v1.0')?.kind).toBe('bad-separator');
  });

  const invalid: [string, string][] = [
    ['', 'empty'],
    ['Library/alpine', 'bad-char'],
    ['foo/Bar', 'bad-char'],
    ['foo bar', 'bad-char'],
    ['foo:5000/bar', 'bad-char'],
    ['/foo', 'empty-component'],
    ['foo/', 'empty-component'],
    ['foo//bar', 'empty-component'],
    ['-foo', 'dangling-separator'],
    ['foo-', 'dangling-separator'],
    ['foo/.bar', 'dangling-separator'],
    ['foo_/bar', 'dangling-separator'],
    ['a___b', 'bad-separator'],
    ['a._b', 'bad-separator'],
    ['a_-b', 'bad-separator'],
    ['a-.b', 'bad-separator'],
    ['a..b', 'bad-separator'],
  ];
  it.each(invalid)('rejects %j (%s) under both grammars', (name, kind) => {
    expect(isValidRepositoryName(name, 'v1.1')).toBe(false);
    expect(isValidRepositoryName(name, 'v1.0')).toBe(false);
    expect(repositoryNameProblem(name, 'v1.1')?.kind).toBe(kind);
  });

  it('defaults to the v1.1 grammar', () => {
    expect(isValidRepositoryName('a__b')).toBe(true);
  });

  it('reports the index of the offending character', () => {
    expect(repositoryNameProblem('abc/dEf')).toEqual({ kind: 'bad-char', index: 5 });
  });

  it('agrees with the anchored spec regexes on a sample of strings', () => {
    const v11 = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;
    const v10 = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
    const alphabet = ['a', '0', '.', '_', '-', '/', 'A'];
    // Every string up to length 5 over the alphabet (short, so the regexes stay fast).
    const all: string[] = [''];
    let frontier = [''];
    for (let len = 1; len <= 5; len++) {
      const next: string[] = [];
      for (const s of frontier) for (const c of alphabet) next.push(s + c);
      all.push(...next);
      frontier = next;
    }
    for (const s of all) {
      expect(isValidRepositoryName(s, 'v1.1'), s).toBe(v11.test(s));
      expect(isValidRepositoryName(s, 'v1.0'), s).toBe(v10.test(s));
    }
  });
});

describe('isValidNameComponent', () => {
  it('checks one component', () => {
    expect(isValidNameComponent('foo__bar')).toBe(true);
    expect(isValidNameComponent('foo__bar', 'v1.0')).toBe(false);
    expect(isValidNameComponent('foo/bar')).toBe(false);
    expect(isValidNameComponent('')).toBe(false);
  });
});

describe('qualified name length (255-character client limit)', () => {
  it('counts host, slash and name', () => {
    expect(qualifiedNameLength('localhost:5000', 'foo')).toBe(18);
    expect(MAX_QUALIFIED_NAME_LENGTH).toBe(255);
  });
  it('accepts exactly 255 and rejects 256', () => {
    const host = 'registry.example.com';
    const fit = 'a'.repeat(255 - host.length - 1);
    expect(fitsQualifiedNameLimit(host, fit)).toBe(true);
    expect(fitsQualifiedNameLimit(host, `${fit}b`)).toBe(false);
  });
});

describe('linear time on hostile names', () => {
  const cases: [string, string][] = [
    ['long valid component', 'a'.repeat(HOSTILE)],
    ['alternating a-', 'a-'.repeat(HOSTILE / 2)],
    ['dashes then bang', `a${'-'.repeat(HOSTILE)}!`],
    ['many components then bad char', `${'a/'.repeat(HOSTILE / 2)}A`],
    ['a._ runs', 'a._'.repeat(HOSTILE / 3)],
    ['a__ runs ending badly', `${'a__'.repeat(HOSTILE / 3)}_`],
  ];
  it.each(cases)('%s', (_label, input) => {
    expectFast(() => isValidRepositoryName(input, 'v1.1'));
    expectFast(() => isValidRepositoryName(input, 'v1.0'));
  });
});
