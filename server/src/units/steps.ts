/**
 * Work split into steps (a generator that yields between pieces): the CLI runs it at once, the
 * editor in slices of a few milliseconds, so rendering a 200-template chart never holds up a
 * hover or a keystroke.
 */
import type { Steps } from './types';

/** Runs every step now. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Thrown by runInSlices when its signal aborts. */
export class StepsCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'StepsCancelled';
  }
}

/**
 * Runs the steps in slices of at most about `sliceMs`, letting the event loop run between slices
 * (setImmediate: queued messages and timers go first). Rejects with StepsCancelled once the signal aborts.
 */
export async function runInSlices<T>(steps: Steps<T>, options: { sliceMs?: number; signal?: AbortSignal } = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? 8;
  let sliceStart = performance.now();
  for (;;) {
    if (options.signal?.aborted) {
      steps.return(undefined as never);
      throw new StepsCancelled();
    }
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

/** Steps that do `fn` in one piece. */
// eslint-disable-next-line require-yield -- a Steps with no pause: callers drive every unit's work the same way.
export function* oneStep<T>(fn: () => T): Steps<T> {
  return fn();
}
