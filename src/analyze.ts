import { Readable } from 'node:stream';
import type { Check } from './check.js';
import { createTracker } from './engine/tracker.js';
import { readHar } from './har/index.js';
import type { CaptureNote } from './model/capture.js';
import type { Exchange } from './model/exchange.js';
import { clientLabel } from './model/client.js';
import { CardTally } from './report/cards.js';
import type { FileResult, Finding, TimelineStep } from './report/model.js';
import { ReferrersObserver } from './referrers/observe.js';
import { judgeReferrers, REFERRERS_RULES } from './referrers/verdict.js';
import { createRunner } from './run.js';
import type { SpecVersion } from './spec.js';
import { workflowOf } from './workflow.js';

export interface AnalyzeOptions {
  checks: readonly Check[];
  spec: SpecVersion;
  /** Name shown in findings; defaults to the path. */
  file?: string;
  /** Keep the exchange sequence for the HTML timeline (bounded by TIMELINE_LIMIT). */
  timeline?: boolean;
  /** Streams findings as they are made; the result's `findings` is then empty and its cards count exchanges only. */
  onFinding?: (finding: Finding) => void;
  /** Entries held to replay in start order (default 64); a live feed uses 0 to report at once. */
  reorderWindow?: number;
  /** Called after each chunk read, with the bytes of HAR text read so far. */
  onBytes?: (bytes: number) => void;
}

/** Exchanges a file's timeline keeps; the rest are counted, so memory stays bounded. */
export const TIMELINE_LIMIT = 5000;
/** Findings of referrers rules kept for the scenario verdict when findings stream. */
const MAX_REFERRERS_FINDINGS = 1000;

/** Headers the HTML evidence shows (credentials never: a report may be shared). */
const EVIDENCE_HEADERS = ['content-type', 'content-length', 'content-range', 'range', 'accept', 'location', 'docker-content-digest', 'oci-subject', 'oci-chunk-min-length', 'oci-filters-applied', 'www-authenticate', 'link'];

function evidenceOf(ex: Exchange): Pick<TimelineStep, 'headers' | 'requestBody' | 'responseBody'> {
  const headers: NonNullable<TimelineStep['headers']> = [];
  for (const [side, map] of [['request', ex.request.headers], ['response', ex.response.headers]] as const) {
    for (const name of EVIDENCE_HEADERS) {
      const value = map.get(name);
      if (value !== undefined) headers.push({ side, name, value: value.slice(0, 200) });
    }
  }
  const body = (b: Exchange['request']['body']) => (b.sha256 !== undefined ? { size: b.size, fidelity: b.fidelity, sha256: b.sha256 } : { size: b.size, fidelity: b.fidelity });
  return { headers, requestBody: body(ex.request.body), responseBody: body(ex.response.body) };
}

/**
 * The whole pipeline for one capture: read (streaming) → track (state machine) → dispatch
 * to checks → one FileResult. Shared by the CLI and the tests, so tests run the real thing.
 */
export async function analyzeCapture(input: string | NodeJS.ReadableStream, options: AnalyzeOptions): Promise<FileResult> {
  const file = options.file ?? (typeof input === 'string' ? input : '<stream>');
  let tracker: ReturnType<typeof createTracker> | undefined;
  // When findings stream away, the referrers verdict keeps the few it links to (bounded).
  const referrersFindings: Finding[] = [];
  const streamed = options.onFinding;
  const onFinding = streamed
    ? (finding: Finding) => {
        if (REFERRERS_RULES.has(finding.ruleId) && referrersFindings.length < MAX_REFERRERS_FINDINGS) referrersFindings.push(finding);
        streamed(finding);
      }
    : undefined;
  const runner = createRunner(options.checks, { spec: options.spec, file, opOf: (at) => tracker?.opOf(at), onFinding });
  const referrers = new ReferrersObserver();
  tracker = createTracker((event) => {
    runner.dispatch(event);
    if (ReferrersObserver.wants(event.type)) referrers.handle(event);
  });
  const notes: CaptureNote[] = [];
  const cards = new CardTally();
  const timeline: TimelineStep[] | undefined = options.timeline ? [] : undefined;
  let timelineOmitted = 0;
  let bytesSeen = 0;
  // Each item is handled as the reader lets it go (see ReadOptions.onItem): short-lived objects.
  const { items, info } = readHar(input, {
    file,
    ...(options.reorderWindow !== undefined ? { reorderWindow: options.reorderWindow } : {}),
    onItem(item) {
      if (options.onBytes && info.bytes !== bytesSeen) options.onBytes((bytesSeen = info.bytes));
      if (item.type === 'note') {
        notes.push(item.note);
        tracker!.note(item.note);
        return;
      }
      const op = tracker!.observe(item.exchange);
      const ex = item.exchange;
      cards.countExchange(clientLabel(ex.client), workflowOf(op));
      if (timeline) {
        if (timeline.length >= TIMELINE_LIMIT) timelineOmitted++;
        else {
          const step: TimelineStep = { index: ex.index, client: clientLabel(ex.client), workflow: workflowOf(op), kind: op?.kind ?? 'unknown', method: ex.request.method, url: ex.request.rawUrl.slice(0, 300), startMs: ex.startMs, ...evidenceOf(ex) };
          if (!ex.failed) step.status = ex.response.status;
          timeline.push(step);
        }
      }
    },
  });
  for await (const _ of items) {
    // everything was handled in onItem
  }
  tracker.finish(info);
  const run = runner.finish();
  const result: FileResult = {
    capture: info,
    notes,
    findings: run.findings,
    inapplicable: run.inapplicable,
    notEvaluable: run.notEvaluable,
    clients: cards.cardsWith(run.findings),
    ruleErrors: run.ruleErrors,
  };
  const verdicts = referrers.results().flatMap((facts) => judgeReferrers(facts, streamed ? referrersFindings : run.findings) ?? []);
  if (verdicts.length) result.referrers = verdicts;
  if (timeline) {
    result.timeline = timeline;
    if (timelineOmitted) result.timelineOmitted = timelineOmitted;
  }
  return result;
}

/** Analyzes an in-memory HAR (object or JSON text), e.g. one built by the test builder. */
export function analyzeHarText(har: string | object, options: AnalyzeOptions): Promise<FileResult> {
  const text = typeof har === 'string' ? har : JSON.stringify(har);
  return analyzeCapture(Readable.from([Buffer.from(text)]), { file: '<memory>', ...options });
}
