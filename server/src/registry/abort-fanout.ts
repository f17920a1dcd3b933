/**
 * One `abort` listener per caller signal, however many look-ups wait on it: a check resolving a
 * workspace's images hands the same signal to every look-up, and a listener each made Node warn
 * "MaxListenersExceededWarning … 11 abort listeners added to [AbortSignal]" on every Check Workspace.
 */
const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `onAbort` once when `signal` aborts; the returned function unsubscribes. */
export function whenAborted(signal: AbortSignal, onAbort: () => void): () => void {
  if (signal.aborted) {
    queueMicrotask(onAbort); // its abort event is over: say it now, as a listener would have heard
    return () => undefined;
  }
  let set = subscribers.get(signal);
  if (!set) {
    const fresh = new Set<() => void>();
    set = fresh;
    subscribers.set(signal, fresh);
    signal.addEventListener('abort', () => {
      subscribers.delete(signal);
      for (const fn of [...fresh]) fn();
    }, { once: true });
  }
  set.add(onAbort);
  const current = set;
  return () => { current.delete(onAbort); };
}
