/** Core value types shared by the engine, the rules, the CLI and the language server. */

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** 0-based, LSP-compatible (character = UTF-16 code unit). */
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }
export interface TextEdit {
  range: Range;
  newText: string;
  /**
   * Another file (absolute path) than the finding's: AL210 adds platforms at the build that makes a
   * deployed image. Omitted = the finding's own file.
   */
  file?: string;
}

export interface Fix {
  title: string;
  /** The fix `--fix` and "Fix all" apply; at most one per finding. */
  preferred?: boolean;
  edits: TextEdit[];
}

export interface RelatedLocation {
  range: Range;
  message: string;
  /** Another file (absolute path); omitted = the same file. */
  file?: string;
}

/** Where and what a finding is, beyond its message (core/rule.ts: a rule reports a message id and its data). */
export interface ReportBase {
  range: Range;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /**
   * Lines (0-based) besides the finding's own start line whose preceding `# archlens ignore=`
   * comment suppresses it, e.g. the workload's `kind:` line or a multi-line instruction's first line.
   */
  suppressionAnchors?: number[];
  /** The target platforms a registry rule checked against ("linux/amd64", …). */
  targets?: string[];
}

export interface Finding extends ReportBase {
  rule: string;      // "AL202"
  name: string;      // "unconstrained-single-arch"
  severity: Severity;
  /** The rule's message for this finding, formatted from `messageId` and `data`. */
  message: string;
  /** Which of the rule's messages it is, and the data it was formatted from (set by the engine). */
  messageId?: string;
  data?: unknown;
  /**
   * The file the finding is shown in when it is not the analysed document: a unit that renders
   * documents (a chart, an overlay) places findings in the files that produced them. Omitted = the document.
   */
  file?: string;
}

/** The kinds of file archlens understands; each has its own analyser. */
export type FileKind = 'kubernetes' | 'dockerfile' | 'shell' | 'makefile' | 'github-workflow' | 'gitlab-ci' | 'compose' | 'bake';

/** A problem with the input itself (malformed YAML, binary file, …), shown instead of a crash. */
export interface InputProblem {
  message: string;
  range?: Range;
}

/**
 * A failure of archlens itself (a bug: an exception, a finding with an impossible range) while
 * checking a file. Never an InputProblem: it is reported as ours ("archlens internal error …
 * please report"), counted apart, and makes the CLI exit 2.
 */
export interface InternalError {
  /** What archlens was doing: "reading the file", "rule AL101", "collecting image references". */
  during: string;
  message: string;
}
