import type { Body } from '../model/body.js';
import type { JsonBody } from './events.js';

/** Reads a small body as JSON without ever throwing; large or inexact bodies are "not evaluable". */
export function readJsonBody(body: Body): JsonBody {
  if (body.fidelity !== 'exact' && body.fidelity !== 'redacted') {
    return { kind: 'not-evaluable', reason: `body is ${body.fidelity}${body.reason ? ` (${body.reason})` : ''}` };
  }
  if (body.text === undefined) {
    if (body.size === 0) return { kind: 'empty' };
    return { kind: 'not-evaluable', reason: 'body too large to keep or not text' };
  }
  if (body.text.trim() === '') return { kind: 'empty' };
  try {
    return { kind: 'json', value: JSON.parse(body.text) as unknown };
  } catch (error) {
    return { kind: 'invalid', error: error instanceof Error ? error.message : String(error) };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `manifests` array of a referrers answer, or why it cannot be judged: rules about the
 * entries say "not evaluable" with this reason (the shape itself is discovery/referrers-response's).
 */
export function referrersEntries(body: JsonBody): { entries: unknown[] } | { notEvaluable: string } {
  if (body.kind !== 'json') return { notEvaluable: body.kind === 'not-evaluable' ? body.reason : 'the referrers body is not JSON' };
  if (!isRecord(body.value) || !Array.isArray(body.value.manifests)) return { notEvaluable: 'the referrers body is not an index with a manifests array (see discovery/referrers-response)' };
  return { entries: body.value.manifests };
}
