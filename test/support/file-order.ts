import type { HarLog } from './har.js';

/** The same capture with entries `a` and `b` swapped in the file; their times stay, so replay order is unchanged. */
export function swapInFile(log: HarLog, a: number, b: number): HarLog {
  const copy = structuredClone(log);
  const entries = copy.log.entries;
  [entries[a], entries[b]] = [entries[b]!, entries[a]!];
  return copy;
}
