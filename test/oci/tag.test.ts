import { describe, expect, it } from 'vitest';
import { isValidTag, MAX_TAG_LENGTH, tagProblem } from '../../src/oci/tag.js';
import { expectFast, HOSTILE } from './time-bound.js';

describe('isValidTag', () => {
  it.each(['latest', 'v1.2.3', '_private', 'A', '1', 'a-b_c.d', 'UPPER', 'x'.repeat(128)])('accepts %s', (tag) => {
    expect(isValidTag(tag)).toBe(true);
  });

  const invalid: [string, string][] = [
    ['', 'empty'],
    ['.hidden', 'bad-first-char'],
    ['-dash', 'bad-first-char'],
    ['sha256:abc', 'bad-char'],
    ['a/b', 'bad-char'],
    ['a b', 'bad-char'],
    ['tag+meta', 'bad-char'],
    ['é', 'bad-first-char'],
    ['x'.repeat(129), 'too-long'],
  ];
  it.each(invalid)('rejects %j (%s)', (tag, problem) => {
    expect(isValidTag(tag)).toBe(false);
    expect(tagProblem(tag)).toBe(problem);
  });

  it('caps at 128 characters', () => {
    expect(MAX_TAG_LENGTH).toBe(128);
    expect(isValidTag(`_${'a'.repeat(127)}`)).toBe(true);
    expect(isValidTag(`_${'a'.repeat(128)}`)).toBe(false);
  });

  it('is linear on hostile input', () => {
    expectFast(() => isValidTag('a'.repeat(HOSTILE)));
    expectFast(() => isValidTag(`${'a.'.repeat(HOSTILE / 2)}!`));
  });
});
