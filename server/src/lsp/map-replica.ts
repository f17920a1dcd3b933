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

/** The line index of facts that cross without their text (replicaChange). */
const NO_TEXT = new LineIndex('');

/**
 * One file's facts as they cross to a worker's replica. The only reader of a mapped file's text is
 * a fix at a build (AL210 edits the build file: BuildEntry.lines, imagemap/edit.ts), so a file that
 * builds nothing — most mapped files, the workspace's manifests and Dockerfiles — crosses without
 * its text: a copy of the whole map per worker was every mapped file's text (8.2 M characters in
 * the realworld corpus, 15-20 MB of each worker's heap). Its facts keep their ranges (made from the
 * text where the facts were read); their line index is an empty one.
 */
export function replicaChange([file, facts]: FactsChange): FactsChange {
  if (!facts || facts.builds.length > 0 || facts.lines.text.length === 0) return [file, facts];
  return [file, { ...facts, lines: NO_TEXT }];
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
