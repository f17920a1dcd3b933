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
   * Another file (absolute path) than the finding's: a fix of a rendered unit can edit values.yaml
   * where the finding is shown in a template, or the reverse; AL210 adds platforms at the build that
   * makes a deployed image. Omitted = the finding's own file.
   */
  file?: string;
  /** The file does not exist yet: this edit creates it, `newText` being all of it (a new Kustomize patch). */
  create?: true;
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
  /** A finding of a rendered unit (a Helm chart, a Kustomize overlay): which one, and in which of its variants. */
  unit?: FindingUnit;
}

export interface FindingUnit {
  kind: 'helm' | 'kustomize';
  /** The unit's folder (absolute). */
  root: string;
  /** The variants the finding was found in, when the unit has several and not every one has it. */
  variants?: string[];
  /** The units it is seen through, when it is shown in a file several build (a base of overlays). */
  through?: FindingThrough;
}

/** What a finding is seen through: `{ kind: 'overlay', names: ['../overlays/prod'] }`. */
export interface FindingThrough {
  kind: string;
  names: string[];
}

/** The kinds of file archlens understands; each has its own analyser. */
export type FileKind = 'kubernetes' | 'dockerfile' | 'shell' | 'makefile' | 'github-workflow' | 'gitlab-ci' | 'compose' | 'bake';

/** A problem with the input itself (malformed YAML, binary file, …), shown instead of a crash. */
export interface InputProblem {
  message: string;
  range?: Range;
  /** A syntax error of the file's own language: an editor with a language server for it may leave it to that one. */
  syntax?: 'yaml';
  /**
   * How much it matters; omitted = error (the file could not be read). A rendered unit also reports
   * what kustomize would only warn about, or notes what it could not check (a remote base): those
   * fail a run only at a `--fail-on` that low, as findings of that severity would.
   */
  severity?: 'error' | 'warning' | 'info';
  /**
   * The file cannot be read and is not recognisably one of archlens's kinds (a templated doc
   * snippet, another tool's YAML): listed as skipped, at info level, and it does not fail a run
   * unless `--strict`. Malformed files that clearly are manifests, Dockerfiles or workflows are
   * never skipped (README: files archlens skips).
   */
  skipped?: boolean;
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
