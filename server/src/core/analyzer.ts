/** The seam between a file kind's parser/model, its rules, and the runner. */
import type { ParsedReference } from '../images/reference';
import type { Platform } from '../images/platform';
import type { Rule } from './rule';
import type { LineIndex } from './text';
import type { FileKind, Finding, InputProblem, Range } from './types';

/** One place a file references an image. */
export interface ImageUse {
  reference: ParsedReference;
  /** Range of the image text in the file. */
  range: Range;
  /** The platform the image is needed for, when the file says (a Dockerfile stage's constant platform). */
  platform?: Platform;
}

export interface ParseOutcome<M> {
  /** Undefined when the file could not be read as this kind at all. */
  model?: M;
  problems: InputProblem[];
}

/** What a file kind's folder provides: text → model, and what the model says about images and suppression. */
export interface FileReader<M> {
  kind: FileKind;
  /**
   * `lines`: the text's line index when the caller has made one (a 2 MB manifest's index is
   * milliseconds and megabytes on every keystroke: made once per text, not once per reader).
   */
  parse(text: string, file: string, lines?: LineIndex): ParseOutcome<M>;
  /** Every image reference of the model, for the resolver. */
  images(model: M): ImageUse[];
  /** Suppression the model itself expresses (e.g. the `archlens.dev/ignore` annotation). */
  isSuppressed?(model: M, finding: Finding): boolean;
  /**
   * How the file was read, one line per document or unit (a fix must leave it as it was: no
   * document lost, split, merged, or turned into an unread template). Default: nothing to compare.
   */
  outline?(model: M): string[];
}

/** A reader with the rules that read its model: bound together by the runner (engine/analyzers.ts). */
export interface Analyzer<M> extends FileReader<M> {
  rules: readonly Rule<M>[];
}
