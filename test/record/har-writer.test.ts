import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BodyTap, harText } from '../../src/record/body-tap.js';
import { IncrementalHarWriter } from '../../src/record/har-writer.js';

describe('IncrementalHarWriter', () => {
  it('leaves a complete HAR on disk after every entry, so a killed recorder loses nothing written', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ohc-writer-')), 'x.har');
    const writer = new IncrementalHarWriter(path, { name: 'test', version: '1' }, 'a comment');
    expect(JSON.parse(readFileSync(path, 'utf8')).log.entries).toEqual([]);
    for (let i = 0; i < 5; i++) {
      writer.append(JSON.stringify({ n: i, pad: 'é'.repeat(i * 3) }));
      const doc = JSON.parse(readFileSync(path, 'utf8')) as { log: { entries: { n: number }[]; comment: string } };
      expect(doc.log.entries.map((e) => e.n)).toEqual(Array.from({ length: i + 1 }, (_, k) => k));
      expect(doc.log.comment).toBe('a comment');
    }
    writer.close();
    expect(writer.entries).toBe(5);
  });
});

describe('BodyTap', () => {
  it('keeps the bytes up to the limit, and only size and sha256 above it', () => {
    const small = new BodyTap(10);
    small.push(Buffer.from('hello'));
    expect(small.finish()).toEqual({ size: 5, sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824', bytes: Buffer.from('hello') });
    const big = new BodyTap(4);
    big.push(Buffer.from('hel'));
    big.push(Buffer.from('lo'));
    expect(big.finish()).toEqual({ size: 5, sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824' });
  });

  it('writes text as text and anything else as base64', () => {
    expect(harText(Buffer.from('{"a":"é"}'))).toEqual({ text: '{"a":"é"}' });
    expect(harText(Buffer.from([0x1f, 0x8b, 0, 0xff]))).toEqual({ text: 'H4sA/w==', encoding: 'base64' });
    expect(harText(Buffer.from([0xc3, 0x28]))).toEqual({ text: 'wyg=', encoding: 'base64' });
    expect(harText(Buffer.alloc(0))).toEqual({ text: '' });
  });
});
