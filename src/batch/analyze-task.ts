import { checks as allChecks } from '../../checks/index.js';
import { analyzeCapture } from '../analyze.js';
import type { Check } from '../check.js';
import { HarInputError } from '../har/index.js';
import type { Finding } from '../report/model.js';
import { FINDING_BATCH, type FileTask, type JobSettings, type WorkerMessage } from './protocol.js';

/** Bytes between two progress messages: often enough for a live ETA, rare enough to cost nothing. */
const BYTES_STEP = 16 * 1024 * 1024;

export function checksFor(settings: JobSettings): Check[] {
  const wanted = new Set(settings.ruleIds);
  return allChecks.filter((c) => wanted.has(c.meta.id));
}

/**
 * Analyzes one file and reports through `post`, the same way in a worker thread and in the
 * main thread (--jobs 1): findings in batches as they are made, then the result.
 */
export async function runTask(task: FileTask, settings: JobSettings, checks: readonly Check[], post: (message: WorkerMessage) => void): Promise<void> {
  let batch: Finding[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    post({ type: 'findings', id: task.id, findings: batch });
    batch = [];
  };
  let nextBytes = BYTES_STEP;
  try {
    const result = await analyzeCapture(task.path === '-' ? process.stdin : task.path, {
      checks,
      spec: settings.spec,
      file: task.display,
      timeline: settings.timeline,
      onFinding(finding) {
        batch.push(finding);
        if (batch.length >= FINDING_BATCH) flush();
      },
      onBytes(bytes) {
        if (bytes < nextBytes) return;
        nextBytes = bytes + BYTES_STEP;
        post({ type: 'bytes', id: task.id, bytes });
      },
    });
    flush();
    post({ type: 'done', id: task.id, result });
  } catch (error) {
    flush();
    if (error instanceof HarInputError) post({ type: 'unusable', id: task.id, message: error.message, code: error.code });
    else post({ type: 'crashed', id: task.id, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
  }
}
