import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/oci/retry-after.js';

describe('parseRetryAfter (RFC 9110 §10.2.3)', () => {
  it.each([
    ['120', 'delay'],
    ['0', 'delay'],
    [' 30 ', 'delay'],
    ['Fri, 31 Dec 1999 23:59:59 GMT', 'date'],
    ['Sunday, 06-Nov-94 08:49:37 GMT', 'date'],
    ['Sun Nov  6 08:49:37 1994', 'date'],
  ])('accepts %j', (value, kind) => {
    expect(parseRetryAfter(value).kind).toBe(kind);
  });

  it.each(['', '-1', '1.5', '10s', 'soon', 'Fri, 31 Dec 1999 23:59:59 UTC', 'Fri, 31 Dec 1999 25:00:00 GMT', 'Fry, 31 Dec 1999 23:59:59 GMT', '2026-11-23T10:00:00Z', 'Fri, 31 Dez 1999 23:59:59 GMT'])(
    'refuses %j',
    (value) => {
      expect(parseRetryAfter(value).kind).toBe('invalid');
    },
  );
});
