/**
 * TemplateError: parse and execution errors worded as Go's text/template words them
 * (`template: NAME:LINE: …` for parse errors, `template: NAME:LINE:COL: executing "NAME" at <…>: …`
 * for execution errors).
 */

export type TemplateErrorKind =
  /** The template text does not parse. */
  | 'parse'
  /** Execution failed the way Go's would (nil pointer, wrong type, a function's error, …). */
  | 'exec'
  /** A Limits bound (or the JS stack, or an abort signal) stopped execution; Go would not fail here. */
  | 'limit'
  /** A bug in a template function (a JS TypeError/ReferenceError): not the template author's fault. */
  | 'internal';

export class TemplateError extends Error {
  override name = 'TemplateError';
  /** The name the failing text was added under (the file), or the set's name when unknown. */
  template: string;
  /** 1-based line of the failing node (or of the token, for parse errors); 0 when unknown. */
  line: number;
  /** Go's column: bytes (UTF-8) from the start of the line; 0 when unknown or for parse errors. */
  column: number;
  /** JS string index of the failing node or token in the template's text; -1 when unknown. */
  offset: number;
  kind: TemplateErrorKind;
  /** The error raised inside a nested `include`/`tpl` execution that this one wraps, if any. */
  inner?: TemplateError;

  constructor(
    message: string,
    location: { template: string; line?: number; column?: number; offset?: number },
    kind: TemplateErrorKind = 'exec',
    inner?: TemplateError,
  ) {
    super(message);
    this.template = location.template;
    this.line = location.line ?? 0;
    this.column = location.column ?? 0;
    this.offset = location.offset ?? -1;
    this.kind = kind;
    if (inner) this.inner = inner;
  }

  /** The innermost wrapped error (where the failure actually happened). */
  get innermost(): TemplateError {
    let e = this.inner;
    if (!e) return this;
    while (e.inner) e = e.inner;
    return e;
  }
}

/** The JS stack overflowed (deep recursion): turned into a 'limit' TemplateError by the engine. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** JS errors that signal a programming error inside a template function rather than a Go error. */
export function isProgramError(e: unknown): boolean {
  return e instanceof TypeError || e instanceof ReferenceError || e instanceof SyntaxError || e instanceof EvalError;
}
