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
