import type { HarInputErrorCode } from '../har/errors.js';
import type { FileResult, Finding } from '../report/model.js';
import type { SpecVersion } from '../spec.js';

/** What every analysis of a run shares: sent once to each worker. */
export interface JobSettings {
  ruleIds: string[];
  spec: SpecVersion;
  timeline: boolean;
}

/** One file to analyze; `id` is its position in the input list. */
export interface FileTask {
  id: number;
  path: string;
  display: string;
}

/** Findings travel in batches of this many: per-message cost vanishes, latency stays low. */
export const FINDING_BATCH = 256;

export type WorkerMessage =
  | { type: 'findings'; id: number; findings: Finding[] }
  | { type: 'bytes'; id: number; bytes: number }
  /** `result.findings` is empty: the findings came before, in batches. */
  | { type: 'done'; id: number; result: FileResult }
  /** The file cannot be analyzed (HarInputError): one line for the user. */
  | { type: 'unusable'; id: number; message: string; code: HarInputErrorCode }
  /** A bug of ours: the message for the internal-error line. */
  | { type: 'crashed'; id: number; message: string; stack?: string };
