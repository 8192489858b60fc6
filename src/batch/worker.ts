import { parentPort, workerData } from 'node:worker_threads';
import { checksFor, runTask } from './analyze-task.js';
import type { FileTask, JobSettings, WorkerMessage } from './protocol.js';

// A worker analyzes the files the pool hands it, one at a time; checks load once per worker.
const settings = workerData as JobSettings;
const checks = checksFor(settings);
const port = parentPort!;
port.on('message', (task: FileTask) => {
  void runTask(task, settings, checks, (message: WorkerMessage) => port.postMessage(message));
});
