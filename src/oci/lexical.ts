/**
 * Lexical building blocks shared by the scanners in this folder: character classes over
 * UTF-16 code units (`charCodeAt`, so scanners never allocate per character) and the RFC 9110
 * token / quoted-string / OWS productions. Every function here is linear in its input.
 */

/** `[0-9]` */
export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** `[a-z0-9]` */
export function isLowerAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

/** `[A-Za-z0-9]` */
export function isAlnum(c: number): boolean {
  return isLowerAlnum(c) || (c >= 0x41 && c <= 0x5a);
}

/** `[a-f0-9]` (lower-case hex only, as image-spec requires for registered algorithms). */
export function isLowerHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66);
}

/** `[A-F]` */
export function isUpperHexLetter(c: number): boolean {
  return c >= 0x41 && c <= 0x46;
}

/**
 * RFC 9110 §5.6.2 `tchar`:
 * "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
 */
export function isTchar(c: number): boolean {
  if (isAlnum(c)) return true;
  switch (c) {
    case 0x21: case 0x23: case 0x24: case 0x25: case 0x26: case 0x27: case 0x2a: case 0x2b:
    case 0x2d: case 0x2e: case 0x5e: case 0x5f: case 0x60: case 0x7c: case 0x7e:
      return true;
    default:
      return false;
  }
}

/** RFC 9110 OWS: SP / HTAB. */
export function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** True when every code unit of `s` is a `tchar` and `s` is not empty. */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isTchar(s.charCodeAt(i))) return false;
  return true;
}

/** Index of the first non-OWS code unit at or after `i`. */
export function skipWhitespace(s: string, i: number): number {
  while (i < s.length && isWhitespace(s.charCodeAt(i))) i++;
  return i;
}

/**
 * Reads an RFC 9110 quoted-string starting at `s[i] === '"'`. Backslash escapes the next
 * character. Returns the unescaped value and the index just past the closing quote; an
 * unterminated string runs to the end of `s` and is flagged.
 */
export function readQuotedString(s: string, i: number): { value: string; end: number; terminated: boolean } {
  let value = '';
  let chunkStart = i + 1;
  let j = i + 1;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 0x22 /* " */) {
      value += s.slice(chunkStart, j);
      return { value, end: j + 1, terminated: true };
    }
    if (c === 0x5c /* \ */) {
      value += s.slice(chunkStart, j);
      if (j + 1 < s.length) {
        value += s[j + 1];
        j += 2;
      } else {
        j += 1;
      }
      chunkStart = j;
      continue;
    }
    j++;
  }
  value += s.slice(chunkStart, j);
  return { value, end: j, terminated: false };
}

/** Index of the first code unit at or after `i` that is not a `tchar`. */
export function readTokenEnd(s: string, i: number): number {
  while (i < s.length && isTchar(s.charCodeAt(i))) i++;
  return i;
}

/** Index of the next top-level ',' at or after `i` (quoted strings skipped), or `s.length`. */
export function skipToComma(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x2c) return i;
    if (c === 0x22) i = readQuotedString(s, i).end;
    else i++;
  }
  return i;
}
