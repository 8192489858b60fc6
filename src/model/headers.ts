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
  private readonly byName = new Map<string, string[]>();

  constructor(lines: readonly HeaderLine[] = []) {
    this.lines = lines;
    for (const line of lines) {
      const key = line.name.toLowerCase();
      const values = this.byName.get(key);
      if (values) values.push(line.value);
      else this.byName.set(key, [line.value]);
    }
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  /** First value, or undefined when the header is absent. */
  get(name: string): string | undefined {
    return this.byName.get(name.toLowerCase())?.[0];
  }

  /** Every line's value, in capture order. */
  getAll(name: string): readonly string[] {
    return this.byName.get(name.toLowerCase()) ?? [];
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
