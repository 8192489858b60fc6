import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import type { CaptureInfo, CaptureNote } from '../../src/model/capture.js';
import type { Exchange } from '../../src/model/exchange.js';
import { HarInputError, readHar, type ReaderItem, type ReadOptions } from '../../src/har/index.js';

type Json = Record<string, unknown>;

let clock = Date.parse('2024-05-01T10:00:00.000Z');

/** A HAR 1.2 entry that passes har-validator; `over` replaces top-level fields, `request`/`response` merge. */
export function entry(over: { request?: Json; response?: Json; [k: string]: unknown } = {}): Json {
  const { request, response, ...rest } = over;
  clock += 1000;
  return {
    startedDateTime: new Date(clock).toISOString(),
    time: 12,
    request: {
      method: 'GET',
      url: 'https://registry.example/v2/',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [{ name: 'User-Agent', value: 'skopeo/1.14.0' }],
      queryString: [],
      headersSize: -1,
      bodySize: 0,
      ...request,
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: 'application/json' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
      ...response,
    },
    cache: {},
    timings: { send: 1, wait: 10, receive: 1 },
    ...rest,
  };
}

export function har(entries: unknown[], log: Json = {}): Json {
  return { log: { version: '1.2', creator: { name: 'test', version: '1' }, entries, ...log } };
}

export function text(doc: unknown): string {
  return typeof doc === 'string' ? doc : JSON.stringify(doc);
}

/** A readable that emits `data` in chunks of `size` bytes (every size must give the same result). */
export function chunked(data: string | Buffer, size = 1 << 20): Readable {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  function* parts(): Generator<Buffer> {
    for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
  }
  return Readable.from(parts());
}

export interface ReadResult {
  items: ReaderItem[];
  exchanges: Exchange[];
  notes: CaptureNote[];
  info: CaptureInfo;
}

/** Reads a HAR given as an object, JSON text or raw bytes, streamed in chunks of `chunk` bytes. */
export async function read(doc: unknown, opts: Partial<ReadOptions> & { chunk?: number } = {}): Promise<ReadResult> {
  const { chunk, ...rest } = opts;
  const data = Buffer.isBuffer(doc) ? doc : text(doc);
  return collect(readHar(chunked(data, chunk), { file: 'test.har', ...rest }));
}

/** Every item of a read, sorted into exchanges and notes. */
export async function collect(reading: { items: AsyncIterable<ReaderItem>; info: CaptureInfo }): Promise<ReadResult> {
  const all: ReaderItem[] = [];
  for await (const item of reading.items) all.push(item);
  return {
    items: all,
    exchanges: all.flatMap((i) => (i.type === 'exchange' ? [i.exchange] : [])),
    notes: all.flatMap((i) => (i.type === 'note' ? [i.note] : [])),
    info: reading.info,
  };
}

export async function readFailure(input: string | Readable, file = 'broken.har'): Promise<HarInputError> {
  const { items } = readHar(input, { file });
  try {
    for await (const _ of items) {
      // drain
    }
  } catch (error) {
    expect(error).toBeInstanceOf(HarInputError);
    return error as HarInputError;
  }
  throw new Error('expected a HarInputError');
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Everything observable about a read, as plain JSON (URL, HeaderMap and bytes flattened). */
export function plain(result: ReadResult): unknown {
  return {
    info: result.info,
    items: result.items.map((item) =>
      item.type === 'note'
        ? item
        : JSON.parse(
            JSON.stringify(item.exchange, (key, value: unknown) => {
              if (value instanceof URL) return value.href;
              if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
              if (key === 'headers' && value && typeof value === 'object' && 'lines' in value) return (value as { lines: unknown }).lines;
              return value;
            }),
          ),
    ),
  };
}
