import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorCodeKind, isErrorCodeSyntax, parseErrorBody } from '../../src/oci/error-body.js';
import { expectFast, HOSTILE } from './time-bound.js';

describe('error code table', () => {
  it('has the 14 OCI codes numbered code-1 … code-14 (1.1.x)', () => {
    const oci = [...ERROR_CODES].filter(([, info]) => info.kind === 'oci');
    expect(oci.map(([, info]) => info.id)).toEqual(Array.from({ length: 14 }, (_, i) => `code-${i + 1}`));
    expect(ERROR_CODES.get('UNAUTHORIZED')?.idV10).toBe('code-12');
    expect(ERROR_CODES.get('TOOMANYREQUESTS')?.idV10).toBe('code-15');
    expect(ERROR_CODES.get('SIZE_INVALID')?.idV10).toBe('code-10');
  });
  it('classifies codes', () => {
    expect(errorCodeKind('MANIFEST_UNKNOWN')).toBe('oci');
    for (const c of ['UNKNOWN', 'UNAVAILABLE', 'RANGE_INVALID', 'TAG_INVALID', 'MANIFEST_UNVERIFIED', 'PAGINATION_NUMBER_INVALID']) {
      expect(errorCodeKind(c), c).toBe('legacy');
    }
    expect(errorCodeKind('EXTENSION_UNKNOWN')).toBe('extension');
    expect(errorCodeKind('NOT_FOUND')).toBe('unknown');
  });
  it('checks code syntax ^[A-Z_]+$', () => {
    expect(isErrorCodeSyntax('BLOB_UNKNOWN')).toBe(true);
    expect(isErrorCodeSyntax('blob_unknown')).toBe(false);
    expect(isErrorCodeSyntax('CODE1')).toBe(false);
    expect(isErrorCodeSyntax('')).toBe(false);
  });
});

describe('parseErrorBody', () => {
  it('parses a conforming body', () => {
    const body = parseErrorBody('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"x"}}]}');
    expect(body).toEqual({
      json: true,
      shapeOk: true,
      codes: ['MANIFEST_UNKNOWN'],
      entries: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: { Tag: 'x' }, kind: 'oci' }],
      problems: [],
    });
  });

  it('accepts entries without message or detail', () => {
    expect(parseErrorBody('{"errors":[{"code":"DENIED"}]}')).toMatchObject({ shapeOk: true, problems: [] });
  });

  it('flags legacy, unknown and badly spelled codes without breaking the shape', () => {
    const body = parseErrorBody('{"errors":[{"code":"UNKNOWN"},{"code":"NOT_FOUND"},{"code":"not-found"}]}');
    expect(body.shapeOk).toBe(true);
    expect(body.codes).toEqual(['UNKNOWN', 'NOT_FOUND', 'not-found']);
    expect(body.problems).toEqual([
      { kind: 'code-legacy', index: 0, code: 'UNKNOWN' },
      { kind: 'code-unknown', index: 1, code: 'NOT_FOUND' },
      { kind: 'code-syntax', index: 2, code: 'not-found' },
    ]);
  });

  it.each([
    ['404 page not found', 'not-json'],
    ['', 'not-json'],
    ['[]', 'not-object'],
    ['"x"', 'not-object'],
    ['null', 'not-object'],
    ['{"error":"x"}', 'missing-errors'],
    ['{"errors":{"code":"X"}}', 'errors-not-array'],
  ])('reports %j as %s', (text, kind) => {
    const body = parseErrorBody(text);
    expect(body.shapeOk).toBe(false);
    expect(body.problems.map((p) => p.kind)).toEqual([kind]);
  });

  it('reports per-entry shape problems', () => {
    const body = parseErrorBody('{"errors":["x",{"message":"m"},{"code":5},{"code":"DENIED","message":7}]}');
    expect(body.shapeOk).toBe(false);
    expect(body.problems).toEqual([
      { kind: 'entry-not-object', index: 0 },
      { kind: 'missing-code', index: 1 },
      { kind: 'code-not-string', index: 2 },
      { kind: 'message-not-string', index: 3 },
    ]);
  });

  it('flags an empty errors array', () => {
    expect(parseErrorBody('{"errors":[]}')).toMatchObject({ shapeOk: true, problems: [{ kind: 'errors-empty' }] });
  });

  it('is fast on large bodies', () => {
    const many = JSON.stringify({ errors: Array.from({ length: HOSTILE / 25 }, () => ({ code: 'BLOB_UNKNOWN' })) });
    expectFast(() => parseErrorBody(many));
    expectFast(() => parseErrorBody('['.repeat(HOSTILE)));
    expectFast(() => parseErrorBody(`{"errors":[{"code":"${'A'.repeat(HOSTILE)}"}]}`));
  });
});
