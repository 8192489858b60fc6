import type { Handlers } from './engine/events.js';
import type { EntryRef, Exchange } from './model/exchange.js';
import { DEFAULT_SPEC, SPEC_VERSIONS, type SpecVersion } from './spec.js';

export type Severity = 'error' | 'warning' | 'info';
/** Who must change to fix it. `capture` = the capture itself (tool limits, damage). */
export type Side = 'client' | 'registry' | 'capture';
export type Category = 'auth' | 'pull' | 'push' | 'discovery' | 'management' | 'general' | 'capture';
/** RFC 2119 strength of the requirement; `heuristic` = interop advice, not a spec keyword. */
export type Level = 'MUST' | 'MUST NOT' | 'SHOULD' | 'SHOULD NOT' | 'MAY' | 'heuristic';
/** observed: the capture shows it; inferred: deduced from what happened next. */
export type Confidence = 'observed' | 'inferred';

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** MUST → error, SHOULD → warning, MAY/heuristic → info. */
export function severityForLevel(level: Level): Severity {
  if (level === 'MUST' || level === 'MUST NOT') return 'error';
  if (level === 'SHOULD' || level === 'SHOULD NOT') return 'warning';
  return 'info';
}

export interface CheckMeta<M extends string = string> {
  /** `category/topic`, equal to the file path under checks/. */
  id: `${Category}/${string}`;
  /** States the requirement: "Upload session start returns a Location header". */
  title: string;
  category: Category;
  side: Side;
  level: Level;
  /** Default severity; derived from `level` unless stated. */
  severity?: Severity;
  /** Requirement ids from the spec digest (e.g. CHUNK-05). */
  requirements: readonly string[];
  /** Pinned link to the section that states the requirement. */
  spec: string;
  /** Spec versions the check applies to; all when omitted. */
  versions?: readonly SpecVersion[];
  /**
   * Strength where it differs from `level` in some version (Docker-Content-Digest: SHOULD
   * through 1.1.1, MUST on main → `{ main: 'MUST' }`). Drives the default severity and the
   * level a finding reports for the target version.
   */
  levels?: Partial<Record<SpecVersion, Level>>;
  /** One line: how to fix a violation. */
  fix: string;
  messages: Record<M, string>;
}

export interface ReportDescriptor<M extends string> {
  messageId: M;
  /** The exchange the finding is about (first evidence). */
  at: Exchange | EntryRef;
  data?: Record<string, string | number | undefined>;
  /** Other exchanges that are evidence (the challenge before a retry, the POST of a session, …). */
  related?: readonly (Exchange | EntryRef | undefined)[];
  confidence?: Confidence;
  /** Override the default severity (e.g. SHOULD on 1.1.1, MUST on main). */
  severity?: Severity;
}

export interface CheckContext<M extends string> {
  /** Target spec version of this run. */
  readonly spec: SpecVersion;
  /** The requirement's strength in the target version (`levels[spec] ?? level`). */
  readonly level: Level;
  /** Default severity of this run's findings, from `level` for the target version. */
  readonly severity: Severity;
  report(descriptor: ReportDescriptor<M>): void;
  /** The check applied but the capture lacks what it needs (bytes, headers): say why. */
  notEvaluable(reason: string, at?: Exchange | EntryRef): void;
}

export interface Check<M extends string = string> {
  meta: CheckMeta<M>;
  create(ctx: CheckContext<M>): Handlers;
}

/** Identity function that gives `create` typed message ids (typescript-eslint's createRule). */
export function defineCheck<M extends string>(check: Check<M>): Check<M> {
  return check;
}

/** The requirement's strength in `spec` (the default target when omitted). */
export function levelAt(meta: CheckMeta, spec: SpecVersion = DEFAULT_SPEC): Level {
  return meta.levels?.[spec] ?? meta.level;
}

/** Default severity in `spec`: an explicit `severity` wins unless `levels` names that version. */
export function checkSeverity(meta: CheckMeta, spec: SpecVersion = DEFAULT_SPEC): Severity {
  const versioned = meta.levels?.[spec];
  if (versioned) return severityForLevel(versioned);
  return meta.severity ?? severityForLevel(meta.level);
}

/** "1.0.1 —, 1.1.0 SHOULD, 1.1.1 SHOULD, main MUST": the rule across every profile (— = not in it). */
export function strengthByVersion(meta: CheckMeta): string {
  return SPEC_VERSIONS.map((v) => `${v} ${meta.versions && !meta.versions.includes(v) ? '—' : levelAt(meta, v)}`).join(', ');
}
