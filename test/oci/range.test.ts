import { describe, expect, it } from 'vitest';
import {
  parseChunkRange,
  parseProgressRange,
  parseRequestRange,
  parseResponseContentRange,
  parseSafeInteger,
} from '../../src/oci/range.js';
import { expectFast, HOSTILE } from './time-bound.js';

describe('parseSafeInteger', () => {
  it('parses digits and leading zeros', () => {
    expect(parseSafeInteger('0')).toEqual({ ok: true, value: 0 });
    expect(parseSafeInteger('000123')).toEqual({ ok: true, value: 123 });
    expect(parseSafeInteger('9007199254740991')).toEqual({ ok: true, value: 2 ** 53 - 1 });
  });
  it('refuses values above 2^53 - 1', () => {
    expect(parseSafeInteger('9007199254740992')).toEqual({ ok: false, reason: 'out-of-range' });
    expect(parseSafeInteger('1'.repeat(40))).toEqual({ ok: false, reason: 'out-of-range' });
  });
  it('refuses non-digits', () => {
    for (const s of ['', '-1', '+1', '1.0', '1e3', ' 1']) expect(parseSafeInteger(s), s).toEqual({ ok: false, reason: 'syntax' });
  });
});

describe('parseChunkRange (PATCH/PUT Content-Range)', () => {
  it('parses the OCI form, inclusive', () => {
    expect(parseChunkRange('0-1023')).toEqual({ ok: true, form: 'oci', start: 0, end: 1023 });
    expect(parseChunkRange(' 1024-2047 ')).toEqual({ ok: true, form: 'oci', start: 1024, end: 2047 });
    expect(parseChunkRange('5-5')).toEqual({ ok: true, form: 'oci', start: 5, end: 5 });
  });
  it('recognises the RFC 9110 form bytes a-b/total', () => {
    expect(parseChunkRange('bytes 0-9/10')).toEqual({ ok: true, form: 'rfc9110', start: 0, end: 9, total: 10 });
    expect(parseChunkRange('bytes 0-9/*')).toEqual({ ok: true, form: 'rfc9110', start: 0, end: 9 });
  });
  it('recognises the bytes= prefix', () => {
    expect(parseChunkRange('bytes=0-9')).toEqual({ ok: true, form: 'bytes-prefix', start: 0, end: 9 });
  });
  it('rejects inverted, malformed and oversized ranges', () => {
    expect(parseChunkRange('9-0')).toEqual({ ok: false, reason: 'inverted' });
    expect(parseChunkRange('')).toEqual({ ok: false, reason: 'empty' });
    for (const s of ['0-', '-9', '0--1', '0-9/10', 'a-b', '0 - 9', 'bytes */10']) {
      expect(parseChunkRange(s).ok, s).toBe(false);
    }
    expect(parseChunkRange('0-99999999999999999999')).toEqual({ ok: false, reason: 'out-of-range' });
    expect(parseChunkRange('bytes 0-9/5')).toEqual({ ok: false, reason: 'exceeds-size' });
  });
});

describe('parseProgressRange (202/204 Range)', () => {
  it('parses 0-<end>', () => {
    expect(parseProgressRange('0-0')).toEqual({ ok: true, form: 'oci', start: 0, end: 0 });
    expect(parseProgressRange('0-1048575')).toEqual({ ok: true, form: 'oci', start: 0, end: 1048575 });
  });
  it('reports a non-zero start for the check to flag', () => {
    expect(parseProgressRange('10-20')).toEqual({ ok: true, form: 'oci', start: 10, end: 20 });
  });
  it('tolerates the bytes= prefix, flagged', () => {
    expect(parseProgressRange('bytes=0-99')).toEqual({ ok: true, form: 'bytes-prefix', start: 0, end: 99 });
  });
  it('recognises zot\'s old 0--1 for an empty session', () => {
    expect(parseProgressRange('0--1')).toEqual({ ok: true, form: 'negative-end', start: 0, end: -1 });
  });
  it('rejects garbage', () => {
    for (const s of ['', '0', '0-', 'bytes 0-9/10', 'x-1', '0-1-2']) expect(parseProgressRange(s).ok, s).toBe(false);
  });
});

describe('parseRequestRange (blob GET Range)', () => {
  it('parses bytes=a-b', () => {
    expect(parseRequestRange('bytes=0-99')).toEqual({ ok: true, unit: 'bytes', ranges: [{ kind: 'int', first: 0, last: 99 }] });
  });
  it('parses open and suffix ranges and lists', () => {
    expect(parseRequestRange('Bytes=100-, -500 ,0-0')).toEqual({
      ok: true,
      unit: 'bytes',
      ranges: [
        { kind: 'int', first: 100 },
        { kind: 'suffix', length: 500 },
        { kind: 'int', first: 0, last: 0 },
      ],
    });
  });
  it('rejects malformed values', () => {
    for (const s of ['', 'bytes', 'bytes=', '=0-1', 'bytes=abc', 'bytes=5-1', 'by tes=0-1', 'bytes=0-1-2']) {
      expect(parseRequestRange(s).ok, s).toBe(false);
    }
  });
});

describe('parseResponseContentRange (206/416)', () => {
  it('parses bytes a-b/size', () => {
    expect(parseResponseContentRange('bytes 0-9/10')).toEqual({ ok: true, kind: 'range', unit: 'bytes', start: 0, end: 9, size: 10 });
    expect(parseResponseContentRange('bytes 5-9/*')).toEqual({ ok: true, kind: 'range', unit: 'bytes', start: 5, end: 9 });
  });
  it('parses bytes */size', () => {
    expect(parseResponseContentRange('bytes */1000')).toEqual({ ok: true, kind: 'unsatisfied', unit: 'bytes', size: 1000 });
  });
  it('rejects invalid ranges', () => {
    expect(parseResponseContentRange('bytes 0-10/10')).toEqual({ ok: false, reason: 'exceeds-size' });
    expect(parseResponseContentRange('bytes 9-0/10')).toEqual({ ok: false, reason: 'inverted' });
    for (const s of ['', '0-9/10', 'bytes 0-9', 'bytes */*', 'bytes=0-9/10']) expect(parseResponseContentRange(s).ok, s).toBe(false);
  });
});

describe('linear time on hostile ranges', () => {
  const inputs = [
    '0'.repeat(HOSTILE),
    `${'1'.repeat(HOSTILE)}-1`,
    `bytes=${'0-1,'.repeat(HOSTILE / 4)}`,
    `bytes ${'-'.repeat(HOSTILE)}/1`,
    `${'0'.repeat(HOSTILE)}-${'0'.repeat(HOSTILE)}`,
    'bytes='.repeat(HOSTILE / 6),
  ];
  it.each(inputs.map((s, i) => [i, s] as const))('input %i', (_i, s) => {
    expectFast(() => parseChunkRange(s));
    expectFast(() => parseProgressRange(s));
    expectFast(() => parseRequestRange(s));
    expectFast(() => parseResponseContentRange(s));
  });
  it('long zero-padded numbers still parse', () => {
    expect(parseChunkRange(`${'0'.repeat(HOSTILE)}-${'0'.repeat(HOSTILE)}1`)).toEqual({ ok: true, form: 'oci', start: 0, end: 1 });
  });
});
