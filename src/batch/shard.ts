import { UsageError } from '../errors.js';

/** `K/N`: the K-th (0-based) of N shards. */
export interface Shard {
  index: number;
  count: number;
}

export function parseShard(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > 1_000_000 || index >= count) {
    throw new UsageError(`--shard must be K/N with 0 <= K < N (e.g. 0/8), not '${value}'`, 'BAD_SHARD');
  }
  return { index, count };
}

/**
 * The shard's part of a list in a stable order: contiguous ranges of nearly equal size, so
 * every item is in exactly one shard and big neighbours (one capture session split over
 * files) stay on one machine.
 */
export function takeShard<T>(items: readonly T[], shard: Shard): T[] {
  const start = Math.floor((items.length * shard.index) / shard.count);
  const end = Math.floor((items.length * (shard.index + 1)) / shard.count);
  return items.slice(start, end);
}
