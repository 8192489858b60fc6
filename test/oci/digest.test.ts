import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  digestOfSha256Hex,
  EMPTY_BLOB_DIGEST,
  EMPTY_DESCRIPTOR_DATA,
  EMPTY_DESCRIPTOR_DIGEST,
  EMPTY_DESCRIPTOR_SIZE,
  isDigestSyntax,
  isRegisteredWellFormedDigest,
  parseDigest,
  referrersTagForDigest,
} from '../../src/oci/digest.js';
import { isValidTag } from '../../src/oci/tag.js';
import { expectFast, HOSTILE } from './time-bound.js';

const hex64 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const hex128 = 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e';

describe('parseDigest', () => {
  it('parses a registered sha256 digest', () => {
    expect(parseDigest(`sha256:${hex64}`)).toEqual({
      ok: true,
      digest: `sha256:${hex64}`,
      algorithm: 'sha256',
      encoded: hex64,
      registered: true,
      known: true,
      wellFormed: true,
    });
  });

  it('parses a registered sha512 digest', () => {
    const d = parseDigest(`sha512:${hex128}`);
    expect(d.ok && d.registered && d.wellFormed).toBe(true);
  });

  it('flags upper-case hex as not well-formed', () => {
    const d = parseDigest(`sha256:${hex64.toUpperCase()}`);
    expect(d).toMatchObject({ ok: true, registered: true, wellFormed: false, problem: 'uppercase-hex' });
  });

  it('flags wrong lengths and non-hex encodings for known algorithms', () => {
    expect(parseDigest(`sha256:${hex64.slice(1)}`)).toMatchObject({ ok: true, wellFormed: false, problem: 'wrong-length' });
    expect(parseDigest(`sha512:${hex64}`)).toMatchObject({ ok: true, wellFormed: false, problem: 'wrong-length' });
    expect(parseDigest(`sha256:${hex64.slice(2)}zz`)).toMatchObject({ ok: true, wellFormed: false, problem: 'not-hex' });
  });

  it('accepts grammar-valid digests with unknown algorithms (SHOULD accept)', () => {
    expect(parseDigest('multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8')).toMatchObject({
      ok: true,
      algorithm: 'multihash+base58',
      registered: false,
      known: false,
      wellFormed: true,
    });
    expect(parseDigest('sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564')).toMatchObject({ ok: true, registered: false });
    expect(parseDigest('a.b_c-d:x=')).toMatchObject({ ok: true });
  });

  it('knows blake3 and sha384 but does not call them registered', () => {
    expect(parseDigest(`blake3:${hex64}`)).toMatchObject({ ok: true, registered: false, known: true, wellFormed: true });
    expect(parseDigest(`sha384:${'a'.repeat(96)}`)).toMatchObject({ ok: true, registered: false, known: true, wellFormed: true });
  });

  const syntax: [string, string][] = [
    ['', 'empty'],
    ['sha256', 'missing-colon'],
    [hex64, 'missing-colon'],
    [':abc', 'bad-algorithm'],
    ['SHA256:abc', 'bad-algorithm'],
    ['sha256+:abc', 'bad-algorithm'],
    ['+sha256:abc', 'bad-algorithm'],
    ['sha__256:abc', 'bad-algorithm'],
    ['sha 256:abc', 'bad-algorithm'],
    ['sha256:', 'bad-encoded'],
    ['sha256:abc:def', 'bad-encoded'],
    ['sha256:abc+def', 'bad-encoded'],
    ['sha256:abc def', 'bad-encoded'],
  ];
  it.each(syntax)('rejects %j (%s)', (input, reason) => {
    expect(parseDigest(input)).toMatchObject({ ok: false, reason });
    expect(isDigestSyntax(input)).toBe(false);
  });

  it('agrees with the anchored grammar regex', () => {
    const re = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
    const samples = ['a:b', 'a+b:c', 'a++b:c', 'a-:b', 'a:B=', 'a:=', '0:0', 'a.b.c:d_e-f', 'a:b/c', 'ä:b', 'a:b\n'];
    for (const s of samples) expect(isDigestSyntax(s), s).toBe(re.test(s));
  });

  it('isRegisteredWellFormedDigest', () => {
    expect(isRegisteredWellFormedDigest(`sha256:${hex64}`)).toBe(true);
    expect(isRegisteredWellFormedDigest(`sha256:${hex64.toUpperCase()}`)).toBe(false);
    expect(isRegisteredWellFormedDigest(`blake3:${hex64}`)).toBe(false);
  });

  it('is linear on hostile input', () => {
    expectFast(() => parseDigest(`${'a+'.repeat(HOSTILE / 2)}:x`));
    expectFast(() => parseDigest(`${'a'.repeat(HOSTILE)}`));
    expectFast(() => parseDigest(`sha256:${'A'.repeat(HOSTILE)}`));
    expectFast(() => parseDigest(`${'a-'.repeat(HOSTILE / 2)}-:x`));
  });
});

describe('digestOfSha256Hex', () => {
  it('prefixes and lower-cases a 64-hex string', () => {
    expect(digestOfSha256Hex(hex64)).toBe(`sha256:${hex64}`);
    expect(digestOfSha256Hex(hex64.toUpperCase())).toBe(`sha256:${hex64}`);
  });
  it('rejects anything else', () => {
    expect(digestOfSha256Hex('abc')).toBeUndefined();
    expect(digestOfSha256Hex('g'.repeat(64))).toBeUndefined();
  });
});

describe('constants', () => {
  it('EMPTY_BLOB_DIGEST is the sha256 of no bytes', () => {
    expect(EMPTY_BLOB_DIGEST).toBe(`sha256:${createHash('sha256').update('').digest('hex')}`);
  });
  it('EMPTY_DESCRIPTOR_* describe the two bytes {}', () => {
    expect(EMPTY_DESCRIPTOR_DIGEST).toBe(`sha256:${createHash('sha256').update('{}').digest('hex')}`);
    expect(EMPTY_DESCRIPTOR_SIZE).toBe(2);
    expect(Buffer.from(EMPTY_DESCRIPTOR_DATA, 'base64').toString()).toBe('{}');
  });
});

describe('referrersTagForDigest', () => {
  it('maps sha256 to sha256-<hex>', () => {
    expect(referrersTagForDigest(`sha256:${hex64}`)).toBe(`sha256-${hex64}`);
  });
  it('truncates sha512 to 64 encoded characters', () => {
    expect(referrersTagForDigest(`sha512:${hex128}`)).toBe(`sha512-${hex128.slice(0, 64)}`);
  });
  it('truncates long algorithms to 32 characters and replaces disallowed characters', () => {
    const alg = `${'a'.repeat(30)}+bbbb`;
    const tag = referrersTagForDigest(`${alg}:abc=`);
    expect(tag).toBe(`${'a'.repeat(30)}-b-abc-`);
    expect(isValidTag(tag ?? '')).toBe(true);
  });
  it('always yields a valid tag for grammar-valid digests', () => {
    for (const d of ['a+b.c_d-e:XYZ=_-', `x:${'z'.repeat(500)}`, `${'q'.repeat(100)}:0`]) {
      const tag = referrersTagForDigest(d);
      expect(tag !== undefined && isValidTag(tag), d).toBe(true);
    }
  });
  it('returns undefined for non-digests', () => {
    expect(referrersTagForDigest('latest')).toBeUndefined();
  });
});
