/**
 * TemplateSet: a set of named templates sharing one function map (Go's *template.Template with
 * its associated templates), executed with provenance and limits.
 */
import { isEmptyTree, Tree } from './ast';
import { isProgramError, isStackOverflow, TemplateError } from './errors';
import { BuiltinName, ExecHost, ExecState, FnEntry, Namespace, Run } from './exec';
import { Output } from './output';
import { parse } from './parse';
import { quote } from './strconv';
import type {
  CallContext,
  ExecuteOptions,
  FunctionMap,
  FunctionSpec,
  GoParamType,
  Limits,
  RenderResult,
  TemplateFunction,
  TemplateSetOptions,
} from './types';

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  // Helm's own include bound (1000 nested includes of one name) must be reachable.
  includeDepth: 2000,
  outputBytes: 64 * 1024 * 1024,
  steps: 20_000_000,
  rangeItems: 1_000_000,
});

type ParamType = GoParamType | 'reflect';

const BUILTINS: ReadonlyArray<[BuiltinName, readonly ParamType[], boolean]> = [
  ['and', ['reflect', 'reflect'], true],
  ['or', ['reflect', 'reflect'], true],
  ['call', ['reflect', 'reflect'], true],
  ['html', ['any'], true],
  ['index', ['reflect', 'reflect'], true],
  ['slice', ['reflect', 'reflect'], true],
  ['js', ['any'], true],
  ['len', ['reflect'], false],
  ['not', ['reflect'], false],
  ['print', ['any'], true],
  ['printf', ['string', 'any'], true],
  ['println', ['any'], true],
  ['urlquery', ['any'], true],
  ['eq', ['reflect', 'reflect'], true],
  ['ge', ['reflect', 'reflect'], false],
  ['gt', ['reflect', 'reflect'], false],
  ['le', ['reflect', 'reflect'], false],
  ['lt', ['reflect', 'reflect'], false],
  ['ne', ['reflect', 'reflect'], false],
];

const BUILTIN_ENTRIES: ReadonlyMap<string, FnEntry> = new Map(
  BUILTINS.map(([name, params, variadic]) => [name, { name, fn: null, builtin: name, tracking: false, params, variadic }]),
);

/** Go's goodName: a function name must be an identifier. */
function goodName(name: string): boolean {
  return /^[_\p{L}][_\p{L}\p{Nd}]*$/u.test(name);
}

/**
 * Helm's `include` and `tpl`, executed natively by the engine (register them under those names):
 * equivalent to calling ctx.include/ctx.tpl from a function, but with a much shallower JS stack per
 * nesting level, so Helm's include recursion limit of 1000 is reached as Helm reaches it.
 */
export const INCLUDE_FUNCTION: FunctionSpec = Object.freeze({
  fn: (ctx: CallContext, name: unknown, data: unknown) => ctx.include(String(name), data),
  tracking: true,
  params: ['string', 'any'] as const,
});

export const TPL_FUNCTION: FunctionSpec = Object.freeze({
  fn: (ctx: CallContext, text: unknown, data: unknown) => ctx.tpl(String(text), data, { textRefs: ctx.refsOfArg(0) }),
  tracking: true,
  params: ['string', 'any'] as const,
});

function toEntry(name: string, f: TemplateFunction | FunctionSpec): FnEntry {
  if (f === INCLUDE_FUNCTION) return { name, fn: f.fn, builtin: 'include', tracking: true, params: f.params, variadic: false };
  if (f === TPL_FUNCTION) return { name, fn: f.fn, builtin: 'tpl', tracking: true, params: f.params, variadic: false };
  if (typeof f === 'function') return { name, fn: f, tracking: false, variadic: false };
  return { name, fn: f.fn, tracking: !!f.tracking, params: f.params, variadic: !!f.variadic };
}

// ---- parse cache: shared by every set built from the same FunctionMap object ----

const PARSE_CACHE_ENTRIES = 4096;
const PARSE_CACHE_CHARS = 32 * 1024 * 1024;

class ParseCache {
  private readonly map = new Map<string, Map<string, Tree> | TemplateError>();
  private chars = 0;

  get(key: string): Map<string, Tree> | TemplateError | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      // Refresh recency.
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, v: Map<string, Tree> | TemplateError): void {
    this.map.set(key, v);
    this.chars += key.length;
    while (this.map.size > PARSE_CACHE_ENTRIES || this.chars > PARSE_CACHE_CHARS) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
      this.chars -= oldest.length;
    }
  }
}

const parseCaches = new WeakMap<object, ParseCache>();

export class TemplateSet implements ExecHost {
  readonly setName: string;
  readonly limits: Readonly<Limits>;
  private readonly functions = new Map<string, FnEntry>();
  private readonly ns = new Namespace();
  private readonly cache: ParseCache;

  constructor(functions: FunctionMap, options: TemplateSetOptions = {}) {
    for (const name of Object.keys(functions)) {
      if (!goodName(name)) throw new Error(`function name ${quote(name)} is not a valid identifier`);
      this.functions.set(name, toEntry(name, functions[name]));
    }
    this.setName = options.name ?? 'gotpl';
    this.limits = Object.freeze({ ...DEFAULT_LIMITS, ...options.limits });
    let cache = parseCaches.get(functions);
    if (!cache) {
      cache = new ParseCache();
      parseCaches.set(functions, cache);
    }
    this.cache = cache;
  }

  get set(): TemplateSet {
    return this;
  }

  /** The set's name ("gotpl" by default, as Helm's). */
  get name(): string {
    return this.setName;
  }

  lookupFunction(name: string): FnEntry | undefined {
    return this.functions.get(name) ?? BUILTIN_ENTRIES.get(name);
  }

  private hasFunction = (name: string): boolean => this.functions.has(name) || BUILTIN_ENTRIES.has(name);

  private parseCached(name: string, text: string): Map<string, Tree> {
    const key = name + '\u0000' + text;
    let result = this.cache.get(key);
    if (result === undefined) {
      try {
        result = parse(name, text, { hasFunction: this.hasFunction });
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        result = e;
      }
      this.cache.set(key, result);
    }
    if (result instanceof TemplateError) throw result;
    return result;
  }

  parseTpl(text: string): Map<string, Tree> {
    return this.parseCached(this.setName, text);
  }

  isEmptyTree(t: Tree): boolean {
    return isEmptyTree(t.root);
  }

  /**
   * Parses text as template `name`; its {{define}}s join the set. A later definition replaces an
   * earlier one unless it is empty (as Go's AddParseTree). Throws TemplateError (kind 'parse').
   */
  add(name: string, text: string): void {
    const trees = this.parseCached(name, text);
    this.ns.add(trees, (t) => isEmptyTree(t.root));
  }

  has(name: string): boolean {
    return this.ns.lookup(name) !== undefined;
  }

  /** Addition: the names of every template in the set (added and defined), unordered. */
  names(): string[] {
    return this.ns.names();
  }

  /** Executes template `name` with `data` as dot. Throws TemplateError. */
  execute(name: string, data: unknown, options: ExecuteOptions = {}): RenderResult {
    const tree = this.ns.lookup(name);
    if (tree === undefined) {
      throw new TemplateError(`template: no template ${quote(name)} associated with template ${quote(this.setName)}`, {
        template: this.setName,
      });
    }
    if (options.signal?.aborted) {
      throw new TemplateError(`template: ${tree.name}: execution aborted`, { template: tree.parseName }, 'limit');
    }
    const run = new Run(this, this.limits, options.missingKey ?? 'zero', options.provenance, options.signal);
    const out = new Output(this.limits.outputBytes);
    const state = new ExecState(run, this.ns, tree, out);
    try {
      state.execute(data);
    } catch (e) {
      throw toTemplateError(e, tree);
    }
    return { output: out.text(), segments: out.segments, events: out.events };
  }
}

/** Errors that escape execution: Go-worded TemplateErrors; stack exhaustion and JS bugs mapped. */
function toTemplateError(e: unknown, tree: Tree): TemplateError {
  if (e instanceof TemplateError) return e;
  if (isStackOverflow(e)) {
    return new TemplateError(
      `template: ${tree.name}: template execution nested too deeply (JavaScript stack exhausted)`,
      { template: tree.parseName },
      'limit',
    );
  }
  if (e instanceof RangeError) {
    return new TemplateError(`template: ${tree.name}: ${e.message}`, { template: tree.parseName }, 'limit');
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const out = new TemplateError(`template: ${tree.name}: internal error: ${err.message}`, { template: tree.parseName }, isProgramError(e) ? 'internal' : 'exec');
  out.stack = err.stack;
  return out;
}
