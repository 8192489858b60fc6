import type { ReferrersVerdict } from '../referrers/verdict.js';
import type { Category, Confidence, Level, Severity, Side } from '../check.js';
import type { CaptureInfo, CaptureNote } from '../model/capture.js';
import type { EntryRef } from '../model/exchange.js';
import type { SpecVersion } from '../spec.js';
import type { ArchiveSummary } from '../batch/aggregate.js';

export interface Finding {
  ruleId: string;
  messageId: string;
  /** The interpolated message: what was expected and what was seen. */
  message: string;
  severity: Severity;
  side: Side;
  category: Category;
  level: Level;
  requirements: readonly string[];
  spec: string;
  fix: string;
  confidence: Confidence;
  file: string;
  /** `product/version` from the User-Agent of the primary exchange. */
  client: string;
  /** `pull library/alpine`, `push demo/hello`, `auth`, … */
  workflow: string;
  /** First entry is the exchange the finding is about. */
  evidence: EntryRef[];
}

export interface NotEvaluable {
  ruleId: string;
  reason: string;
  count: number;
  example?: EntryRef;
}

export interface RuleSummary {
  id: string;
  title: string;
  category: Category;
  side: Side;
  level: Level;
  severity: Severity;
  requirements: readonly string[];
  spec: string;
  fix: string;
}

/** What one client did per workflow category, and how each side fared there. */
export interface WorkflowTally {
  category: string;
  exchanges: number;
  /** Findings the client must fix, by severity. */
  client: { errors: number; warnings: number; infos: number };
  /** Findings the registry must fix, by severity, in this client's traffic. */
  registry: { errors: number; warnings: number; infos: number };
}

export interface ClientCard {
  client: string;
  exchanges: number;
  workflows: WorkflowTally[];
}

/** One exchange as the HTML timeline draws it. */
export interface TimelineStep {
  index: number;
  client: string;
  /** `push demo/hello`, `auth`, … */
  workflow: string;
  /** Operation kind (`upload.chunk`, `manifest.get`, …). */
  kind: string;
  method: string;
  url: string;
  status?: number;
  startMs: number;
  /** The headers that matter for OCI (Content-Type, Docker-Content-Digest, Location, Range, …), request then response. */
  headers?: { side: 'request' | 'response'; name: string; value: string }[];
  requestBody?: { size: number; fidelity: string; sha256?: string };
  responseBody?: { size: number; fidelity: string; sha256?: string };
}

export interface FileResult {
  capture: CaptureInfo;
  notes: CaptureNote[];
  findings: Finding[];
  /** Rules none of whose events occurred in this file. */
  inapplicable: string[];
  notEvaluable: NotEvaluable[];
  /** Per client (User-Agent product/version): the report card of what it did and how it fared. */
  clients: ClientCard[];
  /** Rules that threw; the others still ran. */
  ruleErrors: { ruleId: string; message: string }[];
  /** Only when asked for (HTML): the exchanges in replay order, at most TIMELINE_LIMIT. */
  timeline?: TimelineStep[];
  /** Exchanges left out of `timeline` past the limit. */
  timelineOmitted?: number;
  /** Referrers compatibility: the scenario the capture shows per registry, and each party's verdicts. */
  referrers?: ReferrersVerdict[];
}

/** The one result object every formatter renders. */
export interface Report {
  tool: { name: 'oci-har-check'; version: string };
  spec: SpecVersion;
  files: FileResult[];
  rules: RuleSummary[];
  /** Rules not run because the target spec version does not have their requirement. */
  outOfProfile: string[];
  summary: { files: number; entries: number; errors: number; warnings: number; infos: number };
  /** Across all files: per client and per rule (see src/batch/aggregate.ts). */
  archive?: ArchiveSummary;
  /** Inputs that could not be analyzed, with the reason. */
  unusable?: { file: string; message: string }[];
  /** Findings the baseline already accepts, left out of `files`. */
  suppressed?: number;
}
