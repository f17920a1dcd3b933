/**
 * A file's facts as they cross between threads (the editor's workers, the CLI's unit worker): a
 * structured clone keeps plain data only, so the line index is revived on arrival, and a file that
 * builds nothing crosses without its text.
 */
import { LineIndex } from '../core/text';
import type { FileFacts } from './facts';

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
