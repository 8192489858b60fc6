import { describe, expect, it } from 'vitest';
import { isValidScopeName, missingScopeActions, parseResourceScope, parseScope, parseScopes, scopeCovers } from '../../src/oci/scope.js';
import { expectFast, HOSTILE } from './time-bound.js';

describe('parseResourceScope', () => {
  it('parses repository:name:actions', () => {
    expect(parseResourceScope('repository:library/alpine:pull')).toEqual({
      raw: 'repository:library/alpine:pull',
      resourceType: 'repository',
      name: 'library/alpine',
      actions: ['pull'],
      problems: [],
    });
  });

  it('keeps host:port inside the name (split on the first and last colon)', () => {
    const s = parseResourceScope('repository:localhost:5000/foo/bar:pull,push');
    expect(s).toMatchObject({ resourceType: 'repository', name: 'localhost:5000/foo/bar', actions: ['pull', 'push'], problems: [] });
  });

  it('parses a resource class', () => {
    const s = parseResourceScope('repository(plugin):vieux/sshfs:pull');
    expect(s).toMatchObject({ resourceType: 'repository', resourceClass: 'plugin', name: 'vieux/sshfs', problems: [] });
  });

  it('accepts * as an action (registry:catalog:*)', () => {
    expect(parseResourceScope('registry:catalog:*')).toMatchObject({ resourceType: 'registry', name: 'catalog', actions: ['*'], problems: [] });
  });

  it('drops empty actions', () => {
    expect(parseResourceScope('repository:a:pull,,push,').actions).toEqual(['pull', 'push']);
    expect(parseResourceScope('repository:a:').actions).toEqual([]);
  });

  it('reports grammar problems but still reads the parts', () => {
    expect(parseResourceScope('repository:a').problems).toEqual(['missing-part']);
    expect(parseResourceScope('aws').problems).toEqual(['missing-part']);
    expect(parseResourceScope('Repository:a:pull').problems).toEqual(['bad-type']);
    expect(parseResourceScope('repository(:a:pull').problems).toContain('bad-type');
    expect(parseResourceScope('repository:A/B:pull').problems).toEqual(['bad-name']);
    expect(parseResourceScope('repository:a:PULL').problems).toEqual(['bad-action']);
    expect(parseResourceScope('repository::pull').problems).toEqual(['bad-name']);
  });
});

describe('isValidScopeName', () => {
  it.each(['foo', 'foo/bar', 'localhost:5000/foo', 'Registry.Example.com/a/b', 'a__b--c/d', 'host-1.example:443/x'])('accepts %s', (n) => {
    expect(isValidScopeName(n)).toBe(true);
  });
  it.each(['', 'localhost:5000', 'foo/Bar', 'host:/x', 'host:port/x', '-host/x', 'a//b', 'foo/'])('rejects %j', (n) => {
    expect(isValidScopeName(n)).toBe(false);
  });
});

describe('parseScope', () => {
  it('splits on spaces and tolerates extra ones', () => {
    const scopes = parseScope('  repository:a:pull   repository:b:push ');
    expect(scopes.map((s) => s.name)).toEqual(['a', 'b']);
  });
  it('parseScopes flattens repeated scope parameters', () => {
    expect(parseScopes(['repository:a:pull', 'repository:b:pull repository:c:push']).map((s) => s.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('scopeCovers', () => {
  it('covers when actions are a superset', () => {
    expect(scopeCovers('repository:a:pull,push', 'repository:a:pull')).toBe(true);
    expect(scopeCovers('repository:a:pull', 'repository:a:pull,push')).toBe(false);
  });
  it('unions actions over repeated resources', () => {
    expect(scopeCovers('repository:a:pull repository:a:push', 'repository:a:push,pull')).toBe(true);
    expect(scopeCovers(['repository:a:pull', 'repository:a:push'], 'repository:a:pull,push')).toBe(true);
  });
  it('requires the same type and name', () => {
    expect(scopeCovers('repository:a:pull', 'repository:b:pull')).toBe(false);
    expect(scopeCovers('registry:a:pull', 'repository:a:pull')).toBe(false);
    expect(scopeCovers('repository:localhost:5000/foo/bar:pull,push', 'repository:localhost:5000/foo/bar:push')).toBe(true);
  });
  it('treats repository(plugin) as repository', () => {
    expect(scopeCovers('repository(plugin):a:pull', 'repository:a:pull')).toBe(true);
  });
  it('handles *', () => {
    expect(scopeCovers('repository:a:*', 'repository:a:pull,push,delete')).toBe(true);
    expect(scopeCovers('registry:catalog:*', 'registry:catalog:*')).toBe(true);
    expect(scopeCovers('repository:a:pull', 'repository:a:*')).toBe(false);
  });
  it('an empty need is covered', () => {
    expect(scopeCovers('', '')).toBe(true);
    expect(scopeCovers([], 'repository:a:pull')).toBe(false);
  });
  it('accepts parsed scopes', () => {
    expect(scopeCovers(parseScope('repository:a:pull'), parseScope('repository:a:pull'))).toBe(true);
  });
  it('lists what is missing', () => {
    expect(missingScopeActions('repository:a:pull', 'repository:a:pull,push repository:b:pull')).toEqual([
      'repository:a:push',
      'repository:b:pull',
    ]);
  });
});

describe('linear time on hostile scopes', () => {
  it('one huge item', () => {
    expectFast(() => parseResourceScope(`repository:${'a-'.repeat(HOSTILE / 2)}:pull`));
    expectFast(() => parseResourceScope(`repository:${':'.repeat(HOSTILE)}:pull`));
    expectFast(() => parseResourceScope(`repository:a:${'pull,'.repeat(HOSTILE / 5)}`));
    expectFast(() => parseResourceScope(`repository:${'a.'.repeat(HOSTILE / 2)}b:5000/x:pull`));
  });
  it('many items, covering check', () => {
    const many = Array.from({ length: HOSTILE / 20 }, (_, i) => `repository:r${i}:pull`).join(' ');
    expectFast(() => scopeCovers(many, many));
  });
  it('spaces', () => {
    expectFast(() => parseScope(' '.repeat(HOSTILE)));
  });
});
