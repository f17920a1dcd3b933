/**
 * The workspace image map as the editor's worker threads see it. The map's truth is on the server's
 * main thread (lsp/workspace-images.ts); each worker that analyses (documents, charts) holds a
 * replica, fed every change of a file's facts in the order they happen, before any analysis request
 * sent after that change (a worker's messages arrive in order). So an analysis in a worker reads the
 * same facts the main thread's snapshot of that moment holds — the one hovers and code actions read —
 * without the whole map crossing threads on every keystroke: the map crosses once when a worker
 * starts, then only the files that change.
 */
import { WorkspaceImageMap, type ImageIndex } from '../imagemap';
import { revivedFacts, type FactsChange } from '../imagemap/crossing';

/** A worker's copy of the map. */
export class MapReplica {
  private readonly map = new WorkspaceImageMap();

  /** `reset`: the changes are the whole map (a worker that starts, or starts again). */
  apply(changes: readonly FactsChange[], reset = false): void {
    if (reset) for (const file of this.map.files()) this.map.set(file, undefined);
    for (const [file, facts] of changes) this.map.set(file, facts ? revivedFacts(facts) : undefined);
  }

  get images(): ImageIndex {
    return this.map.images;
  }
}
