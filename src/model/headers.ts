const NONE: readonly string[] = Object.freeze([]);

/** Callers mostly pass lower-case constants: skip the copy then. */
function lower(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return name.toLowerCase();
  }
  return name;
}

/** One header line as the capture recorded it (name casing preserved). */
export interface HeaderLine {
  readonly name: string;
  readonly value: string;
}

/**
 * Ordered, case-insensitive multimap of HTTP headers. HTTP/2 captures lower-case names and
 * some tools join repeated headers with ",", so lookups never depend on case or on how the
 * producer split the lines.
 */
export class HeaderMap {
  readonly lines: readonly HeaderLine[];
  /**
   * Lower-cased names, parallel to `lines`. A linear scan over a dozen names beats a Map of
   * arrays here: one exchange's headers are few, and the Map cost an allocation per name on
   * every exchange of a capture.
   */
  private readonly names: string[];

  constructor(lines: readonly HeaderLine[] = []) {
    this.lines = lines;
    const names = new Array<string>(lines.length);
    for (let i = 0; i < lines.length; i++) names[i] = lines[i]!.name.toLowerCase();
    this.names = names;
  }

  has(name: string): boolean {
    return this.names.includes(lower(name));
  }

  /** First value, or undefined when the header is absent. */
  get(name: string): string | undefined {
    const i = this.names.indexOf(lower(name));
    return i < 0 ? undefined : this.lines[i]!.value;
  }

  /** Every line's value, in capture order. */
  getAll(name: string): readonly string[] {
    const key = lower(name);
    let out: string[] | undefined;
    for (let i = 0; i < this.names.length; i++) {
      if (this.names[i] === key) (out ??= []).push(this.lines[i]!.value);
    }
    return out ?? NONE;
  }

  /**
   * Values of a list-valued header (Accept, OCI-Tag, …) split on top-level commas, whether
   * the client sent one line per value or one joined line (RFC 9110 §5.3 makes them equal).
   * Commas inside quoted strings are kept.
   */
  getList(name: string): string[] {
    const out: string[] = [];
    for (const value of this.getAll(name)) {
      let start = 0;
      let quoted = false;
      for (let i = 0; i < value.length; i++) {
        const c = value.charCodeAt(i);
        if (c === 0x22 /* " */) quoted = !quoted;
        else if (c === 0x5c /* \ */ && quoted) i++;
        else if (c === 0x2c /* , */ && !quoted) {
          const item = value.slice(start, i).trim();
          if (item) out.push(item);
          start = i + 1;
        }
      }
      const last = value.slice(start).trim();
      if (last) out.push(last);
    }
    return out;
  }

  get size(): number {
    return this.lines.length;
  }
}
