/**
 * A Map that forgets its oldest entries past a cap. The state machine keys state by URLs
 * and tokens taken from the capture, so every map must stay bounded on hostile input.
 *
 * Eviction drops the oldest eighth of the cap at once: V8 leaves a deleted entry as a hole
 * that an iterator must skip until the table is rebuilt, so evicting one entry per insert
 * (a fresh `keys()` iterator each time) costs O(cap) per insert once the map is full.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly cap: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (super.has(key)) super.delete(key); // refresh insertion order
    super.set(key, value);
    if (this.size > this.cap) evictOldest(super.keys(), (k) => super.delete(k), this.size - this.cap + batchOf(this.cap));
    return this;
  }
}

/** A Set that forgets its oldest members past a cap (see BoundedMap). */
export class BoundedSet<T> extends Set<T> {
  constructor(private readonly cap: number) {
    super();
  }

  override add(value: T): this {
    if (super.has(value)) super.delete(value); // refresh insertion order
    super.add(value);
    if (this.size > this.cap) evictOldest(super.values(), (v) => super.delete(v), this.size - this.cap + batchOf(this.cap));
    return this;
  }
}

function batchOf(cap: number): number {
  return Math.floor(cap / 8);
}

function evictOldest<T>(oldestFirst: IterableIterator<T>, remove: (item: T) => void, count: number): void {
  // Collected first: deleting while iterating a Map is allowed, but this keeps it obvious.
  const doomed: T[] = [];
  for (const item of oldestFirst) {
    if (doomed.length >= count) break;
    doomed.push(item);
  }
  for (const item of doomed) remove(item);
}
