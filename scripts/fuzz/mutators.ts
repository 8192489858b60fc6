import { deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';

/** A seeded source of choices, so every failing case can be replayed from its seed. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** xorshift32: fast, good enough to pick mutations. */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 0x100000000;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const STRUCTURAL = new Set([0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x22]);

/** Nasty strings: control characters, escapes, markup, huge, Unicode edge cases. */
function nastyString(rng: Rng): string {
  switch (rng.int(9)) {
    case 0:
      return 'x'.repeat(50_000 + rng.int(150_000));
    case 1:
      return '\u0000\u001b[31m\r\n\t\u0085\u2028';
    case 2:
      return '<script>alert(1)</script><img src=x onerror=alert(2)>';
    case 3:
      return '\ud800\udfff\ud800';
    case 4:
      return `sha256:${'g'.repeat(64)}`;
    case 5:
      return 'a,'.repeat(20_000);
    case 6:
      return '"'.repeat(1000) + '\\'.repeat(1001);
    case 7:
      return `Bearer realm="${'r'.repeat(30_000)}",scope="${',='.repeat(10_000)}`;
    default:
      return String.fromCharCode(...Array.from({ length: 1 + rng.int(64) }, () => rng.int(0x10000)));
  }
}

function randomValue(rng: Rng, depth = 0): Json {
  switch (rng.int(depth > 3 ? 5 : 7)) {
    case 0:
      return null;
    case 1:
      return rng.next() < 0.5;
    case 2:
      return rng.pick([0, -1, -999, 1e308, Number.MAX_SAFE_INTEGER + 2, 3.5, 202, 404]);
    case 3:
    case 4:
      return nastyString(rng);
    case 5:
      return Array.from({ length: rng.int(4) }, () => randomValue(rng, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: rng.int(4) }, () => [rng.pick(['name', 'value', 'text', 'size', 'url', 'headers', 'status']), randomValue(rng, depth + 1)]));
  }
}

/** Every container (object or array) in the document, with how to replace one of its members. */
function slots(root: Json): { holder: Json[] | Record<string, Json>; key: string | number }[] {
  const out: { holder: Json[] | Record<string, Json>; key: string | number }[] = [];
  const stack: Json[] = [root];
  while (stack.length > 0 && out.length < 20_000) {
    const v = stack.pop()!;
    if (Array.isArray(v)) {
      v.forEach((child, i) => {
        out.push({ holder: v, key: i });
        stack.push(child);
      });
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        out.push({ holder: v, key: k });
        stack.push(child);
      }
    }
  }
  return out;
}

function entriesOf(doc: Json): Json[] | undefined {
  const log = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? doc.log : undefined;
  const entries = log !== null && typeof log === 'object' && !Array.isArray(log) ? log?.entries : undefined;
  return Array.isArray(entries) ? entries : undefined;
}

/** A structural mutation on the parsed document; the text mutations below work on bytes. */
function mutateJson(doc: Json, rng: Rng): void {
  const entries = entriesOf(doc);
  const all = slots(doc);
  switch (rng.int(6)) {
    case 0: // duplicated entries: some tools write retries twice
      if (entries && entries.length) for (let i = rng.int(5); i >= 0; i--) entries.splice(rng.int(entries.length), 0, structuredClone(rng.pick(entries)));
      return;
    case 1: // shuffled entries
      if (entries) for (let i = entries.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [entries[i], entries[j]] = [entries[j]!, entries[i]!];
      }
      return;
    case 2: // wrong types anywhere
      for (let i = 1 + rng.int(8); i > 0 && all.length; i--) {
        const s = rng.pick(all);
        (s.holder as Record<string | number, Json>)[s.key] = randomValue(rng);
      }
      return;
    case 3: // a member removed
      for (let i = 1 + rng.int(4); i > 0 && all.length; i--) {
        const s = rng.pick(all);
        if (Array.isArray(s.holder)) s.holder.splice(s.key as number, 1);
        else delete s.holder[s.key as string];
      }
      return;
    case 4: // random headers
      if (entries && entries.length) {
        const e = rng.pick(entries) as Record<string, Json>;
        const side = (rng.next() < 0.5 ? e.request : e.response) as Record<string, Json> | undefined;
        if (side && typeof side === 'object' && Array.isArray(side.headers)) {
          for (let i = 1 + rng.int(6); i > 0; i--) side.headers.push({ name: rng.pick(['Content-Type', 'Location', 'Range', 'Content-Range', 'Docker-Content-Digest', 'WWW-Authenticate', 'Accept', 'Link', 'OCI-Chunk-Min-Length', nastyString(rng)]), value: nastyString(rng) });
        }
      }
      return;
    default: // a random body
      if (entries && entries.length) {
        const e = rng.pick(entries) as Record<string, Json>;
        const res = e.response as Record<string, Json> | undefined;
        if (res && typeof res === 'object') {
          const bytes = Buffer.from(Array.from({ length: rng.int(4096) }, () => rng.int(256)));
          res.content = rng.pick<Json>([
            { size: bytes.length, mimeType: 'application/octet-stream', text: bytes.toString('base64'), encoding: 'base64' },
            { size: bytes.length * 2, text: bytes.toString('latin1') },
            { size: -1, text: nastyString(rng), encoding: rng.pick(['base64', 'gzip', '', 'x']) },
            { mimeType: 'application/vnd.oci.image.manifest.v1+json', text: JSON.stringify(randomValue(rng)) },
          ]);
        }
      }
  }
}

/** Byte-level damage: flips, a cut at a structural point, deep nesting, a BOM. */
function mutateBytes(bytes: Buffer, rng: Rng): Buffer {
  switch (rng.int(5)) {
    case 0: {
      const out = Buffer.from(bytes);
      for (let i = 1 + rng.int(16); i > 0 && out.length; i--) {
        const at = rng.int(out.length);
        out[at] = out[at]! ^ (1 << rng.int(8));
      }
      return out;
    }
    case 1: {
      // cut right before or after a structural character, as a tool killed mid-write leaves it
      for (let tries = 0; tries < 50 && bytes.length; tries++) {
        const at = rng.int(bytes.length);
        if (STRUCTURAL.has(bytes[at]!)) return bytes.subarray(0, at + rng.int(2));
      }
      return bytes.subarray(0, rng.int(bytes.length + 1));
    }
    case 2: {
      const depth = 1000 + rng.int(200_000);
      const at = bytes.indexOf('"text":');
      const nest = `${'['.repeat(depth)}${']'.repeat(rng.next() < 0.5 ? depth : rng.int(depth))}`;
      return at < 0 ? Buffer.concat([bytes, Buffer.from(nest)]) : Buffer.concat([bytes.subarray(0, at + 7), Buffer.from(`${nest},"x":`), bytes.subarray(at + 7)]);
    }
    case 3:
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes, rng.next() < 0.5 ? Buffer.from(',]}') : Buffer.alloc(0)]);
    default: {
      // a run of bytes copied elsewhere
      const from = rng.int(bytes.length + 1);
      const len = rng.int(4096);
      const to = rng.int(bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, to), bytes.subarray(from, from + len), bytes.subarray(to)]);
    }
  }
}

/** One fuzz case from a real sample: JSON and/or byte mutations, sometimes in a container. */
export function mutateSample(sample: Buffer, rng: Rng): { bytes: Buffer; how: string } {
  const how: string[] = [];
  let bytes = sample;
  if (rng.next() < 0.6) {
    try {
      const doc = JSON.parse(sample.toString('utf8')) as Json;
      for (let i = 1 + rng.int(3); i > 0; i--) mutateJson(doc, rng);
      bytes = Buffer.from(JSON.stringify(doc));
      how.push('json');
    } catch {
      // a sample that is not JSON (a .zhar) is mutated as bytes only
    }
  }
  if (how.length === 0 || rng.next() < 0.4) {
    bytes = mutateBytes(bytes, rng);
    how.push('bytes');
  }
  const wrap = rng.int(10);
  if (wrap === 0) {
    bytes = gzipSync(bytes);
    how.push('gzip');
  } else if (wrap === 1) {
    const z = deflateSync(bytes);
    // sometimes a cut-off .zhar
    bytes = rng.next() < 0.5 ? z : z.subarray(0, rng.int(z.length));
    how.push('zlib');
  }
  return { bytes, how: how.join('+') };
}

const METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE', 'OPTIONS', 'get', ''];
const PATHS = ['/v2/', '/v2/a/b/manifests/v1', '/v2/a/manifests/sha256:' + 'a'.repeat(64), '/v2/a/blobs/uploads/', '/v2/a/blobs/uploads/u1?_state=x&digest=sha256:' + 'b'.repeat(64), '/v2/a/tags/list?n=2&last=a', '/v2/a/referrers/sha256:' + 'c'.repeat(64), '/token?scope=repository:a:pull', '/v2/_catalog'];
const HEADER_NAMES = ['Content-Type', 'Content-Length', 'Location', 'Range', 'Content-Range', 'Docker-Content-Digest', 'WWW-Authenticate', 'Authorization', 'Accept', 'Link', 'OCI-Subject', 'Retry-After', 'User-Agent', ':path', ':status'];

const header = fc.record({ name: fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.string()), value: fc.oneof(fc.string(), fc.constantFrom('bytes=0-99', '0-', '<x>; rel="next"', 'Bearer realm="http://t/token",service="s",scope="repository:a:pull"', 'application/vnd.oci.image.manifest.v1+json')) });

/** HARs built from scratch by fast-check: OCI-shaped requests with random parts. */
export const harArbitrary = fc
  .array(
    fc.record({
      startedDateTime: fc.oneof(fc.constant('2026-11-23T10:00:00.000Z'), fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
      time: fc.oneof(fc.integer({ min: -1, max: 1000 }), fc.constant(null)),
      request: fc.record({
        method: fc.constantFrom(...METHODS),
        url: fc.oneof(fc.constantFrom(...PATHS).map((p) => `http://registry.test:5000${p}`), fc.webUrl(), fc.string()),
        httpVersion: fc.constantFrom('HTTP/1.1', 'HTTP/2', 'h3', ''),
        headers: fc.array(header, { maxLength: 12 }),
        queryString: fc.constant([]),
        cookies: fc.constant([]),
        headersSize: fc.constant(-1),
        bodySize: fc.integer({ min: -1, max: 5000 }),
      }),
      response: fc.record({
        status: fc.oneof(fc.constantFrom(200, 201, 202, 204, 206, 307, 400, 401, 404, 405, 416, 0, -1), fc.integer()),
        statusText: fc.string(),
        httpVersion: fc.constant('HTTP/1.1'),
        headers: fc.array(header, { maxLength: 12 }),
        cookies: fc.constant([]),
        content: fc.record({ size: fc.integer({ min: -1, max: 10_000 }), mimeType: fc.constantFrom('application/json', 'application/octet-stream', 'application/vnd.oci.image.index.v1+json', ''), text: fc.oneof(fc.string(), fc.json(), fc.base64String()) }, { requiredKeys: ['size'] }),
        redirectURL: fc.string(),
        headersSize: fc.constant(-1),
        bodySize: fc.constant(-1),
      }),
      cache: fc.constant({}),
      timings: fc.constant({ send: 0, wait: 1, receive: 0 }),
    }),
    { maxLength: 30 },
  )
  .map((entries) => JSON.stringify({ log: { version: '1.2', creator: { name: 'fuzz', version: '1' }, entries } }));
