/** Starts the workspace check in its worker (dist/check-worker.mjs) and turns its messages into a promise. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CheckWorkerCommand, CheckWorkerInput, CheckWorkerMessage } from './check-worker';
import type { CheckProgressParams } from './protocol';
import type { WorkspaceCheckOutcome } from './workspace-check';

/** The worker bundle beside this bundle, or undefined (running from sources: check in-process). */
export function checkWorkerPath(): string | undefined {
  const file = path.join(__dirname, 'check-worker.mjs');
  return fs.existsSync(file) ? file : undefined;
}

export function runCheckWorker(
  file: string,
  input: CheckWorkerInput,
  signal: AbortSignal,
  progress: (p: Omit<CheckProgressParams, 'progressId'>) => void,
  log: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void,
): Promise<WorkspaceCheckOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: input });
    let settled = false;
    const cancel = () => worker.postMessage({ type: 'cancel' } satisfies CheckWorkerCommand);
    // Cancelled before the worker started (while settings were read): the listener would never fire.
    if (signal.aborted) cancel();
    else signal.addEventListener('abort', cancel, { once: true });
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', cancel);
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: CheckWorkerMessage) => {
      switch (m.type) {
        case 'progress': progress(m.progress); break;
        case 'log': log(m.level, m.message); break;
        case 'done': finish(() => resolve({ result: m.result, diagnostics: new Map(m.diagnostics) })); break;
        case 'error': finish(() => reject(new Error(m.message))); break;
      }
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the workspace check stopped (exit ${code})`))));
  });
}
