import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { FileResult, Finding } from '../report/model.js';
import { checksFor, runTask } from './analyze-task.js';
import type { InputFile } from './inputs.js';
import type { FileTask, JobSettings, WorkerMessage } from './protocol.js';

/** Receives a batch's output in input order: each file's findings (as made), then its end. */
export interface BatchSink {
  findings(id: number, findings: Finding[]): void;
  done(id: number, result: FileResult): void;
  /** The file could not be analyzed: bad input (`code`) or a bug of ours (INTERNAL). */
  failed(id: number, message: string, code: ErrorCode, stack?: string): void;
  /** Progress, in any order: bytes of HAR text read so far in file `id`. */
  bytes?(id: number, bytes: number): void;
}

/** The compiled worker, also when the pool itself runs from sources (vitest). */
const WORKER_SCRIPT = join(PACKAGE_ROOT, 'dist', 'src', 'batch', 'worker.js');

/*
 * No resourceLimits on workers: measured on the 2,000-capture batch, any explicit heap limit
 * (even a generous one) made V8 size its heap conservatively and cost about 15% of throughput.
 */

/**
 * Releases messages in input order: the head file's messages pass at once (streaming), later
 * files' wait until every earlier file has ended. Holds only what has not been released.
 */
export class InOrder {
  private head = 0;
  private readonly held = new Map<number, WorkerMessage[]>(); // bounded: files in flight, at most the job count ahead

  constructor(private readonly sink: BatchSink) {}

  accept(message: WorkerMessage): void {
    if (message.type === 'bytes') {
      this.sink.bytes?.(message.id, message.bytes);
      return;
    }
    if (message.id !== this.head) {
      const list = this.held.get(message.id) ?? [];
      list.push(message);
      this.held.set(message.id, list);
      return;
    }
    this.release(message);
    while (this.ended(message)) {
      const next = this.held.get(this.head);
      if (!next) return;
      this.held.delete(this.head);
      let ended = false;
      for (const m of next) {
        this.release(m);
        ended ||= this.ended(m);
      }
      if (!ended) {
        // the new head is still running: its later messages arrive with id === head
        return;
      }
    }
  }

  private ended(message: WorkerMessage): boolean {
    return message.type === 'done' || message.type === 'unusable' || message.type === 'crashed';
  }

  private release(message: WorkerMessage): void {
    switch (message.type) {
      case 'findings':
        this.sink.findings(message.id, message.findings);
        return;
      case 'done':
        this.head++;
        this.sink.done(message.id, message.result);
        return;
      case 'unusable':
        this.head++;
        this.sink.failed(message.id, message.message, message.code);
        return;
      case 'crashed':
        this.head++;
        this.sink.failed(message.id, message.message, 'INTERNAL', message.stack);
        return;
      default:
        return;
    }
  }
}

/**
 * Analyzes `files` with `jobs` worker threads (the main thread itself when jobs is 1, and for
 * stdin, which only the main thread can read), delivering to `sink` in input order.
 */
export async function runBatch(files: readonly InputFile[], settings: JobSettings, jobs: number, sink: BatchSink): Promise<void> {
  const order = new InOrder(sink);
  const tasks: FileTask[] = files.map((f, id) => ({ id, path: f.path, display: f.display }));
  // One file (or one job): the main thread, with no worker to start and no second heap.
  const alone = jobs <= 1 || tasks.length <= 1;
  const inline = alone ? tasks : tasks.filter((t) => t.path === '-');
  const pooled = alone ? [] : tasks.filter((t) => t.path !== '-');
  const work: Promise<void>[] = [];
  if (inline.length > 0) {
    const checks = checksFor(settings);
    work.push(
      (async () => {
        for (const task of inline) await runTask(task, settings, checks, (m) => order.accept(m));
      })(),
    );
  }
  if (pooled.length > 0) work.push(runPooled(pooled, settings, Math.min(jobs, pooled.length), (m) => order.accept(m)));
  await Promise.all(work);
}

/** Tasks given to a worker ahead of the one it runs, so it never waits for the main thread. */
const QUEUE_DEPTH = 2;

function runPooled(tasks: FileTask[], settings: JobSettings, jobs: number, accept: (m: WorkerMessage) => void): Promise<void> {
  return new Promise((resolve) => {
    let next = 0;
    let running = 0;
    const start = () => {
      const worker = new Worker(WORKER_SCRIPT, { workerData: settings });
      running++;
      // The worker's tasks in the order it runs them; the first is the one in progress.
      const assigned: FileTask[] = [];
      const feed = () => {
        while (assigned.length < QUEUE_DEPTH && next < tasks.length) {
          const task = tasks[next++]!;
          assigned.push(task);
          worker.postMessage(task);
        }
        if (assigned.length === 0) void worker.terminate();
      };
      worker.on('message', (m: WorkerMessage) => {
        accept(m);
        if (m.type === 'done' || m.type === 'unusable' || m.type === 'crashed') {
          assigned.shift();
          feed();
        }
      });
      // A worker that dies (out of memory, a crash outside runTask) fails the file it was on;
      // the files queued behind it go back to the pool, and a fresh worker takes over.
      let death: Error | undefined;
      worker.on('error', (error: Error) => {
        death = error;
      });
      worker.on('exit', () => {
        running--;
        const [current, ...queued] = assigned.splice(0, assigned.length);
        if (current) accept({ type: 'crashed', id: current.id, message: death ? workerDeath(death) : 'the worker analyzing it stopped unexpectedly', stack: death?.stack });
        if (queued.length > 0) {
          // put them back at the front, in order, so the pool's order is kept
          tasks.splice(next, 0, ...queued);
        }
        if (next < tasks.length && (current || queued.length > 0)) start();
        if (running === 0 && next >= tasks.length) resolve();
      });
      feed();
    };
    for (let i = 0; i < jobs; i++) start();
  });
}

function workerDeath(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return 'analysis ran out of memory';
  return error.message;
}
