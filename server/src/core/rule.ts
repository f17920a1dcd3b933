/**
 * The rule framework: a rule is one self-contained unit of metadata + check (+ fix builders). Its
 * meta says everything the rest of archlens needs to know about it — code, name, kind, default
 * severity, file kinds, summary, its messages, whether it fixes — and is where the settings
 * schema, the README table and its doc page's header are generated from (scripts/generate.ts).
 */
import type { LineIndex } from './text';
import type { FileKind, ReportBase, Severity } from './types';
import type { EffectiveConfig } from './config';
import type { ImageLookup } from '../images/lookup';
import type { ImageRef } from '../images/reference';
import type { WorkspaceImages } from '../imagemap/types';

export const RULE_DOCS_BASE = 'https://github.com/archlens/archlens/blob/main/docs/rules/';

/**
 * A rule's messages by id: data in, sentence out (as BuildKit's linter rules `Format`, ESLint's
 * `messages` with `data`). Reports name the message and give its data; tests assert both.
 */
// `never`: any data type is accepted here; each rule's own messages type the data of its reports.
export type Messages = Record<string, (data: never) => string>;

/** The data a message takes. */
export type MessageData<F extends Messages, K extends keyof F> = F[K] extends (data: infer D) => string ? D : never;

export interface RuleMeta<F extends Messages = Messages> {
  /** Stable code, "AL" + 3 digits. */
  code: string;
  /** Stable kebab-case name, accepted wherever a code is. */
  name: string;
  /** "offline" rules need only the file; "registry" rules need image platforms. */
  kind: 'offline' | 'registry';
  /**
   * An offline rule that also reads the registry's answers when there are some ("offline (registry
   * when available)"): it runs in the offline phase with none, and again in the registry phase,
   * whose findings replace its offline ones.
   */
  refinedByRegistry?: boolean;
  /**
   * An offline rule that also reads the workspace image map (what the workspace's Dockerfiles put in
   * their images): the CLI's offline phase runs before that map exists, so it runs again in the
   * registry phase, which has the map, and those findings replace its offline ones.
   */
  refinedByWorkspace?: boolean;
  defaultSeverity: Severity;
  /** When some findings get another severity than the default: what the doc page says ("error for a DaemonSet"). */
  severityNote?: string;
  /** The file kinds the rule reads. */
  fileKinds: readonly FileKind[];
  /** One line: what the rule catches. */
  summary: string;
  messages: F;
  /** Whether findings come with a fix (a quick fix in the editor, `--fix` for the preferred one). */
  fixable: boolean;
}

/** Platform answers for the images of the file, available to registry rules only. */
export interface ImageTable {
  /** The answer for a reference (by canonical form), or undefined if it was not looked up. */
  get(ref: ImageRef): ImageLookup | undefined;
  /** For `image:tag@sha256:…`: the answer for the tag alone (AL205). */
  getTag(ref: ImageRef): ImageLookup | undefined;
}

/** What a rule reports: one of its messages with that message's data, where, and how to fix it. */
export type RuleReport<F extends Messages = Messages> = {
  [K in keyof F & string]: ReportBase & { messageId: K; data: MessageData<F, K>; severity?: Severity };
}[keyof F & string];

export interface RuleContext<M, F extends Messages = Messages> {
  readonly file: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly model: M;
  readonly config: EffectiveConfig;
  /** Empty for offline rules. */
  readonly images: ImageTable;
  /** What this workspace builds (the workspace image map); empty when a file is checked alone. */
  readonly workspace: WorkspaceImages;
  /** Report a finding; `severity` is this instance's default (e.g. error for DaemonSets), overridden by the configuration. */
  report(report: RuleReport<F>): void;
}

export interface Rule<M, F extends Messages = Messages> {
  meta: RuleMeta<F>;
  check(context: RuleContext<M, F>): void;
}

/**
 * Declares a rule reading model M: `defineRule<KubernetesModel>()({ meta, check })` infers the
 * messages from the meta, so every report is checked against the message it names.
 */
export function defineRule<M>() {
  return <F extends Messages>(rule: { meta: RuleMeta<F>; check(context: RuleContext<M, F>): void }): Rule<M, F> => rule;
}

/** The message of a report, formatted from its id and data. */
export function formatMessage(meta: RuleMeta, messageId: string, data: unknown): string {
  const format = meta.messages[messageId] as ((data: unknown) => string) | undefined;
  if (!format) throw new Error(`rule ${meta.code} has no message "${messageId}"`);
  return format(data);
}

export function ruleDocUrl(code: string): string {
  return `${RULE_DOCS_BASE}${code}.md`;
}
