import { describe, expect, it } from 'vitest';
import type { EventOf, OciEvent, OperationEvent } from '../../src/engine/events.js';
import { createTracker } from '../../src/engine/tracker.js';
import { type Body, EMPTY_BODY } from '../../src/model/body.js';
import { UNKNOWN_CLIENT } from '../../src/model/client.js';
import type { Exchange } from '../../src/model/exchange.js';
import { HeaderMap } from '../../src/model/headers.js';

// The tracker states `body-not-exact` itself for exchanges whose bodies the capture did not keep
// exactly, so any reader (or none) gives checks one note per damaged exchange.

function exchange(index: number, o: { method?: string; status?: number; reqBody?: Body; resBody?: Body; resHeaders?: [string, string][]; failed?: boolean }): Exchange {
  const url = 'http://registry.test:5000/v2/library/hello/blobs/sha256:' + 'a'.repeat(64);
  return {
    index,
    pointer: `/log/entries/${index}`,
    startedDateTime: new Date(Date.UTC(2024, 0, 1, 0, 0, index)).toISOString(),
    startMs: Date.UTC(2024, 0, 1, 0, 0, index),
    request: { method: o.method ?? 'GET', rawUrl: url, url: new URL(url), httpVersion: 'HTTP/1.1', headers: new HeaderMap(), body: o.reqBody ?? EMPTY_BODY },
    response: {
      status: o.status ?? 200,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      headers: new HeaderMap((o.resHeaders ?? []).map(([name, value]) => ({ name, value }))),
      body: o.resBody ?? EMPTY_BODY,
    },
    failed: o.failed ?? false,
    client: UNKNOWN_CLIENT,
  };
}

function notesOf(run: (t: ReturnType<typeof createTracker>) => void): EventOf<'capture.noted'>['note'][] {
  const events: (OciEvent | OperationEvent)[] = [];
  const tracker = createTracker((e) => events.push(e));
  run(tracker);
  return events.filter((e): e is EventOf<'capture.noted'> => e.type === 'capture.noted').map((e) => e.note);
}

const truncated: Body = { fidelity: 'truncated', size: 500, declaredSize: 1024, reason: 'holds 500 of 1024 declared bytes' };
const absent: Body = { fidelity: 'absent', size: 0, declaredSize: 1024, reason: 'producer kept no body (1024 bytes declared)' };

describe('tracker: body-not-exact notes', () => {
  it('notes a truncated response once, naming the side and the reason', () => {
    const notes = notesOf((t) => t.observe(exchange(3, { resBody: truncated })));
    expect(notes).toEqual([{ code: 'body-not-exact', entry: 3, message: 'response body is truncated (holds 500 of 1024 declared bytes)' }]);
  });

  it('one note for an exchange with both bodies damaged', () => {
    const notes = notesOf((t) => t.observe(exchange(0, { method: 'PUT', status: 201, reqBody: absent, resBody: { fidelity: 'lossy', size: 10, reason: 'text contains U+FFFD' } })));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.message).toBe('request body is absent (producer kept no body (1024 bytes declared)); response body is lossy (text contains U+FFFD)');
  });

  it('nothing for exact bodies, zero-size absent bodies, and failed exchanges without a response', () => {
    const noSize: Body = { fidelity: 'absent', size: 0, reason: 'no body recorded and no size declared' };
    const notes = notesOf((t) => {
      t.observe(exchange(0, {}));
      t.observe(exchange(1, { resBody: noSize }));
      t.observe(exchange(2, { status: 0, failed: true, resBody: { fidelity: 'absent', size: 0, reason: 'no response' } }));
    });
    expect(notes).toEqual([]);
  });

  it('an absent body with no declared size but a Content-Length is noted', () => {
    const noSize: Body = { fidelity: 'absent', size: 0, reason: 'producer kept no body (Content-Length 99)' };
    const notes = notesOf((t) => t.observe(exchange(0, { resBody: noSize, resHeaders: [['Content-Length', '99']] })));
    expect(notes.map((n) => n.entry)).toEqual([0]);
  });

  it('does not repeat a note the reader already wrote for the entry', () => {
    const fromReader = { code: 'body-not-exact' as const, message: 'response body truncated (…)', entry: 5 };
    const notes = notesOf((t) => {
      t.note(fromReader);
      t.observe(exchange(5, { resBody: truncated }));
      t.observe(exchange(6, { resBody: truncated }));
    });
    expect(notes.map((n) => [n.entry, n.message])).toEqual([
      [5, 'response body truncated (…)'],
      [6, 'response body is truncated (holds 500 of 1024 declared bytes)'],
    ]);
  });
});
