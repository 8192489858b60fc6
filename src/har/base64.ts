// Producers write base64 with either alphabet (base64url from some tools) and sometimes
// wrap lines. Node's decoder accepts both alphabets and skips whitespace, but silently drops
// any other byte, so validity is checked here first. Each regex is a single character
// class: linear, no backtracking.
const PLAIN = /[^A-Za-z0-9+/_-]/; // anything but data characters: whitespace, '=', or invalid
const INVALID = /[^A-Za-z0-9+/=_\-\t\n\r ]/;
const SPACE = /[\t\n\r ]/;
const SPACES = /[\t\n\r ]+/g;
const NOT_PAD = /[^=]/;

const EMPTY: Buffer = Buffer.alloc(0);
const SCRATCH_BYTES = 64 * 1024;
/*
 * Decoders of successive bodies share one scratch buffer (see StringSink's stage buffer): a
 * fresh one per body was external memory only a major GC returned.
 */
let spareScratch: Buffer | undefined;
function takeScratch(need: number): Buffer {
  if (spareScratch && spareScratch.length >= need) {
    const b = spareScratch;
    spareScratch = undefined;
    return b;
  }
  return Buffer.allocUnsafe(Math.max(need, SCRATCH_BYTES));
}
function giveScratch(b: Buffer): void {
  if (b.length === SCRATCH_BYTES) spareScratch = b;
}

/**
 * Streaming base64 decoder with the validity rules of one base64 value: alphabet (standard
 * or url-safe), ASCII whitespace ignored, at most two `=` and only at the end, and no lone
 * final character. Decodes whole 4-character groups as they arrive, so decoding in pieces
 * gives exactly the bytes of decoding the whole.
 */
export class Base64Decoder {
  valid = true;
  private carry = '';
  private pads = 0;
  /** Reused output: the bytes handed to `out` are only valid during the call. */
  private scratch: Buffer = EMPTY;

  constructor(private readonly out: (bytes: Buffer) => void) {}

  /** `chars` is the text in Latin-1 (ASCII for valid input). */
  write(chars: string): void {
    if (!this.valid || chars.length === 0) return;
    if (this.pads === 0 && this.writePlain(chars)) return;
    let s = chars;
    // one pass in the usual case (a run of data characters); more only when there is more to do
    if (this.pads > 0 || PLAIN.test(s)) {
      if (INVALID.test(s)) return this.invalid();
      if (SPACE.test(s)) s = s.replace(SPACES, '');
      if (s.length === 0) return;
      if (this.pads > 0) {
        if (NOT_PAD.test(s)) return this.invalid();
        this.pads += s.length;
        if (this.pads > 2) this.invalid();
        return;
      }
      const eq = s.indexOf('=');
      if (eq >= 0) {
        const tail = s.slice(eq);
        if (NOT_PAD.test(tail) || tail.length > 2) return this.invalid();
        this.pads = tail.length;
        s = s.slice(0, eq);
      }
    }
    const data = this.carry.length ? this.carry + s : s;
    const whole = data.length - (data.length % 4);
    if (whole > 0) this.decode(whole === data.length ? data : data.slice(0, whole));
    this.carry = data.slice(whole);
  }

  /**
   * The usual case without a regex pass: Node's decoder skips every character outside the
   * alphabet and stops at '=', so whole groups decode to exactly 3 bytes per 4 characters only
   * when every character is a data character. Emits nothing and returns false otherwise.
   */
  private writePlain(chars: string): boolean {
    const data = this.carry.length ? this.carry + chars : chars;
    const whole = data.length - (data.length % 4);
    const tail = data.slice(whole);
    if (tail.length > 0 && PLAIN.test(tail)) return false;
    if (whole > 0) {
      const expected = (whole / 4) * 3;
      if (this.scratch.length < expected) this.scratch = takeScratch(expected);
      const n = this.scratch.write(whole === data.length ? data : data.slice(0, whole), 0, 'base64');
      if (n !== expected) return false;
      this.out(this.scratch.subarray(0, n));
    }
    this.carry = tail;
    return true;
  }

  /** Decodes the last partial group; false when the text was not one valid base64 value. */
  end(): boolean {
    if (!this.valid) return this.release(false);
    if (this.carry.length === 1) {
      this.invalid();
      return this.release(false);
    }
    if (this.carry.length > 0) this.decode(this.carry);
    this.carry = '';
    return this.release(true);
  }

  private release(result: boolean): boolean {
    giveScratch(this.scratch);
    this.scratch = EMPTY;
    return result;
  }

  private decode(chars: string): void {
    const need = Math.ceil(chars.length / 4) * 3;
    if (this.scratch.length < need) this.scratch = takeScratch(need);
    const n = this.scratch.write(chars, 0, 'base64');
    this.out(this.scratch.subarray(0, n));
  }

  private invalid(): void {
    this.valid = false;
    this.carry = '';
  }
}

/** Bytes of a base64 string held in memory, or undefined when it is not valid base64. */
export function decodeBase64(text: string): Buffer | undefined {
  const parts: Buffer[] = [];
  const decoder = new Base64Decoder((b) => parts.push(Buffer.from(b)));
  decoder.write(text);
  if (!decoder.end()) return undefined;
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}
