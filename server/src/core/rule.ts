/** The rule framework: a rule is one self-contained unit of metadata + check (+ fix builders). */
import type { LineIndex } from './text';
import type { FileKind, Report, Severity } from './types';
import type { EffectiveConfig } from './config';
import type { ImageLookup } from '../images/lookup';
import type { ImageRef } from '../images/reference';

export const RULE_DOCS_BASE = 'https://github.com/archlens/archlens/blob/main/docs/rules/';

export interface RuleMeta {
  /** Stable code, "AL" + 3 digits. */
  code: string;
  /** Stable kebab-case name, accepted wherever a code is. */
  name: string;
  /** "offline" rules need only the file; "registry" rules need image platforms. */
  kind: 'offline' | 'registry';
  defaultSeverity: Severity;
  /** The file kinds the rule reads. */
  fileKinds: readonly FileKind[];
  /** One line: what the rule catches. */
  summary: string;
}

/** Platform answers for the images of the file, available to registry rules only. */
export interface ImageTable {
  /** The answer for a reference (by canonical form), or undefined if it was not looked up. */
  get(ref: ImageRef): ImageLookup | undefined;
  /** For `image:tag@sha256:…`: the answer for the tag alone (AL205). */
  getTag(ref: ImageRef): ImageLookup | undefined;
}

export interface RuleContext<M> {
  readonly file: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly model: M;
  readonly config: EffectiveConfig;
  /** Empty for offline rules. */
  readonly images: ImageTable;
  /** Report a finding; `severity` in the report is this instance's default (e.g. error for DaemonSets). */
  report(report: Report & { severity?: Severity }): void;
}

export interface Rule<M> {
  meta: RuleMeta;
  check(context: RuleContext<M>): void;
}

export function ruleDocUrl(code: string): string {
  return `${RULE_DOCS_BASE}${code}.md`;
}
