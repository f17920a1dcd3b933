/**
 * Gives memory back after a burst (a workspace check walks hundreds of files): a full collection
 * lets V8 release the pages the burst used, so an idle editor's server stays small. `gc` is
 * exposed at run time, so this works whatever flags the server was started with.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let collect: (() => void) | null | undefined;

export function releaseMemory(): void {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null; // not available here: V8 will shrink the heap on its own schedule
    }
  }
  collect?.();
}

/**
 * Keeps a long batch's heap near what it really holds. V8 lets the old generation grow well past
 * its live data before a full collection (the more so, the bigger the heap): a worker rendering
 * every chart of a workspace grew to twice what it held, pages the process kept until the worker
 * ended. `check`, called between the batch's steps, collects once the heap has grown by `slackMb`
 * since the last collection; each collection costs about a millisecond per live megabyte, and with
 * a slack of tens of megabytes they are a few per build.
 */
export function heapKeeper(slackMb: number): { check(): void } {
  const slack = slackMb * 1024 * 1024;
  let ceiling = v8.getHeapStatistics().used_heap_size + slack;
  return {
    check() {
      if (v8.getHeapStatistics().used_heap_size < ceiling) return;
      releaseMemory();
      ceiling = v8.getHeapStatistics().used_heap_size + slack;
    },
  };
}
