import type { Category, Confidence, Level, Severity, Side } from '../check.js';
import type { CaptureInfo, CaptureNote } from '../model/capture.js';
import type { EntryRef } from '../model/exchange.js';
import type { SpecVersion } from '../spec.js';

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

export interface FileResult {
  capture: CaptureInfo;
  notes: CaptureNote[];
  findings: Finding[];
  /** Rules none of whose events occurred in this file. */
  inapplicable: string[];
  notEvaluable: NotEvaluable[];
  /** Clients (User-Agent product/version) seen, with their exchange counts. */
  clients: { client: string; exchanges: number }[];
  /** Rules that threw; the others still ran. */
  ruleErrors: { ruleId: string; message: string }[];
}

/** The one result object every formatter renders. */
export interface Report {
  tool: { name: 'oci-har-check'; version: string };
  spec: SpecVersion;
  files: FileResult[];
  rules: RuleSummary[];
  summary: { files: number; entries: number; errors: number; warnings: number; infos: number };
}
