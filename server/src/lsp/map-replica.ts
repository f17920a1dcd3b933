/**
 * The workspace image map as the editor's worker threads see it. The map's truth is on the server's
 * main thread (lsp/workspace-images.ts); each worker that analyses (documents, charts) holds a
 * replica, fed every change of a file's facts in the order they happen, before any analysis request
 * sent after that change (a worker's messages arrive in order). So an analysis in a worker reads the
 * same facts the main thread's snapshot of that moment holds — the one hovers and code actions read —
 * without the whole map crossing threads on every keystroke: the map crosses once when a worker
 * starts, then only the files that change.
 */
import { LineIndex } from '../core/text';
import { WorkspaceImageMap, type FileFacts, type ImageIndex } from '../imagemap';

/** One file's facts (undefined: the file tells the map nothing, or is gone), as they cross threads. */
export type FactsChange = [file: string, facts: FileFacts | undefined];

/**
 * Facts after a structured clone: plain data but for the line index, whose class (and methods) the
 * clone drops. Its fields are kept, so the prototype is put back instead of indexing the text again.
 */
export function revivedFacts(facts: FileFacts): FileFacts {
  if (!(facts.lines instanceof LineIndex)) Object.setPrototypeOf(facts.lines, LineIndex.prototype);
  return facts;
}

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
