import type { RawEntry } from './scanner.js';

/** Recent entries compared for exact repeats (tools that log a retry twice write them close together). */
export const DUPLICATE_WINDOW = 256;

/**
 * Finds entries that repeat an earlier one byte for byte. A cheap key (start, method, URL,
 * length) picks the candidates; only then are the texts compared, so a real retry (another
 * status, another time) is never taken for a copy. Entries with streamed big strings are not
 * compared (their bytes are not held).
 */
export class DuplicateFilter {
  private readonly recent = new Map<string, { index: number; json: string }>(); // bounded: trimmed to `window`

  constructor(private readonly window: number) {}

  /** The index of the entry this one repeats, or undefined. */
  check(parsed: unknown, raw: RawEntry): number | undefined {
    if (raw.json === undefined || (raw.bigs && raw.bigs.length > 0) || typeof parsed !== 'object' || parsed === null) return undefined;
    const e = parsed as { startedDateTime?: unknown; request?: { method?: unknown; url?: unknown } };
    const key = `${String(e.startedDateTime)}\u0000${String(e.request?.method)}\u0000${String(e.request?.url)}\u0000${raw.json.length}`;
    const seen = this.recent.get(key);
    if (seen && seen.json === raw.json) return seen.index;
    this.recent.set(key, { index: raw.index, json: raw.json });
    if (this.recent.size > this.window) this.recent.delete(this.recent.keys().next().value!);
    return undefined;
  }
}
