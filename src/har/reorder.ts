/** Something to replay in start order, with its tie-breaker (file order). */
export interface Ordered {
  startMs: number;
  index: number;
  /** Bytes this item keeps alive (body texts), to bound what the window holds. */
  weight: number;
}

function before(a: Ordered, b: Ordered): boolean {
  return a.startMs < b.startMs || (a.startMs === b.startMs && a.index < b.index);
}

/**
 * Replays items in (startMs, file index) order through a small window: producers write
 * entries almost in order (by end time, or by a few threads), so a min-heap of a few dozen
 * items sorts them without holding the file. Items later than the window can fix are
 * emitted in arrival order and counted.
 */
export class ReorderWindow<T extends Ordered> {
  private readonly heap: T[] = [];
  private weight = 0;
  private maxSeen: Ordered | undefined;
  private lastOut: Ordered | undefined;
  /** Items that arrived after an item that starts later. */
  outOfOrder = 0;
  /** Of those, items the window was too small to put back in place. */
  late = 0;
  /** Items let go before the window was full because it held `maxWeight` bytes. */
  releasedByWeight = 0;

  constructor(
    private readonly size: number,
    private readonly maxWeight: number,
  ) {}

  /** Adds an item; returns the items now due, in order. */
  push(item: T): T[] {
    if (this.maxSeen && before(item, this.maxSeen)) this.outOfOrder++;
    else this.maxSeen = item;
    this.insert(item);
    const out: T[] = [];
    while (this.heap.length > 0 && (this.heap.length > this.size || this.weight > this.maxWeight)) {
      if (this.heap.length <= this.size) this.releasedByWeight++;
      out.push(this.pop());
    }
    return out;
  }

  /** Everything still held, in order. */
  drain(): T[] {
    const out: T[] = [];
    while (this.heap.length > 0) out.push(this.pop());
    return out;
  }

  private insert(item: T): void {
    const h = this.heap;
    this.weight += item.weight;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): T {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    this.weight -= top.weight;
    if (this.lastOut && before(top, this.lastOut)) this.late++;
    else this.lastOut = top;
    return top;
  }
}
