/**
 * Public types of the Go text/template engine (see HELM-CONTRACT.md and README.md in this folder).
 * Everything here is part of the contract shared with the helmfuncs and chart branches: change it
 * only additively.
 */
import type { TrackedString } from './tracked';
import type { TemplateSet } from './template-set';

/** Where a values entry was written. Offsets are into that file's text. */
export interface ValueOrigin {
  file: string;
  start: number;
  end: number;
  keyStart?: number;
  keyEnd?: number;
}

/** A value reached from .Values: its path from the values root, and where it was set (if anywhere). */
export interface ValueRef {
  path: readonly (string | number)[];
  origin?: ValueOrigin;
}

/** Supplied by the chart loader: the ref of container[key] for every map/array reachable from .Values. */
export interface ValueProvenance {
  refOf(container: object, key: string | number): ValueRef | undefined;
}

/**
 * One piece of rendered output and where it came from. Offsets are JavaScript string indices
 * (UTF-16 code units) into the output and into the template's source text.
 */
export interface OutputSegment {
  /** Range in the rendered output (or in the TrackedString's text). */
  start: number;
  end: number;
  /**
   * The name the source text was added under (`TemplateSet.add(name, …)`), i.e. the file, also for
   * text inside a `{{define}}`; `tpl` text is named after the set (Helm: "gotpl").
   */
  template: string;
  /** Range in that template's source text: the text node, or the whole `{{ … }}` action. */
  tplStart: number;
  tplEnd: number;
  /** 'text': copied verbatim (output offset o ↔ template offset tplStart + o - start). */
  kind: 'text' | 'action';
  /** Values that fed an action's output (or this exact piece of it). */
  values?: ValueRef[];
}

/** Every if / else if / with / range evaluated, taken or not. */
export interface ControlEvent {
  /** Output offset where the block's output starts (or would have). */
  at: number;
  kind: 'if' | 'with' | 'range';
  /** The `{{ if … }}` action's range. */
  template: string;
  tplStart: number;
  tplEnd: number;
  /** What its pipeline read (e.g. the ref of .Values.nodeSelector, even when {} or missing). */
  values: ValueRef[];
  taken: boolean;
}

export interface RenderResult {
  output: string;
  /** Flat, sorted, non-overlapping, covering the whole output. */
  segments: OutputSegment[];
  events: ControlEvent[];
}

/**
 * Go parameter types a FunctionSpec may declare; the engine then checks arity and types with Go's
 * messages (`wrong number of args for X: want 2 got 1`, `wrong type for value; expected string; got
 * float64`) and converts literal constants as Go does for that parameter type (`trunc 3 .x`: 3 is
 * an int; a float64 parameter given `3` receives 3.0).
 * 'any' is `interface {}`; 'int' and 'int64' both accept a bigint.
 */
export type GoParamType =
  | 'any'
  | 'string'
  | 'bool'
  | 'int'
  | 'int64'
  | 'float64'
  | '[]interface {}'
  | 'map[string]interface {}';

export type TemplateFunction = (ctx: CallContext, ...args: unknown[]) => unknown;

export interface FunctionSpec {
  fn: TemplateFunction;
  /** The function receives TrackedString arguments (and may return one) instead of plain strings. */
  tracking?: boolean;
  /**
   * Optional Go signature. Without it any number of arguments is accepted and each is evaluated as
   * an `interface {}` argument (missing values arrive as null).
   */
  params?: readonly GoParamType[];
  /** With `params`: the last parameter is variadic (`...T`). */
  variadic?: boolean;
}

export type FunctionMap = Record<string, TemplateFunction | FunctionSpec>;

/** The source location of the action being executed (for segments a function creates). */
export interface SourceSite {
  template: string;
  tplStart: number;
  tplEnd: number;
}

export interface TplOptions {
  /** Refs of the tpl text itself (e.g. `tpl .Values.x .`): attached to every segment of the result. */
  textRefs?: ValueRef[];
}

export interface CallContext {
  readonly set: TemplateSet;
  readonly provenance?: ValueProvenance;
  /** The refs that fed argument i (for toYaml of a tracked map etc.). */
  refsOfArg(i: number): ValueRef[];
  /** Executes a named template (Helm's include), recursion-limited as Helm does. */
  include(name: string, data: unknown): TrackedString;
  /** Parses and executes text in a clone of the current set (Helm's tpl), `<no value>` removed. */
  tpl(text: string, data: unknown, options?: TplOptions): TrackedString;
  /** The template being executed (its name as `{{define}}`d or added). */
  readonly templateName: string;
  /** Addition: the action being executed, for segments a tracking function creates. */
  readonly site: SourceSite;
  /** Addition: the limits of this execution (e.g. for `until`/`seq`/`repeat` to enforce rangeItems/outputBytes). */
  readonly limits: Readonly<Limits>;
}

export interface Limits {
  /** Nesting of `template`/`include`/`tpl` calls (Helm's own per-name include limit of 1000 applies too). */
  includeDepth: number;
  /** Length of the output of one execution, and of any string a function returns (UTF-16 code units). */
  outputBytes: number;
  /** Nodes walked plus commands evaluated, across one execute() including nested includes. */
  steps: number;
  /** Items one `range` may iterate. */
  rangeItems: number;
}

export type MissingKey = 'default' | 'zero' | 'error';

export interface ExecuteOptions {
  provenance?: ValueProvenance;
  /** Go's missingkey option; Helm renders with 'zero' (the default here too). */
  missingKey?: MissingKey;
  signal?: AbortSignal;
}

export interface TemplateSetOptions {
  limits?: Partial<Limits>;
  /**
   * Addition: the set's own name, used by Go's "no template %q associated with template %q" and
   * as the name of `tpl` templates. Default "gotpl", as in Helm.
   */
  name?: string;
}
