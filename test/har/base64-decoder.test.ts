import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Base64Decoder } from '../../src/har/base64.js';

/** Decodes `text` in pieces of `piece` characters, as the streaming reader does. */
function decodeInPieces(text: string, piece: number): Buffer | undefined {
  const parts: Buffer[] = [];
  const d = new Base64Decoder((b) => parts.push(Buffer.from(b)));
  for (let at = 0; at < text.length; at += piece) d.write(text.slice(at, at + piece));
  return d.end() ? Buffer.concat(parts) : undefined;
}

describe('Base64Decoder: the regex-free path agrees with the strict rules', () => {
  const bytes = randomBytes(200_003);
  const b64 = bytes.toString('base64');

  it.each([1, 3, 4, 7, 4096, 65_536])('valid text decodes to the same bytes in pieces of %i', (piece) => {
    expect(decodeInPieces(b64, piece)).toEqual(bytes);
    expect(decodeInPieces(b64.replace(/\+/g, '-').replace(/\//g, '_'), piece)).toEqual(bytes);
  });

  it('whitespace anywhere is skipped; the bytes stay the same', () => {
    expect(decodeInPieces(b64.replace(/(.{76})/g, '$1\r\n'), 65_536)).toEqual(bytes);
    expect(decodeInPieces(` ${b64.slice(0, 1000)}\t${b64.slice(1000)}`, 4096)).toEqual(bytes);
  });

  it('one bad character anywhere makes the whole value invalid (never silently skipped)', () => {
    for (const at of [0, 1, 2, 3, 4095, 4096, 65_535, 100_000, b64.length - 2]) {
      for (const bad of ['!', '.', '\u00e9', '*']) {
        const broken = b64.slice(0, at) + bad + b64.slice(at + 1);
        expect(decodeInPieces(broken, 65_536), `${JSON.stringify(bad)} at ${at}`).toBeUndefined();
      }
    }
  });

  it("'=' only at the end, at most two", () => {
    const padded = Buffer.from('ab').toString('base64'); // YWI=
    expect(decodeInPieces(padded, 2)).toEqual(Buffer.from('ab'));
    expect(decodeInPieces(`${b64.slice(0, 8)}=${b64.slice(8, 16)}`, 4096)).toBeUndefined();
    expect(decodeInPieces('YQ===', 4096)).toBeUndefined();
  });
});
