import { checkSeverity, levelAt, type Check, type CheckContext, type ReportDescriptor } from './check.js';
import type { EventType, Handlers, OciEvent, OperationEvent } from './engine/events.js';
import { clientLabel } from './model/client.js';
import { entryRef, type EntryRef, type Exchange } from './model/exchange.js';
import type { Operation } from './oci/operation.js';
import type { Finding, NotEvaluable } from './report/model.js';
import { pinSpecLink, type SpecVersion } from './spec.js';
import { workflowOf } from './workflow.js';

type AnyHandler = (event: never) => void;

/** Per check, shared by its handlers: flags instead of set lookups on every delivery. */
interface CheckState {
  applied: boolean;
  failed: boolean;
}

interface Subscriber {
  check: Check;
  state: CheckState;
  handler: AnyHandler;
}

export interface RunResult {
  findings: Finding[];
  inapplicable: string[];
  notEvaluable: NotEvaluable[];
  ruleErrors: { ruleId: string; message: string }[];
}

export interface Runner {
  dispatch(event: OciEvent | OperationEvent): void;
  finish(): RunResult;
}

export interface RunnerOptions {
  spec: SpecVersion;
  file: string;
  /** The operation the engine settled on for an exchange (for the finding's workflow). */
  opOf(at: Exchange): Operation | undefined;
  /** Hands each finding over as it is made instead of keeping it (streaming output, bounded memory). */
  onFinding?: (finding: Finding) => void;
}

function isExchange(value: Exchange | EntryRef): value is Exchange {
  return 'request' in value;
}

/**
 * One pass, many subscribers (ESLint's SourceCodeVisitor): every check's handlers go into
 * one Map keyed by event type, so each event is delivered once to exactly its subscribers.
 * A check that throws is recorded and silenced; the others keep running.
 */
export function createRunner(checks: readonly Check[], options: RunnerOptions): Runner {
  const subscribers = new Map<string, Subscriber[]>();
  const applied = new Set<string>();
  const failed = new Map<string, string>();
  const findings: Finding[] = [];
  const notEvaluable = new Map<string, NotEvaluable>();

  for (const check of checks) {
    // A rule for a requirement the target version lacks never runs, whoever picked the checks.
    if (check.meta.versions && !check.meta.versions.includes(options.spec)) continue;
    const ctx = contextFor(check);
    let handlers: Handlers;
    try {
      handlers = check.create(ctx);
    } catch (error) {
      failed.set(check.meta.id, errorMessage(error));
      continue;
    }
    const state: CheckState = { applied: false, failed: false };
    for (const [type, handler] of Object.entries(handlers)) {
      if (typeof handler !== 'function') continue;
      const list = subscribers.get(type) ?? [];
      list.push({ check, state, handler: handler as AnyHandler });
      subscribers.set(type, list);
    }
  }

  function contextFor(check: Check): CheckContext<string> {
    const meta = check.meta;
    return {
      spec: options.spec,
      level: levelAt(meta, options.spec),
      severity: checkSeverity(meta, options.spec),
      report(descriptor: ReportDescriptor<string>) {
        applied.add(meta.id);
        const finding = toFinding(check, descriptor);
        if (options.onFinding) options.onFinding(finding);
        else findings.push(finding);
      },
      notEvaluable(reason: string, at?: Exchange | EntryRef) {
        applied.add(meta.id);
        const key = `${meta.id}\u0000${reason}`;
        const seen = notEvaluable.get(key);
        if (seen) seen.count++;
        else {
          const item: NotEvaluable = { ruleId: meta.id, reason, count: 1 };
          if (at) item.example = isExchange(at) ? entryRef(at) : at;
          notEvaluable.set(key, item);
        }
      },
    };
  }

  function toFinding(check: Check, d: ReportDescriptor<string>): Finding {
    const meta = check.meta;
    const primary = isExchange(d.at) ? entryRef(d.at) : d.at;
    const evidence: EntryRef[] = [primary];
    for (const rel of d.related ?? []) {
      if (!rel) continue;
      const ref = isExchange(rel) ? entryRef(rel) : rel;
      if (!evidence.some((e) => e.index === ref.index)) evidence.push(ref);
    }
    const template = meta.messages[d.messageId] ?? d.messageId;
    return {
      ruleId: meta.id,
      messageId: d.messageId,
      message: interpolate(template, d.data ?? {}),
      severity: d.severity ?? checkSeverity(meta, options.spec),
      side: meta.side,
      category: meta.category,
      level: levelAt(meta, options.spec),
      requirements: meta.requirements,
      spec: pinSpecLink(meta.spec, options.spec),
      fix: meta.fix,
      confidence: d.confidence ?? 'observed',
      file: options.file,
      client: isExchange(d.at) ? clientLabel(d.at.client) : '(capture file)',
      workflow: isExchange(d.at) ? workflowOf(options.opOf(d.at)) : 'capture',
      evidence,
    };
  }

  return {
    dispatch(event) {
      const list = subscribers.get(event.type as EventType);
      if (!list) return;
      // Delivery of an endpoint- or workflow-specific event means the check applied.
      const applies = event.type !== 'capture.end' && event.type !== 'capture.noted';
      for (const { check, state, handler } of list) {
        if (state.failed) continue;
        if (applies && !state.applied) {
          state.applied = true;
          applied.add(check.meta.id);
        }
        try {
          (handler as (e: unknown) => void)(event);
        } catch (error) {
          state.failed = true;
          failed.set(check.meta.id, errorMessage(error));
        }
      }
    },
    finish() {
      return {
        findings,
        // Capture checks judge the file itself, which every run has: they always apply.
        inapplicable: checks
          .filter((c) => c.meta.category !== 'capture')
          .map((c) => c.meta.id)
          .filter((id) => !applied.has(id) && !failed.has(id)),
        notEvaluable: [...notEvaluable.values()],
        ruleErrors: [...failed].map(([ruleId, message]) => ({ ruleId, message })),
      };
    },
  };
}

/** ESLint-style `{{name}}` placeholders; unknown names stay visible rather than vanish. */
export function interpolate(template: string, data: Record<string, string | number | undefined>): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const value = data[name];
    return value === undefined ? whole : String(value);
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
