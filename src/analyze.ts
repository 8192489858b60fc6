import { Readable } from 'node:stream';
import type { Check } from './check.js';
import { createTracker } from './engine/tracker.js';
import { readHar } from './har/index.js';
import type { CaptureNote } from './model/capture.js';
import { clientLabel } from './model/client.js';
import { CardTally } from './report/cards.js';
import type { FileResult } from './report/model.js';
import { createRunner } from './run.js';
import type { SpecVersion } from './spec.js';
import { workflowOf } from './workflow.js';

export interface AnalyzeOptions {
  checks: readonly Check[];
  spec: SpecVersion;
  /** Name shown in findings; defaults to the path. */
  file?: string;
}

/**
 * The whole pipeline for one capture: read (streaming) → track (state machine) → dispatch
 * to checks → one FileResult. Shared by the CLI and the tests, so tests run the real thing.
 */
export async function analyzeCapture(input: string | NodeJS.ReadableStream, options: AnalyzeOptions): Promise<FileResult> {
  const file = options.file ?? (typeof input === 'string' ? input : '<stream>');
  let tracker: ReturnType<typeof createTracker> | undefined;
  const runner = createRunner(options.checks, { spec: options.spec, file, opOf: (at) => tracker?.opOf(at) });
  tracker = createTracker((event) => runner.dispatch(event));
  const notes: CaptureNote[] = [];
  const cards = new CardTally();
  const { items, info } = readHar(input, { file });
  for await (const item of items) {
    if (item.type === 'note') {
      notes.push(item.note);
      tracker.note(item.note);
      continue;
    }
    const op = tracker.observe(item.exchange);
    cards.countExchange(clientLabel(item.exchange.client), workflowOf(op));
  }
  tracker.finish(info);
  const run = runner.finish();
  return {
    capture: info,
    notes,
    findings: run.findings,
    inapplicable: run.inapplicable,
    notEvaluable: run.notEvaluable,
    clients: cards.cardsWith(run.findings),
    ruleErrors: run.ruleErrors,
  };
}

/** Analyzes an in-memory HAR (object or JSON text), e.g. one built by the test builder. */
export function analyzeHarText(har: string | object, options: AnalyzeOptions): Promise<FileResult> {
  const text = typeof har === 'string' ? har : JSON.stringify(har);
  return analyzeCapture(Readable.from([Buffer.from(text)]), { file: '<memory>', ...options });
}
