import { analyzeHarText } from '../../src/analyze.js';
import { defineCheck, type Check } from '../../src/check.js';
import type { EventType, Handlers, OciEvent } from '../../src/engine/events.js';
import { DEFAULT_SPEC } from '../../src/spec.js';

const EVENT_TYPES: EventType[] = [
  'auth.challenged', 'auth.token-requested', 'auth.token-issued', 'auth.retried', 'auth.token-used',
  'redirect.followed', 'manifest.pulled', 'manifest.pushed', 'manifest.deleted', 'content.requested-after-delete', 'content.stored', 'content.missing-after-store',
  'manifest.refused',
  'blob.pulled', 'blob.checked', 'blob.deleted', 'upload.started', 'upload.created-without-session',
  'upload.chunk-sent', 'upload.status-checked', 'upload.closed', 'upload.cancelled', 'upload.unknown-session',
  'upload.location-used', 'upload.abandoned', 'tags.listed', 'referrers.listed', 'error.returned',
  'capture.noted', 'capture.end',
];

/** Runs the real pipeline with a check that records every fact the state machine emits. */
export async function trackEvents(harDoc: object | string): Promise<OciEvent[]> {
  const events: OciEvent[] = [];
  const handlers: Handlers = {};
  for (const type of EVENT_TYPES) (handlers as Record<string, (e: OciEvent) => void>)[type] = (e) => events.push(e);
  const spy: Check = defineCheck({
    meta: {
      id: 'capture/spy', title: 'spy', category: 'capture', side: 'capture', level: 'heuristic',
      requirements: ['HAR-01'], spec: 'https://example.test/#spy', fix: '', messages: {},
    },
    create: () => handlers,
  });
  await analyzeHarText(harDoc, { checks: [spy], spec: DEFAULT_SPEC });
  return events;
}

/** `type@entry` strings, compact to compare sequences. */
export function sequence(events: OciEvent[]): string[] {
  return events
    .filter((e) => e.type !== 'capture.end' && e.type !== 'capture.noted')
    .map((e) => ('at' in e ? `${e.type}@${e.at.index}` : e.type));
}
