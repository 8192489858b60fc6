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
