/**
 * What the recorder must change so the client stays on it: absolute URLs the registry sends
 * (a `Location` to storage or another host, the `realm` of a token challenge) point at other
 * origins; the client is given a recorder URL instead, and the recorder forwards requests on
 * it to the origin they stand for. The HAR keeps the registry's original values and lists
 * each rewrite, so the analyzer judges the exchange as the registry sent it.
 */

/** Recorder paths that stand for another origin: `/_oci-har-check/origin/<n>/<path>`. */
export const ORIGIN_PREFIX = '/_oci-har-check/origin/';

export interface Rewrite {
  /** What was changed: `response.headers.Location`, `response.headers.WWW-Authenticate`, `request.headers.Host`. */
  where: string;
  /** The value as the sender wrote it (the registry for response headers, the client for request headers). */
  original: string;
  /** The value the recorder passed on. */
  sent: string;
}

export class OriginMap {
  private readonly origins: string[] = []; // bounded: MAX_ORIGINS
  /** Origins given to the client as a token realm (credentials are meant for them). */
  private readonly realms = new Set<string>(); // bounded: MAX_ORIGINS
  private static readonly MAX_ORIGINS = 256;

  /**
   * @param upstream origin of the registry (`https://registry.example:443` normalised by URL)
   * @param listen origin clients use to reach the recorder
   */
  constructor(
    readonly upstream: string,
    /** Set again once the port is bound (port 0 picks a free one). */
    public listen: string,
  ) {}

  /**
   * The recorder URL for an absolute URL on any origin (the upstream maps to the listen origin
   * itself). `realm`: the URL is a token realm, so the client's credentials are meant for it.
   */
  toClient(absolute: string, realm = false): string | undefined {
    let url: URL;
    try {
      url = new URL(absolute);
    } catch {
      return undefined;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    const rest = `${url.pathname}${url.search}`;
    if (url.origin === this.upstream) return `${this.listen}${rest}`;
    if (url.origin === this.listen) return undefined;
    let n = this.origins.indexOf(url.origin);
    if (n < 0) {
      if (this.origins.length >= OriginMap.MAX_ORIGINS) return undefined;
      n = this.origins.push(url.origin) - 1;
    }
    if (realm) this.realms.add(url.origin);
    return `${this.listen}${ORIGIN_PREFIX}${n}${rest}`;
  }

  /** Whether an origin was only ever a redirect target (storage), never a token realm. */
  redirectOnly(origin: string): boolean {
    return origin !== this.upstream && !this.realms.has(origin);
  }

  /** Where a request path on the recorder goes: the upstream, or the origin its prefix stands for. */
  toTarget(pathAndQuery: string): { origin: string; path: string } | undefined {
    if (!pathAndQuery.startsWith(ORIGIN_PREFIX)) return { origin: this.upstream, path: pathAndQuery };
    const rest = pathAndQuery.slice(ORIGIN_PREFIX.length);
    const slash = rest.indexOf('/');
    const id = slash < 0 ? rest : rest.slice(0, slash);
    if (id.length === 0 || id.length > 4) return undefined;
    for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) < 0x30 || id.charCodeAt(i) > 0x39) return undefined;
    const origin = this.origins[Number(id)];
    if (origin === undefined) return undefined;
    return { origin, path: slash < 0 ? '/' : rest.slice(slash) };
  }
}

/**
 * Replaces the URL of each `realm=` parameter in a WWW-Authenticate value by `map(url)`
 * (when it returns one). A single scan: the value comes from the registry and may be hostile.
 */
export function rewriteRealm(value: string, map: (url: string) => string | undefined): string {
  const lower = value.toLowerCase();
  let out = '';
  let from = 0;
  let at = lower.indexOf('realm', 0);
  while (at >= 0) {
    // A parameter name starts the value or follows a space or comma.
    const before = at === 0 ? ' ' : value[at - 1]!;
    let eq = at + 5;
    while (value[eq] === ' ') eq++;
    if ((before === ' ' || before === ',' || before === '\t') && value[eq] === '=') {
      let start = eq + 1;
      while (value[start] === ' ') start++;
      let end: number;
      let url: string;
      if (value[start] === '"') {
        end = start + 1;
        let text = '';
        while (end < value.length && value[end] !== '"') {
          if (value[end] === '\\' && end + 1 < value.length) end++;
          text += value[end];
          end++;
        }
        url = text;
        const mapped = end < value.length ? map(url) : undefined;
        if (mapped !== undefined) {
          out += `${value.slice(from, start)}"${mapped}"`;
          from = end + 1;
        }
        at = lower.indexOf('realm', end);
        continue;
      }
      end = start;
      while (end < value.length && value[end] !== ',' && value[end] !== ' ') end++;
      url = value.slice(start, end);
      const mapped = map(url);
      if (mapped !== undefined) {
        out += `${value.slice(from, start)}"${mapped}"`;
        from = end;
      }
      at = lower.indexOf('realm', end);
      continue;
    }
    at = lower.indexOf('realm', at + 5);
  }
  return out + value.slice(from);
}
