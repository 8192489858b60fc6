import { parentPort, workerData } from 'node:worker_threads';
import { checksFor, runTask } from './analyze-task.js';
import type { FileTask, JobSettings, WorkerMessage } from './protocol.js';

// A worker analyzes the files the pool hands it, one at a time; checks load once per worker.
const settings = workerData as JobSettings;
const checks = checksFor(settings);
const port = parentPort!;
// Tasks queue here, one analysis at a time: the pool keeps a second task waiting so the
// worker never idles for a round trip to the main thread between files.
let queue: Promise<void> = Promise.resolve();
port.on('message', (task: FileTask) => {
  queue = queue.then(() => runTask(task, settings, checks, (message: WorkerMessage) => port.postMessage(message)));
});
