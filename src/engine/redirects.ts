import type { Exchange } from '../model/exchange.js';
import type { Operation } from '../oci/operation.js';
import { BoundedMap } from './bounded-map.js';

export interface RedirectOrigin {
  /** The 3xx exchange that pointed here. */
  from: Exchange;
  /** The first exchange of the chain (the original request) and its operation. */
  first: Exchange;
  op: Operation;
}

/** Remembers redirect targets until the hop that follows them appears. */
export class RedirectTracker {
  private readonly targets = new BoundedMap<string, RedirectOrigin>(1024);

  /** Records a 3xx; `origin` is set when `at` itself was a hop of an earlier redirect. */
  observe(at: Exchange, op: Operation, origin: RedirectOrigin | undefined): void {
    if (at.failed || at.response.status < 300 || at.response.status > 399 || !at.response.redirectURL) return;
    this.targets.set(at.response.redirectURL, { from: at, first: origin?.first ?? at, op: origin?.op ?? op });
  }

  /** Claims the redirect this exchange follows, if any. */
  take(at: Exchange): RedirectOrigin | undefined {
    const href = at.request.url?.href;
    if (!href) return undefined;
    const origin = this.targets.get(href);
    if (origin && origin.from.startMs <= at.startMs && origin.from !== at) {
      this.targets.delete(href);
      return origin;
    }
    return undefined;
  }
}
