import type { Handlers, OperationEvent } from '../engine/events.js';
import type { OperationKind } from './operation.js';

/** Every operation kind, so a rule that must see every exchange (what a client did next) can subscribe to all. */
const KINDS: Record<OperationKind, true> = {
  base: true,
  'manifest.get': true,
  'manifest.head': true,
  'manifest.put': true,
  'manifest.delete': true,
  'blob.get': true,
  'blob.head': true,
  'blob.delete': true,
  'upload.start': true,
  'upload.mount': true,
  'upload.chunk': true,
  'upload.close': true,
  'upload.status': true,
  'upload.cancel': true,
  'tags.list': true,
  'referrers.list': true,
  catalog: true,
  extensions: true,
  token: true,
  'redirect-target': true,
  'unknown-v2': true,
  unknown: true,
};

export const OPERATION_KINDS = Object.keys(KINDS) as OperationKind[];

/**
 * `op:<kind>` event names, built once: a name built per exchange would be a fresh string
 * whose hash the runner's subscriber lookup must compute every time.
 */
export const OPERATION_EVENT = Object.fromEntries(OPERATION_KINDS.map((k) => [k, `op:${k}`])) as { [K in OperationKind]: `op:${K}` };

/** Handlers that call `fn` for every classified exchange, whatever its kind. */
export function onEveryOperation(fn: (event: OperationEvent) => void): Handlers {
  const handlers: Record<string, (event: OperationEvent) => void> = {};
  for (const kind of OPERATION_KINDS) handlers[OPERATION_EVENT[kind]] = fn;
  return handlers as Handlers;
}
