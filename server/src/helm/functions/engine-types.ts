/**
 * The template engine's API as HELM-CONTRACT.md defines it. The engine (server/src/helm/template/)
 * owns these types; this file restates the parts the functions use until they can be imported.
 */

export interface ValueOrigin { file: string; start: number; end: number; keyStart?: number; keyEnd?: number }
export interface ValueRef { path: readonly (string | number)[]; origin?: ValueOrigin }
export interface ValueProvenance { refOf(container: object, key: string | number): ValueRef | undefined }

export interface OutputSegment {
  start: number;
  end: number;
  template: string;
  tplStart: number;
  tplEnd: number;
  kind: 'text' | 'action';
  values?: ValueRef[];
}

export interface TrackedString { text: string; segments: OutputSegment[] }

export interface CallContext {
  readonly provenance?: ValueProvenance;
  refsOfArg(i: number): ValueRef[];
  include(name: string, data: unknown): TrackedString;
  tpl(text: string, data: unknown): TrackedString;
  readonly templateName: string;
}

export type TemplateFunction = (ctx: CallContext, ...args: unknown[]) => unknown;
export interface FunctionSpec { fn: TemplateFunction; tracking?: boolean }
export type FunctionMap = Record<string, TemplateFunction | FunctionSpec>;
