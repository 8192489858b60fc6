/**
 * A Map that forgets its oldest entries past a cap. The state machine keys state by URLs
 * and tokens taken from the capture, so every map must stay bounded on hostile input.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly cap: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (super.has(key)) super.delete(key); // refresh insertion order
    super.set(key, value);
    if (this.size > this.cap) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
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
    if (this.size > this.cap) {
      const oldest = this.values().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return this;
  }
}
