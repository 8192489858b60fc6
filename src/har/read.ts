import { Readable } from 'node:stream';
import type { CaptureInfo, CaptureNote } from '../model/capture.js';
import type { Exchange } from '../model/exchange.js';
import { HarInputError } from './errors.js';
import { normalizeEntry } from './normalize.js';
import { ReorderWindow } from './reorder.js';
import { HarScanner, type RawEntry } from './scanner.js';
import { MAX_UPLOAD_SESSIONS, UploadHasher } from './upload-hash.js';
import { CompressedInputEnded, harBytes } from './source.js';
import { entrySchemaProblems } from './validate.js';
import { zipSidecars, type SidecarLookup } from './sidecars.js';
import { DUPLICATE_WINDOW, DuplicateFilter } from './duplicates.js';
import { isZipFile, ZipArchive } from './zip.js';

export type ReaderItem = { type: 'exchange'; exchange: Exchange } | { type: 'note'; note: CaptureNote };

export interface ReadOptions {
  /** Name shown in notes and errors. */
  file: string;
  /** Entries held to put them in start order (default 64). */
  reorderWindow?: number;
  /** Open blob upload sessions followed for reassembly (default 1024; lower it in tests). */
  uploadSessions?: number;
  /** Bytes of one entry's JSON besides its streamed bodies (default 64 MiB; lower it in tests). */
  maxEntryBytes?: number;
  /** Body text the reorder window may hold before it lets entries go early (default 64 MiB). */
  reorderWindowBytes?: number;
  /** Largest body kept whole as `text` when it looks like JSON/text (default 4 MiB). */
  keepJsonLimit?: number;
  /** Run har-validator on each entry (default true). */
  validate?: boolean;
  /** Strings longer than this are streamed and hashed, never held (default 1 MiB; lower it in tests). */
  bigStringThreshold?: number;
  /**
   * Receives each item the moment the reorder window lets it go, inside the read, instead of
   * through the iterator (which then yields nothing). An exchange is then handled and dropped
   * while it is young: queued per 1 MiB chunk, hundreds of exchanges would outlive a minor
   * garbage collection and be copied and promoted, which cost more than the analysis.
   */
  onItem?: (item: ReaderItem) => void;
}

const MiB = 1024 * 1024;
const MAX_DEPTH = 512;
const MAX_ENTRY_BYTES = 64 * MiB;
/** Body text the reorder window may hold before it lets entries go early. */
const WINDOW_TEXT_BYTES = 64 * MiB;
/** Notes of one code kept per file; the rest are counted in one summary note. */
const NOTES_PER_CODE = 1000;

interface Pending {
  startMs: number;
  index: number;
  weight: number;
  exchange: Exchange;
  notes: CaptureNote[];
}

/**
 * Streams a HAR capture: a path, '-' for stdin, or a readable stream. Items come in start
 * order; `info` fills in as reading goes and is complete when iteration ends. Unusable input
 * throws HarInputError from the iteration, before any item when it can be known that early.
 */
export function readHar(input: string | NodeJS.ReadableStream, opts: ReadOptions): { items: AsyncIterable<ReaderItem>; info: CaptureInfo } {
  const info: CaptureInfo = { file: opts.file, entries: 0, bytes: 0 };
  return { info, items: read(input, opts, info) };
}

async function* read(input: string | NodeJS.ReadableStream, opts: ReadOptions, info: CaptureInfo): AsyncGenerator<ReaderItem> {
  const file = opts.file;
  const keepLimit = opts.keepJsonLimit ?? 4 * MiB;
  const validate = opts.validate ?? true;
  const window = new ReorderWindow<Pending>(Math.max(0, opts.reorderWindow ?? 64), opts.reorderWindowBytes ?? WINDOW_TEXT_BYTES);
  const notes = new NoteLimiter(NOTES_PER_CODE);
  let mitmproxy = false;
  let previousStartMs = 0;
  let stop: CaptureInfo['stoppedAt'];
  let badMeta: { reason: string; early: boolean } | undefined;
  // Entries are normalized as soon as the scanner cuts them (file order), so the running
  // upload hashes are up to date when a later entry's big body starts streaming.
  const uploads = new UploadHasher(opts.uploadSessions ?? MAX_UPLOAD_SESSIONS);
  const duplicates = new DuplicateFilter(DUPLICATE_WINDOW);
  const ready: ReaderItem[] = [];
  const onItem = opts.onItem;
  const deliver = (items: Iterable<ReaderItem>): void => {
    if (onItem) for (const item of items) onItem(item);
    else for (const item of items) ready.push(item);
  };

  const scanner = new HarScanner(
    { bigString: opts.bigStringThreshold ?? MiB, keepLimit, maxDepth: MAX_DEPTH, maxEntryBytes: opts.maxEntryBytes ?? MAX_ENTRY_BYTES },
    {
      meta(key, json) {
        let value: unknown;
        try {
          value = JSON.parse(json);
        } catch (error) {
          const reason = `log.${key} is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
          badMeta ??= { reason, early: !scanner.entriesStarted };
          return;
        }
        if (key === 'version' && typeof value === 'string') info.harVersion = value;
        // Our redactor's mark: credentials in this file are salted hashes, not the originals.
        if (key === '_ociHarCheckRedacted' && typeof value === 'object' && value !== null) info.redacted = true;
        if (key === 'creator' && typeof value === 'object' && value !== null) {
          const { name, version } = value as { name?: unknown; version?: unknown };
          if (typeof name === 'string') {
            info.creator = typeof version === 'string' ? { name, version } : { name };
            mitmproxy = name.toLowerCase().includes('mitmproxy');
          }
        }
      },
      entry(raw) {
        process(raw);
      },
      uploadPlan(method, url) {
        return uploads.planFor(method, url);
      },
    },
  );

  /** Parses, checks and normalizes one entry the scanner cut; queues what the window lets go. */
  function process(raw: RawEntry): void {
    if (stop) return;
    if (raw.json === undefined) {
      info.entries++;
      deliver(notes.pass({ code: 'limit', message: `entry skipped: ${raw.skipped ?? 'not readable'}`, entry: raw.index, offset: raw.start }));
      return;
    }
    let parsed: unknown = raw.parsed;
    try {
      parsed ??= JSON.parse(raw.json);
    } catch (error) {
      stop = { offset: raw.start, entry: raw.index, reason: `entry ${raw.index} is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
      return;
    }
    info.entries++;
    const original = duplicates.check(parsed, raw);
    if (original !== undefined) {
      deliver(notes.pass({ code: 'duplicate-entry', message: `entry ${raw.index} repeats entry ${original} byte for byte (a tool wrote it twice): analyzed once`, entry: raw.index }));
      return;
    }
    const entryNotes: CaptureNote[] = [];
    if (validate && typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      const problems = entrySchemaProblems(parsed);
      if (problems) entryNotes.push({ code: 'har-schema', message: problems, entry: raw.index });
    }
    const result = normalizeEntry(parsed, { index: raw.index, bigs: raw.bigs, mitmproxy, keepLimit, previousStartMs, uploads, sidecars });
    entryNotes.push(...result.notes);
    const exchange = result.exchange;
    if (!exchange) {
      for (const note of entryNotes) deliver(notes.pass(note));
      return;
    }
    exchange.bytes = { offset: raw.start, length: raw.end - raw.start };
    uploads.after(exchange, result.uploadPlan);
    previousStartMs = exchange.startMs;
    const weight = (exchange.request.body.text?.length ?? 0) + (exchange.response.body.text?.length ?? 0);
    for (const due of window.push({ startMs: exchange.startMs, index: raw.index, weight, exchange, notes: entryNotes })) deliver(emit(due));
  }

  /** Yields what the entries processed so far let go. */
  function* drain(): Generator<ReaderItem> {
    if (ready.length === 0) return;
    const items = ready.splice(0, ready.length);
    yield* items;
  }

  function* emit(p: Pending): Generator<ReaderItem> {
    for (const note of p.notes) yield* notes.pass(note);
    yield { type: 'exchange', exchange: p.exchange };
  }

  // A Playwright zip: the HAR streams out of the archive, its bodies are the sidecar files.
  let sidecars: SidecarLookup | undefined;
  let zip: ZipArchive | undefined;
  let source: string | NodeJS.ReadableStream = input;
  if (typeof input === 'string' && input !== '-' && isZipFile(input)) {
    zip = ZipArchive.open(input, file);
    try {
      const har = zip.harEntry(file);
      sidecars = await zipSidecars(zip, har, file, keepLimit);
      source = Readable.from(zip.stream(har, file));
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  let inputEnded: string | undefined;
  try {
    for await (const chunk of harBytes(source, file)) {
      scanner.push(chunk);
      info.bytes = scanner.offset;
      const failure = scanner.failed;
      if (failure?.notHar) throw new HarInputError('NOT_HAR', file, `is JSON but not a HAR: ${failure.reason}`);
      if (failure && !scanner.entriesStarted) throw new HarInputError('NOT_JSON', file, `is not JSON: ${failure.reason} at byte ${failure.offset}`);
      if (badMeta?.early) throw new HarInputError('NOT_JSON', file, `is not JSON: ${badMeta.reason}`);
      yield* drain();
      if (badMeta) stop ??= { offset: scanner.offset, entry: scanner.entryIndex, reason: badMeta.reason };
      if (stop || failure) break;
    }
  } catch (error) {
    if (!(error instanceof CompressedInputEnded)) throw error;
    inputEnded = error.message;
  } finally {
    zip?.close();
  }

  const fileNotes: CaptureNote[] = [];
  if (!stop) {
    const end = scanner.end();
    switch (end.kind) {
      case 'empty':
        throw new HarInputError('EMPTY', file, 'is empty');
      case 'failed':
        stop = { offset: end.offset, entry: scanner.entryIndex, reason: `invalid JSON at byte ${end.offset}: ${end.reason}` };
        break;
      case 'eof':
        if (!scanner.entriesStarted) {
          throw new HarInputError('NOT_JSON', file, `is not complete JSON: ${inputEnded ?? end.reason} (byte ${end.offset})`);
        }
        stop = { offset: end.offset, entry: scanner.entryIndex, reason: inputEnded ?? end.reason };
        break;
      case 'complete':
        if (!scanner.entriesStarted) {
          const what = !scanner.sawLog
            ? scanner.logNotObject
              ? '"log" is not an object'
              : 'has no "log" object'
            : scanner.entriesNotArray
              ? '"log.entries" is not an array'
              : 'has no "log.entries" array';
          throw new HarInputError('NOT_HAR', file, `is JSON but not a HAR: ${what}`);
        }
        if (end.trailingAt !== undefined) {
          fileNotes.push({ code: 'har-schema', message: `data after the end of the HAR document (from byte ${end.trailingAt}) was ignored`, offset: end.trailingAt });
        }
        // the whole document came through, but its container's check failed: say so
        if (inputEnded) fileNotes.push({ code: 'truncated-file', message: `the document is complete, but ${inputEnded}: bodies may be damaged` });
    }
  }
  if (scanner.trailingCommas > 0) {
    fileNotes.push({ code: 'har-schema', message: `${scanner.trailingCommas} trailing comma(s) in the document (not JSON) were tolerated` });
  }

  for (const p of window.drain()) deliver(emit(p));
  if (stop) {
    info.stoppedAt = stop;
    fileNotes.push({
      code: 'truncated-file',
      message: `reading stopped at byte ${stop.offset}: ${stop.reason}; the ${info.entries} complete entries before it were analyzed`,
      entry: stop.entry,
      offset: stop.offset,
    });
  }
  if (uploads.evicted > 0) {
    fileNotes.push({ code: 'limit', message: `more than ${opts.uploadSessions ?? MAX_UPLOAD_SESSIONS} blob upload sessions were open at once: the ${uploads.evicted} oldest were forgotten, so chunks sent on them later are not reassembled (their digest checks say "not evaluable")` });
  }
  if (window.releasedByWeight > 0) {
    const cap = opts.reorderWindowBytes ?? WINDOW_TEXT_BYTES;
    fileNotes.push({ code: 'limit', message: `the reorder window holds at most ${cap >= MiB ? `${Math.round(cap / MiB)} MiB` : `${cap} bytes`} of body text: ${window.releasedByWeight} entries were replayed before the window was full, so entries written far out of order near them may stay in file order` });
  }
  if (window.outOfOrder > 0) {
    const late = window.late > 0 ? `; ${window.late} arrived too late for the window of ${opts.reorderWindow ?? 64} and stay in file order` : '';
    fileNotes.push({ code: 'reorder', message: `${window.outOfOrder} entries were not in start order and were replayed by startedDateTime${late}` });
  }
  for (const note of fileNotes) deliver(notes.pass(note));
  deliver(notes.summary());
  yield* drain();
}

/** Passes notes through, up to a number per code; the rest become one summary note each. */
class NoteLimiter {
  private readonly counts = new Map<CaptureNote['code'], number>();

  constructor(private readonly perCode: number) {}

  *pass(note: CaptureNote): Generator<ReaderItem> {
    const n = (this.counts.get(note.code) ?? 0) + 1;
    this.counts.set(note.code, n);
    if (n <= this.perCode) yield { type: 'note', note };
  }

  *summary(): Generator<ReaderItem> {
    for (const [code, n] of this.counts) {
      if (n > this.perCode) yield { type: 'note', note: { code, message: `${n - this.perCode} more "${code}" notes were not listed` } };
    }
  }
}
