/**
 * The executor (a port of text/template/exec.go's semantics to the Go value model in values.ts),
 * with provenance: every value carries the ValueRefs that fed it (a side channel, `this.refs`,
 * only filled when a ValueProvenance is given), output is written with an OutputSegment per
 * piece, and every if/with/range records a ControlEvent.
 *
 * Representation notes:
 * - `undefined` is Go's invalid reflect.Value (a missing key under missingkey=default, the result
 *   of a pipeline that yielded nil); `null` is a nil interface value (a nil map value, a missing
 *   key under missingkey=zero, a nil function result). Pipelines turn null into undefined, as Go's
 *   evalPipeline digs into interface values.
 * - `iface` (side channel) tells whether the last value had static type interface{} (map values,
 *   slice elements): Go names that type in "can't evaluate field X in type interface {}".
 * - break/continue are return codes of walk(), not exceptions.
 */
import {
  ActionRange,
  ArgNode,
  BranchNode,
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  ListNode,
  Node,
  NodeType,
  nodeToString,
  NumberNode,
  PipeNode,
  TemplateNode,
  Tree,
  VariableNode,
} from './ast';
import * as B from './builtins';
import { isProgramError, isStackOverflow, TemplateError } from './errors';
import { formatPrintable, formatValue, sprintf } from './fmt';
import { Output, OutputLimitError } from './output';
import { quote } from './strconv';
import { replaceTracked, TrackedBuilder, TrackedString } from './tracked';
import type {
  CallContext,
  ControlEvent,
  GoParamType,
  Limits,
  MissingKey,
  SourceSite,
  TemplateFunction,
  TplOptions,
  ValueProvenance,
  ValueRef,
} from './types';
import { goCollectionOf, goTypeOf, isGoMap, isHelmValues, isTrue, mapGet, sortedKeys } from './values';
import type { TemplateSet } from './template-set';

/** The "no final value" marker of a command that is not fed by a pipeline. */
const MISSING: unique symbol = Symbol('missing');
type Final = unknown;

const CONTROL_NONE = 0;
const CONTROL_BREAK = 1;
const CONTROL_CONTINUE = 2;

/** Helm's include recursion bound (pkg/engine: recursionMaxNums). */
export const HELM_RECURSION_MAX = 1000;

/** A parameter type as the executor sees it: 'reflect' is a builtin's reflect.Value parameter. */
type ParamType = GoParamType | 'reflect';

export type BuiltinName =
  | 'and'
  | 'or'
  | 'call'
  | 'not'
  | 'len'
  | 'index'
  | 'slice'
  | 'print'
  | 'printf'
  | 'println'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'html'
  | 'js'
  | 'urlquery'
  | 'include'
  | 'tpl';

export interface FnEntry {
  name: string;
  fn: TemplateFunction | null;
  builtin?: BuiltinName;
  tracking: boolean;
  params?: readonly ParamType[];
  variadic: boolean;
}

/** A template namespace: a set's templates, or a `tpl` overlay (Helm's clone) over its parent. */
export class Namespace {
  private readonly own = new Map<string, Tree>();

  constructor(readonly parent?: Namespace) {}

  lookup(name: string): Tree | undefined {
    const t = this.own.get(name);
    if (t !== undefined) return t;
    return this.parent?.lookup(name);
  }

  /** AddParseTree: a new tree replaces an old one unless the new one is empty (space/comments). */
  add(trees: Map<string, Tree>, isEmpty: (t: Tree) => boolean): void {
    for (const [name, tree] of trees) {
      if (this.lookup(name) !== undefined && isEmpty(tree)) continue;
      this.own.set(name, tree);
    }
  }

  names(): string[] {
    const all = new Set<string>(this.parent ? this.parent.names() : []);
    for (const k of this.own.keys()) all.add(k);
    return [...all];
  }
}

/** Services the executor needs from its TemplateSet. */
export interface ExecHost {
  readonly set: TemplateSet;
  readonly setName: string;
  lookupFunction(name: string): FnEntry | undefined;
  /** Parses tpl text (cached) into trees named after the set. Throws TemplateError. */
  parseTpl(text: string): Map<string, Tree>;
  isEmptyTree(t: Tree): boolean;
}

/** One execute() call, shared by the nested executions of include/tpl. */
export class Run {
  steps = 0;
  depth = 0;
  readonly includedNames = new Map<string, number>();
  /** One shared [ref] array per ref: field access on tracked values allocates nothing. */
  private readonly refLists = new WeakMap<ValueRef, ValueRef[]>();

  constructor(
    readonly host: ExecHost,
    readonly limits: Readonly<Limits>,
    readonly missingKey: MissingKey,
    readonly provenance: ValueProvenance | undefined,
    readonly signal: AbortSignal | undefined,
  ) {}

  refList(ref: ValueRef): ValueRef[] {
    let list = this.refLists.get(ref);
    if (list === undefined) {
      list = [ref];
      this.refLists.set(ref, list);
    }
    return list;
  }
}

function unionRefs(a: ValueRef[] | undefined, b: ValueRef[] | undefined): ValueRef[] | undefined {
  if (!a || a.length === 0) return b;
  if (!b || b.length === 0) return a;
  if (a.length + b.length > 16) return [...new Set([...a, ...b])];
  const out = a.slice();
  for (const r of b) if (!out.includes(r)) out.push(r);
  return out;
}

/** The union of many ref lists, linear in their total length. */
function unionAllRefs(lists: readonly (ValueRef[] | undefined)[]): ValueRef[] | undefined {
  let first: ValueRef[] | undefined;
  let set: Set<ValueRef> | undefined;
  for (const r of lists) {
    if (!r || r.length === 0) continue;
    if (first === undefined) {
      first = r;
      continue;
    }
    if (set === undefined) set = new Set(first);
    for (const x of r) set.add(x);
  }
  return set ? [...set] : first;
}

function isExported(name: string): boolean {
  const c = name.charCodeAt(0);
  if (c >= 0x41 && c <= 0x5a) return true;
  if (c < 0x80) return false;
  return /^\p{Lu}/u.test(name);
}

function isStruct(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof TrackedString) && !isGoMap(v);
}

function canBeNil(t: ParamType): boolean {
  return t === 'any' || t === 'reflect' || t === '[]interface {}' || t === 'map[string]interface {}';
}

function assignable(v: unknown, t: ParamType): boolean {
  switch (t) {
    case 'any':
    case 'reflect':
      return true;
    case 'string':
      return typeof v === 'string' || v instanceof TrackedString;
    case 'bool':
      return typeof v === 'boolean';
    case 'int':
    case 'int64':
      return typeof v === 'bigint';
    case 'float64':
      return typeof v === 'number';
    case '[]interface {}':
      return Array.isArray(v);
    case 'map[string]interface {}':
      return isGoMap(v);
  }
}

/** A Go error raised by the executor itself (already formatted with location). */
class ExecAbort extends TemplateError {}

export class ExecState implements CallContext {
  /** Current node, for error locations (Go's s.node). */
  private node: Node | null = null;
  /** The action being executed (for segments and ctx.site). */
  private action: (ActionRange & { tree: Tree }) | null = null;
  // Variable stack (parallel arrays; entries below varBase belong to callers of {{template}}).
  private readonly varNames: string[] = [];
  private readonly varValues: unknown[] = [];
  private readonly varRefs: (ValueRef[] | undefined)[] = [];
  private readonly varIface: boolean[] = [];
  private varBase = 0;
  // Side channels of the last evaluation.
  private refs: ValueRef[] | undefined = undefined;
  private iface = false;
  // Metadata of dot.
  private dotRefs: ValueRef[] | undefined = undefined;
  private dotIface = false;
  // Current call, for refsOfArg.
  private callRefs: (ValueRef[] | undefined)[] = [];
  private readonly tracking: boolean;

  constructor(
    private readonly run: Run,
    private readonly ns: Namespace,
    public tmpl: Tree,
    readonly out: Output,
  ) {
    this.tracking = run.provenance !== undefined;
  }

  // ---- CallContext ----

  get set(): TemplateSet {
    return this.run.host.set;
  }

  get provenance(): ValueProvenance | undefined {
    return this.run.provenance;
  }

  get templateName(): string {
    return this.tmpl.name;
  }

  get limits(): Readonly<Limits> {
    return this.run.limits;
  }

  get site(): SourceSite {
    const a = this.action;
    if (a === null) return { template: this.tmpl.parseName, tplStart: 0, tplEnd: 0 };
    return { template: a.tree.parseName, tplStart: a.start, tplEnd: a.end };
  }

  refsOfArg(i: number): ValueRef[] {
    return this.callRefs[i] ?? [];
  }

  include(name: string, data: unknown): TrackedString {
    return this.runNested(this.ns, this.lookupIncluded(name), data, name);
  }

  /** The template an include names, or Go's ExecuteTemplate error. */
  private lookupIncluded(nameArg: unknown): Tree {
    const name = textOfArg(nameArg);
    const tree = this.ns.lookup(name);
    if (tree === undefined) {
      throw new TemplateError(`template: no template ${quote(name)} associated with template ${quote(this.run.host.setName)}`, {
        template: this.run.host.setName,
      });
    }
    return tree;
  }

  tpl(text: string, data: unknown, options?: TplOptions): TrackedString {
    const host = this.run.host;
    let trees: Map<string, Tree>;
    try {
      trees = host.parseTpl(text);
    } catch (e) {
      if (e instanceof TemplateError) {
        throw new TemplateError(`cannot parse template ${quote(text)}: ${e.message}`, e, e.kind, e);
      }
      throw e;
    }
    const overlay = new Namespace(this.ns);
    overlay.add(trees, (t) => host.isEmptyTree(t));
    const main = trees.get(host.setName)!;
    let result: TrackedString;
    try {
      result = this.runNested(overlay, main, data, undefined);
    } catch (e) {
      if (e instanceof TemplateError && e.kind !== 'limit' && e.kind !== 'internal') {
        throw new TemplateError(`error during tpl function execution for ${quote(text)}: ${e.message}`, e, e.kind, e);
      }
      throw e;
    }
    if (result.text.includes('<no value>')) result = replaceTracked(result, '<no value>', '');
    const textRefs = options?.textRefs;
    if (textRefs && textRefs.length > 0) {
      const segs = result.segments.map((s) =>
        s.template === host.setName ? { ...s, values: unionRefs(s.values, textRefs) } : s,
      );
      result = new TrackedString(result.text, segs, result.events);
    }
    return result;
  }

  /**
   * Executes tree with data into a fresh output (include, tpl). `includeName` counts nested
   * includes of one name as Helm does (pkg/engine includeFun: more than 1000 is an error). Kept to
   * one frame: deep recursion passes through here.
   */
  private runNested(ns: Namespace, tree: Tree, data: unknown, includeName: string | undefined): TrackedString {
    const st = this.enterNested(ns, tree, data, includeName);
    try {
      st.walkList(st.varValues[0], tree.root);
    } catch (e) {
      if (e instanceof OutputLimitError) st.limitError(e.message);
      throw e;
    } finally {
      this.leaveNested(includeName);
    }
    return st.out.toTracked();
  }

  /** Helm's include counter, the depth limit, and a fresh state for a nested execution. */
  private enterNested(ns: Namespace, tree: Tree, data: unknown, includeName: string | undefined): ExecState {
    const run = this.run;
    if (includeName !== undefined) {
      const count = run.includedNames.get(includeName);
      if (count !== undefined && count > HELM_RECURSION_MAX) {
        throw new Error(`rendering template has a nested reference name: ${includeName}: unable to execute template`);
      }
      run.includedNames.set(includeName, (count ?? 0) + 1);
    }
    if (run.depth >= run.limits.includeDepth) {
      if (includeName !== undefined) this.leaveNestedCount(includeName);
      this.limitError(`exceeded maximum template depth (${run.limits.includeDepth})`);
    }
    run.depth++;
    const st = new ExecState(run, ns, tree, new Output(run.limits.outputBytes));
    const dataRefs = this.callRefs[1];
    st.pushVar('$', data === null ? undefined : data, dataRefs, false);
    st.dotRefs = dataRefs;
    return st;
  }

  private leaveNested(includeName: string | undefined): void {
    this.run.depth--;
    if (includeName !== undefined) this.leaveNestedCount(includeName);
  }

  private leaveNestedCount(includeName: string): void {
    this.run.includedNames.set(includeName, this.run.includedNames.get(includeName)! - 1);
  }

  // ---- entry ----

  /** Executes this state's template with data as dot and $. */
  execute(data: unknown, dataRefs?: ValueRef[]): void {
    if (data === null) data = undefined; // reflect.ValueOf(nil) is invalid
    this.pushVar('$', data, dataRefs, false);
    this.dotRefs = dataRefs;
    this.dotIface = false;
    try {
      this.walkList(data, this.tmpl.root);
    } catch (e) {
      if (e instanceof OutputLimitError) this.limitError(e.message);
      throw e;
    }
  }

  // ---- errors ----

  private location(node: Node): { text: string; line: number; column: number } {
    const tree = node.tree;
    const text = tree.text;
    const pos = node.pos;
    const lastNl = text.lastIndexOf('\n', pos - 1);
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) line++;
    const lineStart = lastNl + 1;
    const col = B.goStringLen(text.slice(lineStart, pos));
    return { text: `${tree.parseName}:${line}:${col}`, line, column: col };
  }

  private errorf(message: string, kind: 'exec' | 'limit' | 'internal' = 'exec', inner?: TemplateError): never {
    const node = this.node;
    // A template error's JS stack is of no use, and capturing it deep in include recursion (once
    // per level while the error is wrapped) is costly: skip it.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      if (node === null) {
        throw new ExecAbort(`template: ${this.tmpl.name}: ${message}`, { template: this.tmpl.parseName }, kind, inner);
      }
      const loc = this.location(node);
      throw new ExecAbort(
        `template: ${loc.text}: executing ${quote(this.tmpl.name)} at <${nodeToString(node)}>: ${message}`,
        { template: node.tree.parseName, line: loc.line, column: loc.column, offset: node.pos },
        kind,
        inner,
      );
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }

  private limitError(message: string): never {
    this.errorf(message, 'limit');
  }

  private step(): void {
    const run = this.run;
    const n = ++run.steps;
    if (n > run.limits.steps) this.limitError(`execution exceeds the limit of ${run.limits.steps} steps`);
    if ((n & 1023) === 0 && run.signal?.aborted) this.limitError('execution aborted');
  }

  // ---- variables ----

  private pushVar(name: string, value: unknown, refs: ValueRef[] | undefined, iface: boolean): void {
    this.varNames.push(name);
    this.varValues.push(value);
    this.varRefs.push(refs);
    this.varIface.push(iface);
  }

  private mark(): number {
    return this.varNames.length;
  }

  private pop(mark: number): void {
    this.varNames.length = mark;
    this.varValues.length = mark;
    this.varRefs.length = mark;
    this.varIface.length = mark;
  }

  private setVar(name: string, value: unknown, refs: ValueRef[] | undefined, iface: boolean): void {
    for (let i = this.varNames.length - 1; i >= this.varBase; i--) {
      if (this.varNames[i] === name) {
        this.varValues[i] = value;
        this.varRefs[i] = refs;
        this.varIface[i] = iface;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: unknown, refs: ValueRef[] | undefined, iface: boolean): void {
    const i = this.varNames.length - n;
    this.varValues[i] = value;
    this.varRefs[i] = refs;
    this.varIface[i] = iface;
  }

  private varValue(name: string): unknown {
    for (let i = this.varNames.length - 1; i >= this.varBase; i--) {
      if (this.varNames[i] === name) {
        this.refs = this.varRefs[i];
        this.iface = this.varIface[i];
        return this.varValues[i];
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  // ---- walk ----

  /**
   * Walks a list of nodes (every body is a ListNode). Text and actions are handled inline to keep
   * the JS stack shallow: nested include/template executions recurse through here.
   */
  private walkList(dot: unknown, list: ListNode): number {
    const nodes = list.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      this.node = node;
      this.step();
      switch (node.type) {
        case NodeType.Text:
          this.out.writeText(node.text, node.tree.parseName, node.pos);
          break;
        case NodeType.Action: {
          const prev = this.action;
          this.action = node;
          const val = this.evalPipeline(dot, node.pipe);
          if (node.pipe.decl.length === 0) this.printValue(node, val);
          this.action = prev;
          break;
        }
        case NodeType.If:
        case NodeType.With: {
          const r = this.walkIfOrWith(dot, node);
          if (r !== CONTROL_NONE) return r;
          break;
        }
        case NodeType.Range: {
          const r = this.walkRange(dot, node);
          if (r !== CONTROL_NONE) return r;
          break;
        }
        case NodeType.Template:
          this.walkTemplate(dot, node);
          break;
        case NodeType.Break:
          return CONTROL_BREAK;
        case NodeType.Continue:
          return CONTROL_CONTINUE;
        case NodeType.Comment:
          break;
        default:
          this.errorf(`unknown node: ${nodeToString(node)}`);
      }
    }
    return CONTROL_NONE;
  }

  private event(node: BranchNode, refs: ValueRef[] | undefined, taken: boolean): ControlEvent {
    const ev: ControlEvent = {
      at: this.out.length,
      kind: node.type === NodeType.If ? 'if' : node.type === NodeType.With ? 'with' : 'range',
      template: node.tree.parseName,
      tplStart: node.start,
      tplEnd: node.end,
      values: refs ?? [],
      taken,
    };
    this.out.events.push(ev);
    return ev;
  }

  private walkIfOrWith(dot: unknown, node: BranchNode): number {
    const mark = this.mark();
    const prevAction = this.action;
    this.action = node;
    const val = this.evalPipeline(dot, node.pipe);
    const refs = this.refs;
    this.action = prevAction;
    const truth = isTrue(val);
    this.event(node, refs, truth);
    let r = CONTROL_NONE;
    if (truth) {
      if (node.type === NodeType.With) {
        const savedRefs = this.dotRefs;
        const savedIface = this.dotIface;
        this.dotRefs = refs;
        this.dotIface = false;
        r = this.walkList(val, node.list);
        this.dotRefs = savedRefs;
        this.dotIface = savedIface;
      } else r = this.walkList(dot, node.list);
    } else if (node.elseList !== null) r = this.walkList(dot, node.elseList);
    this.pop(mark);
    return r;
  }

  private walkRange(dot: unknown, r: BranchNode): number {
    this.node = r;
    const mark0 = this.mark();
    const prevAction = this.action;
    this.action = r;
    let val = this.evalPipeline(dot, r.pipe);
    const valRefs = this.refs;
    this.action = prevAction;
    if (val instanceof TrackedString) val = val.text;
    const mark = this.mark();
    const ev = this.event(r, valRefs, false);
    const decl = r.pipe.decl;
    const savedDotRefs = this.dotRefs;
    const savedDotIface = this.dotIface;
    const provenance = this.run.provenance;
    const containerRef = valRefs && valRefs.length === 1 ? valRefs[0] : undefined;
    let ran = false;
    let stop = false;

    const oneIteration = (index: unknown, elem: unknown, elemRefs: ValueRef[] | undefined, elemIface: boolean, indexRefs: ValueRef[] | undefined) => {
      this.step(); // an empty body must count too
      if (decl.length > 0) {
        if (r.pipe.isAssign) {
          if (decl.length > 1) this.setVar(decl[0].ident[0], index, indexRefs, false);
          else this.setVar(decl[0].ident[0], elem, elemRefs, elemIface);
        } else this.setTopVar(1, elem, elemRefs, elemIface);
      }
      if (decl.length > 1) {
        if (r.pipe.isAssign) this.setVar(decl[1].ident[0], elem, elemRefs, elemIface);
        else this.setTopVar(2, index, indexRefs, false);
      }
      this.dotRefs = elemRefs;
      this.dotIface = elemIface;
      const c = this.walkList(elem, r.list);
      this.pop(mark);
      if (c === CONTROL_BREAK) stop = true;
    };

    const refOf = (container: object, key: string | number): ValueRef[] | undefined => {
      if (provenance === undefined) return undefined;
      const ref = provenance.refOf(container, key) ?? (containerRef ? { path: [...containerRef.path, key] } : undefined);
      return ref ? this.run.refList(ref) : undefined;
    };

    if (typeof val === 'bigint') {
      if (decl.length > 1) this.errorf(`can't use ${formatValue(val)} to iterate over more than one variable`);
      if (val > 0n) {
        this.checkRangeItems(val);
        const n = Number(val);
        ran = true;
        for (let i = 0; i < n && !stop; i++) oneIteration(undefined, BigInt(i), undefined, false, undefined);
      }
    } else if (Array.isArray(val)) {
      if (val.length > 0) {
        this.checkRangeItems(BigInt(val.length));
        ran = true;
        const items = val.slice();
        for (let i = 0; i < items.length && !stop; i++) {
          oneIteration(BigInt(i), items[i], refOf(val, i), true, undefined);
        }
      }
    } else if (isGoMap(val)) {
      const keys = sortedKeys(val);
      if (keys.length > 0) {
        this.checkRangeItems(BigInt(keys.length));
        ran = true;
        const values = keys.map((k) => val[k]);
        for (let i = 0; i < keys.length && !stop; i++) {
          const refs = refOf(val, keys[i]);
          oneIteration(keys[i], values[i], refs, true, refs);
        }
      }
    } else if (goCollectionOf(val)) {
      // A class standing for a named Go map or slice (`.Files.Glob "x/*"`, `.Capabilities.APIVersions`):
      // ranged over as the map or slice it is. Its contents are not values, so they carry no refs.
      const collection = goCollectionOf(val)!;
      const n = collection.kind === 'map' ? collection.entries.length : collection.items.length;
      if (n > 0) {
        this.checkRangeItems(BigInt(n));
        ran = true;
        if (collection.kind === 'map') {
          const entries = collection.entries.slice();
          for (let i = 0; i < entries.length && !stop; i++) oneIteration(entries[i][0], entries[i][1], undefined, true, undefined);
        } else {
          const items = collection.items.slice();
          for (let i = 0; i < items.length && !stop; i++) oneIteration(BigInt(i), items[i], undefined, true, undefined);
        }
      }
    } else if (val !== undefined && val !== null) {
      this.errorf(`range can't iterate over ${formatValue(val)}`);
    }
    this.dotRefs = savedDotRefs;
    this.dotIface = savedDotIface;
    ev.taken = ran;
    let result = CONTROL_NONE;
    if (!ran && r.elseList !== null) result = this.walkList(dot, r.elseList);
    this.pop(mark0);
    // break/continue end here: they belong to this range.
    return result === CONTROL_BREAK || result === CONTROL_CONTINUE ? result : CONTROL_NONE;
  }

  private checkRangeItems(n: bigint): void {
    const limit = this.run.limits.rangeItems;
    if (n > BigInt(limit)) this.limitError(`range over ${n} items exceeds the limit of ${limit}`);
  }

  private walkTemplate(dot: unknown, t: TemplateNode): void {
    this.node = t;
    const tree = this.ns.lookup(t.name);
    if (tree === undefined) this.errorf(`template ${quote(t.name)} not defined`);
    const run = this.run;
    if (run.depth >= run.limits.includeDepth) this.limitError(`exceeded maximum template depth (${run.limits.includeDepth})`);
    const prevAction = this.action;
    this.action = t;
    // Variables declared by the pipeline persist.
    const newDot = t.pipe === null ? undefined : this.evalPipeline(dot, t.pipe);
    const newRefs = t.pipe === null ? undefined : this.refs;
    this.action = prevAction;
    const savedTmpl = this.tmpl;
    const savedBase = this.varBase;
    const savedDotRefs = this.dotRefs;
    const savedDotIface = this.dotIface;
    const mark = this.mark();
    // No dynamic scoping: template invocations inherit no variables.
    this.varBase = mark;
    this.pushVar('$', newDot, newRefs, false);
    this.tmpl = tree;
    this.dotRefs = newRefs;
    this.dotIface = false;
    run.depth++;
    try {
      this.walkList(newDot, tree.root);
    } finally {
      run.depth--;
    }
    this.tmpl = savedTmpl;
    this.varBase = savedBase;
    this.dotRefs = savedDotRefs;
    this.dotIface = savedDotIface;
    this.pop(mark);
  }

  // ---- evaluation ----

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.node = pipe;
    let value: unknown = MISSING;
    let refs: ValueRef[] | undefined = undefined;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      const cmd = cmds[i];
      const first = cmd.args[0];
      if (first.type === NodeType.Identifier) {
        // A function call (Go's evalFunction), inlined: include recursion passes through here.
        this.step();
        this.node = first;
        const fn = this.run.host.lookupFunction(first.ident);
        if (fn === undefined) this.errorf(`${quote(first.ident)} is not a defined function`);
        value = this.evalCall(dot, fn, cmd, cmd.args, value, refs);
      } else value = this.evalCommand(dot, cmd, value, refs);
      refs = this.refs;
      // A nil interface value becomes the invalid value.
      if (value === null) value = undefined;
    }
    const decl = pipe.decl;
    for (let i = 0; i < decl.length; i++) {
      if (pipe.isAssign) this.setVar(decl[i].ident[0], value, refs, false);
      else this.pushVar(decl[i].ident[0], value, refs, false);
    }
    this.refs = refs;
    this.iface = false;
    return value;
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeToString(args[0])}`);
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final, finalRefs: ValueRef[] | undefined): unknown {
    this.step();
    const first = cmd.args[0];
    switch (first.type) {
      case NodeType.Field:
        return this.evalFieldNode(dot, first, cmd.args, final, finalRefs);
      case NodeType.Chain:
        return this.evalChainNode(dot, first, cmd.args, final, finalRefs);
      case NodeType.Identifier:
        return this.evalFunction(dot, first, cmd, cmd.args, final, finalRefs);
      case NodeType.Pipe:
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case NodeType.Variable:
        return this.evalVariableNode(dot, first, cmd.args, final, finalRefs);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    this.refs = undefined;
    this.iface = false;
    switch (first.type) {
      case NodeType.Bool:
        return first.value;
      case NodeType.Dot:
        this.refs = this.dotRefs;
        this.iface = this.dotIface;
        return dot;
      case NodeType.Nil:
        this.errorf('nil is not a command');
      case NodeType.Number:
        return this.idealConstant(first);
      case NodeType.String:
        return first.text;
    }
  }

  private idealConstant(c: NumberNode): unknown {
    this.node = c;
    this.refs = undefined;
    this.iface = false;
    if (c.isComplex) this.errorf(`complex constant ${c.text} is not supported`);
    if (c.isFloat && !isHexInt(c.text) && !isRuneInt(c.text) && /[.eEpP]/.test(c.text)) return c.float64;
    if (c.isInt) return c.int64;
    if (c.isUint) this.errorf(`${c.text} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: unknown, field: FieldNode, args: ArgNode[] | null, final: Final, finalRefs: ValueRef[] | undefined): unknown {
    this.node = field;
    return this.evalFieldChain(dot, dot, this.dotRefs, this.dotIface, field, field.ident, 0, args, final, finalRefs);
  }

  private evalChainNode(dot: unknown, chain: ChainNode, args: ArgNode[] | null, final: Final, finalRefs: ValueRef[] | undefined): unknown {
    this.node = chain;
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node.type === NodeType.Nil) this.errorf(`indirection through explicit nil in ${nodeToString(chain)}`);
    // (pipe).Field1.Field2: evaluate the pipeline, then the fields.
    const pipe = this.evalArgUntyped(dot, chain.node);
    return this.evalFieldChain(dot, pipe, this.refs, false, chain, chain.field, 0, args, final, finalRefs);
  }

  private evalVariableNode(dot: unknown, v: VariableNode, args: ArgNode[] | null, final: Final, finalRefs: ValueRef[] | undefined): unknown {
    this.node = v;
    const value = this.varValue(v.ident[0]);
    if (v.ident.length === 1) {
      if (args !== null) this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, this.refs, this.iface, v, v.ident, 1, args, final, finalRefs);
  }

  private evalFieldChain(
    dot: unknown,
    receiver: unknown,
    recvRefs: ValueRef[] | undefined,
    recvIface: boolean,
    node: Node,
    ident: string[],
    from: number,
    args: ArgNode[] | null,
    final: Final,
    finalRefs: ValueRef[] | undefined,
  ): unknown {
    const n = ident.length;
    for (let i = from; i < n - 1; i++) {
      receiver = this.evalField(dot, ident[i], node, null, MISSING, undefined, receiver, recvRefs, recvIface);
      recvRefs = this.refs;
      recvIface = this.iface;
    }
    return this.evalField(dot, ident[n - 1], node, args, final, finalRefs, receiver, recvRefs, recvIface);
  }

  private childRefs(container: object, key: string | number, recvRefs: ValueRef[] | undefined): ValueRef[] | undefined {
    const provenance = this.run.provenance;
    if (provenance === undefined) return undefined;
    const ref = provenance.refOf(container, key);
    if (ref) return this.run.refList(ref);
    const parent = recvRefs && recvRefs.length === 1 ? recvRefs[0] : undefined;
    return parent ? [{ path: [...parent.path, key] }] : undefined;
  }

  private evalField(
    dot: unknown,
    fieldName: string,
    node: Node,
    args: ArgNode[] | null,
    final: Final,
    finalRefs: ValueRef[] | undefined,
    receiver: unknown,
    recvRefs: ValueRef[] | undefined,
    recvIface: boolean,
  ): unknown {
    if (receiver === undefined) {
      if (this.run.missingKey === 'error') this.errorf(`nil data; no entry for key ${quote(fieldName)}`);
      this.refs = undefined;
      this.iface = false;
      return undefined;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    const typeName = recvIface ? 'interface {}' : goTypeOf(receiver);
    if (receiver instanceof TrackedString) receiver = receiver.text;
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    // A chart's .Values is chartutil.Values, whose method AsMap returns the same map; Go looks the
    // method up before the map's keys.
    if (fieldName === 'AsMap' && isHelmValues(receiver)) {
      if (hasArgs) this.errorf(`wrong number of args for AsMap: want 0 got ${(args === null ? 0 : args.length - 1) + (final !== MISSING ? 1 : 0)}`);
      this.refs = recvRefs;
      this.iface = false;
      return receiver;
    }
    if (isGoMap(receiver)) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      let result = mapGet(receiver, fieldName);
      if (result === undefined) {
        switch (this.run.missingKey) {
          case 'zero':
            result = null;
            break;
          case 'error':
            this.errorf(`map has no entry for key ${quote(fieldName)}`);
        }
      }
      this.refs = this.tracking ? this.childRefs(receiver, fieldName, recvRefs) : undefined;
      this.iface = true;
      return result;
    }
    if (isStruct(receiver)) {
      if (isExported(fieldName)) {
        const member = receiver[fieldName];
        if (typeof member === 'function' && !Object.prototype.hasOwnProperty.call(receiver, fieldName)) {
          return this.evalMethodCall(dot, receiver, member as (...a: unknown[]) => unknown, fieldName, node, args, final, finalRefs);
        }
        if (fieldName in receiver) {
          if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
          this.refs = this.tracking ? this.childRefs(receiver, fieldName, recvRefs) : undefined;
          this.iface = false;
          return member;
        }
      } else if (Object.prototype.hasOwnProperty.call(receiver, fieldName)) {
        this.errorf(`${fieldName} is an unexported field of struct type ${typeName}`);
      }
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${typeName}`);
  }

  /** `cmd` is the whole command (Go reports function errors at it), or the identifier as an argument. */
  private evalFunction(dot: unknown, node: IdentifierNode, cmd: Node, args: ArgNode[] | null, final: Final, finalRefs: ValueRef[] | undefined): unknown {
    this.node = node;
    const name = node.ident;
    const fn = this.run.host.lookupFunction(name);
    if (fn === undefined) this.errorf(`${quote(name)} is not a defined function`);
    return this.evalCall(dot, fn, cmd, args, final, finalRefs);
  }

  /**
   * Calls a function or method. args (if non-null) includes the function's own node at [0], as in
   * Go. For methods, `receiver` and `method` are given.
   */
  /**
   * Calls a function. args (if non-null) includes the function's own node at [0], as in Go.
   * This frame stays on the JS stack while the function runs, and include recursion passes through
   * it: it is kept lean (few parameters and locals).
   */
  private evalCall(dot: unknown, fn: FnEntry, node: Node, args: ArgNode[] | null, final: Final, finalRefs: ValueRef[] | undefined): unknown {
    this.checkArity(fn, fn.name, args, final);
    const builtin = fn.builtin;
    if (builtin === 'and' || builtin === 'or') return this.evalAndOr(dot, builtin, args!, final, finalRefs);
    const argv = this.evalArgs(dot, fn, args, final, finalRefs);
    const refs = this.refs;
    const savedAction = this.action;
    const savedCallRefs = this.callRefs;
    this.callRefs = this.lastArgRefs;
    let result: unknown;
    try {
      if (builtin === 'include') {
        // runNested, inlined: one JS frame less per level of include recursion.
        const includeName = textOfArg(argv[0]);
        const st = this.enterNested(this.ns, this.lookupIncluded(includeName), argv[1], includeName);
        try {
          st.walkList(st.varValues[0], st.tmpl.root);
        } catch (e) {
          if (e instanceof OutputLimitError) st.limitError(e.message);
          throw e;
        } finally {
          this.leaveNested(includeName);
        }
        result = st.out.toTracked();
      } else if (builtin === 'tpl') result = this.tpl(textOfArg(argv[0]), argv[1], { textRefs: this.callRefs[0] });
      else if (builtin !== undefined) {
        this.node = node;
        result = this.callBuiltin(builtin, argv, args, final);
      } else result = callWithContext(fn.fn!, this, argv);
    } catch (e) {
      this.node = node;
      this.callFailed(fn.name, e);
    } finally {
      this.callRefs = savedCallRefs;
      this.action = savedAction;
    }
    return this.callResult(result, node, fn.name, builtin === 'index' && this.tracking ? this.refs : refs);
  }

  /** A method call on a struct (Go's MethodByName + evalCall). */
  private evalMethodCall(
    dot: unknown,
    receiver: object,
    method: (...a: unknown[]) => unknown,
    name: string,
    node: Node,
    args: ArgNode[] | null,
    final: Final,
    finalRefs: ValueRef[] | undefined,
  ): unknown {
    const fn: FnEntry = { name, fn: null, tracking: false, variadic: isVariadic(method), params: paramsOf(method) };
    this.checkArity(fn, name, args, final);
    const argv = this.evalArgs(dot, fn, args, final, finalRefs);
    const refs = this.refs;
    let result: unknown;
    try {
      result = method.apply(receiver, argv);
    } catch (e) {
      this.node = node;
      this.callFailed(name, e);
    }
    return this.callResult(result, node, name, refs);
  }

  /** Go nil for a JS undefined result, the size limit on strings, and the result's refs. */
  private callResult(result: unknown, node: Node, name: string, refs: ValueRef[] | undefined): unknown {
    if (result === undefined) result = null;
    const limit = this.run.limits.outputBytes;
    if ((typeof result === 'string' && result.length > limit) || (result instanceof TrackedString && result.text.length > limit)) {
      this.node = node;
      this.limitError(`result of ${name} exceeds the limit of ${limit} bytes`);
    }
    this.refs = refs;
    this.iface = false;
    return result;
  }

  private checkArity(fn: FnEntry, name: string, args: ArgNode[] | null, final: Final): void {
    const params = fn.params;
    if (params === undefined) return;
    const numArgs = args === null ? 0 : args.length - 1;
    const numIn = numArgs + (final !== MISSING ? 1 : 0);
    if (fn.variadic) {
      const numFixed = params.length - 1;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${numArgs}`);
    } else if (numIn !== params.length) {
      this.errorf(`wrong number of args for ${name}: want ${params.length} got ${numIn}`);
    }
  }

  private paramType(fn: FnEntry, i: number): ParamType {
    const params = fn.params;
    if (params === undefined) return 'any';
    if (i < params.length - 1 || !fn.variadic) return params[i] ?? 'any';
    return params[params.length - 1];
  }

  /** The refs of each argument of the last evalArgs (only when tracking). */
  private lastArgRefs: (ValueRef[] | undefined)[] = [];

  /** Evaluates a call's arguments (then the piped final value); sets this.refs to their union. */
  private evalArgs(dot: unknown, fn: FnEntry, args: ArgNode[] | null, final: Final, finalRefs: ValueRef[] | undefined): unknown[] {
    const numArgs = args === null ? 0 : args.length - 1;
    const hasFinal = final !== MISSING;
    const numIn = numArgs + (hasFinal ? 1 : 0);
    const argv: unknown[] = new Array(numIn);
    const tracking = this.tracking;
    const argRefs: (ValueRef[] | undefined)[] = tracking ? new Array<ValueRef[] | undefined>(numIn) : [];
    for (let i = 0; i < numArgs; i++) {
      argv[i] = this.evalArg(dot, this.paramType(fn, i), args![i + 1]);
      if (tracking) argRefs[i] = this.refs;
    }
    if (hasFinal) {
      argv[numIn - 1] = this.validateType(final, this.paramType(fn, numIn - 1));
      if (tracking) argRefs[numIn - 1] = finalRefs;
    }
    const refs = tracking ? unionAllRefs(argRefs) : undefined;
    if (!fn.tracking && fn.builtin === undefined) {
      for (let i = 0; i < numIn; i++) {
        const a = argv[i];
        if (a instanceof TrackedString) argv[i] = a.text;
      }
    }
    this.lastArgRefs = argRefs;
    this.refs = refs;
    return argv;
  }

  private callFailed(name: string, e: unknown): never {
    if (e instanceof TemplateError && (e.kind === 'limit' || e.kind === 'internal')) throw e;
    if (isStackOverflow(e)) throw e;
    if (e instanceof RangeError) this.limitError(`error calling ${name}: ${e.message}`);
    if (isProgramError(e)) {
      const err = e as Error;
      this.errorf(`error calling ${name}: internal error: ${err.message}`, 'internal');
    }
    if (e instanceof TemplateError) this.errorf(`error calling ${name}: ${e.message}`, 'exec', e);
    const msg = e instanceof Error ? e.message : String(e);
    this.errorf(`error calling ${name}: ${msg}`);
  }

  private evalAndOr(dot: unknown, name: 'and' | 'or', args: ArgNode[], final: Final, finalRefs: ValueRef[] | undefined): unknown {
    let v: unknown = undefined;
    let refs: ValueRef[] | undefined = undefined;
    for (let i = 1; i < args.length; i++) {
      v = this.evalArg(dot, 'reflect', args[i]);
      if (v === null) v = undefined;
      refs = unionRefs(refs, this.refs);
      if (isTrue(v instanceof TrackedString ? v.text : v) === (name === 'or')) {
        this.refs = refs;
        this.iface = false;
        return v;
      }
    }
    if (final !== MISSING) {
      v = final;
      refs = unionRefs(refs, finalRefs);
    }
    this.refs = refs;
    this.iface = false;
    return v;
  }

  private callBuiltin(b: BuiltinName, argv: unknown[], args: ArgNode[] | null, final: Final): unknown {
    const argRefs = this.callRefs;
    {
      switch (b) {
        case 'call': {
          // Go inserts the callee's name (its node, or the piped value) for call's messages.
          const calleeName = args === null || args.length < 2 ? String(final) : nodeToString(args[1]);
          return this.callBuiltinCall(calleeName, argv);
        }
        case 'not':
          return B.builtinNot(argv);
        case 'len':
          return B.builtinLen(argv);
        case 'index': {
          if (!this.tracking) return B.builtinIndex(argv);
          let refs = argRefs[0];
          const result = B.builtinIndex(argv, (container, key) => {
            if (typeof container === 'object' && container !== null && (typeof key === 'string' || typeof key === 'bigint')) {
              refs = this.childRefs(container, typeof key === 'bigint' ? Number(key) : key, refs);
            } else refs = undefined;
          });
          this.refs = refs;
          return result;
        }
        case 'slice':
          return B.builtinSlice(argv);
        case 'print':
          return B.builtinPrint(argv);
        case 'printf':
          return this.printf(argv, argRefs);
        case 'println':
          return B.builtinPrintln(argv);
        case 'eq':
          return B.builtinEq(argv);
        case 'ne':
          return B.builtinNe(argv);
        case 'lt':
          return B.builtinLt(argv);
        case 'le':
          return B.builtinLe(argv);
        case 'gt':
          return B.builtinGt(argv);
        case 'ge':
          return B.builtinGe(argv);
        case 'html':
          return B.builtinHtml(argv);
        case 'js':
          return B.builtinJs(argv);
        case 'urlquery':
          return B.builtinUrlquery(argv);
        default:
          throw new Error(`unknown builtin ${b}`);
      }
    }
  }

  /**
   * printf keeping provenance: with tracked arguments (TrackedStrings, or values with refs) and a
   * format of simple verbs, each argument's text becomes its own piece (a TrackedString passed to
   * %s/%v keeps its segments).
   */
  private printf(argv: unknown[], argRefs: (ValueRef[] | undefined)[]): unknown {
    const format = argv[0] instanceof TrackedString ? argv[0].text : (argv[0] as string);
    const rest = argv.slice(1);
    let tracked = false;
    for (let i = 1; i < argv.length; i++) {
      if (argv[i] instanceof TrackedString || (argRefs[i] && argRefs[i]!.length > 0)) {
        tracked = true;
        break;
      }
    }
    if (!tracked) return sprintf(format, rest);
    const directives = splitSimpleFormat(format);
    if (directives === null || directives.verbs !== rest.length) return sprintf(format, rest);
    const b = new TrackedBuilder();
    const site = this.site;
    let argIndex = 0;
    for (const piece of directives.pieces) {
      if (piece.verb === null) {
        b.append(piece.text.replace(/%%/g, '%'));
        continue;
      }
      const arg = rest[argIndex];
      const refs = argRefs[argIndex + 1];
      argIndex++;
      if (arg instanceof TrackedString && (piece.text === '%s' || piece.text === '%v')) b.append(arg);
      else b.appendAction(sprintf(piece.text, [arg]), site, refs);
    }
    return b.build();
  }

  private callBuiltinCall(calleeName: string, argv: unknown[]): unknown {
    let fn = argv[0];
    if (fn instanceof TrackedString) fn = fn.text;
    {
      if (fn === undefined || fn === null) throw new Error('call of nil');
      if (typeof fn !== 'function') throw new Error(`non-function ${calleeName} of type ${goTypeOf(fn)}`);
      const params = paramsOf(fn);
      const args = argv.slice(1).map((a) => (a instanceof TrackedString ? a.text : a));
      if (params) {
        const variadic = isVariadic(fn);
        const numIn = params.length;
        if (variadic) {
          if (args.length < numIn - 1) throw new Error(`wrong number of args for ${calleeName}: got ${args.length} want at least ${numIn - 1}`);
        } else if (args.length !== numIn) {
          throw new Error(`wrong number of args for ${calleeName}: got ${args.length} want ${numIn}`);
        }
        for (let i = 0; i < args.length; i++) {
          const t = variadic && i >= numIn - 1 ? params[numIn - 1] : params[i];
          let a = args[i];
          if (a === undefined) a = args[i] = null;
          if (a === null) {
            if (!canBeNil(t)) throw new Error(`arg ${i}: value is nil; should be of type ${t}`);
          } else if (!assignable(a, t)) throw new Error(`arg ${i}: value has type ${goTypeOf(a)}; should be ${t}`);
        }
      }
      const result = (fn as (...a: unknown[]) => unknown)(...args);
      return result === undefined ? null : result;
    }
  }

  /** evalArg with no type (Go's nil type): for (pipe).Field and fn.Field. */
  private evalArgUntyped(dot: unknown, n: ArgNode): unknown {
    this.node = n;
    switch (n.type) {
      case NodeType.Pipe:
        return this.evalPipeline(dot, n);
      case NodeType.Identifier:
        return this.evalFunction(dot, n, n, null, MISSING, undefined);
      case NodeType.Chain:
        return this.evalChainNode(dot, n, null, MISSING, undefined);
      default:
        return this.evalArg(dot, 'reflect', n);
    }
  }

  private evalArg(dot: unknown, typ: ParamType, n: ArgNode): unknown {
    this.node = n;
    switch (n.type) {
      case NodeType.Dot:
        this.refs = this.dotRefs;
        this.iface = this.dotIface;
        return this.validateType(dot, typ);
      case NodeType.Nil:
        this.refs = undefined;
        if (canBeNil(typ)) return typ === 'reflect' ? undefined : null;
        this.errorf(`cannot assign nil to ${typ}`);
      case NodeType.Field:
        return this.validateType(this.evalFieldNode(dot, n, null, MISSING, undefined), typ);
      case NodeType.Variable:
        return this.validateType(this.evalVariableNode(dot, n, null, MISSING, undefined), typ);
      case NodeType.Pipe:
        return this.validateType(this.evalPipeline(dot, n), typ);
      case NodeType.Identifier:
        return this.validateType(this.evalFunction(dot, n, n, null, MISSING, undefined), typ);
      case NodeType.Chain:
        return this.validateType(this.evalChainNode(dot, n, null, MISSING, undefined), typ);
    }
    this.refs = undefined;
    this.iface = false;
    switch (typ) {
      case 'bool':
        if (n.type === NodeType.Bool) return n.value;
        this.errorf(`expected bool; found ${nodeToString(n)}`);
      case 'float64':
        if (n.type === NodeType.Number && n.isFloat) return n.float64;
        this.errorf(`expected float; found ${nodeToString(n)}`);
      case 'int':
      case 'int64':
        if (n.type === NodeType.Number && n.isInt) return n.int64;
        this.errorf(`expected integer; found ${nodeToString(n)}`);
      case 'string':
        if (n.type === NodeType.String) return n.text;
        this.errorf(`expected string; found ${nodeToString(n)}`);
      case 'any':
      case 'reflect':
        switch (n.type) {
          case NodeType.Bool:
            return n.value;
          case NodeType.Number:
            return this.idealConstant(n);
          case NodeType.String:
            return n.text;
        }
    }
    this.errorf(`can't handle ${nodeToString(n)} for arg of type ${typ}`);
  }

  /** Guarantees the value is valid and assignable to the parameter type (Go's validateType). */
  private validateType(value: unknown, typ: ParamType): unknown {
    if (value === undefined) {
      if (typ === 'reflect') return undefined;
      if (canBeNil(typ)) return null;
      this.errorf(`invalid value; expected ${typ}`);
    }
    if (typ === 'any' || typ === 'reflect') return value;
    if (!assignable(value, typ)) {
      this.errorf(`wrong type for value; expected ${typ}; got ${value === null ? 'interface {}' : goTypeOf(value)}`);
    }
    return value;
  }

  private printValue(node: ActionRange & Node, v: unknown): void {
    this.node = node;
    const tree = node.tree;
    if (v === undefined || v === null) {
      this.out.writeValue('<no value>', tree.parseName, node.start, node.end, this.refs);
      return;
    }
    if (typeof v === 'function') this.errorf(`can't print ${nodeToString(node)} of type ${goTypeOf(v)}`);
    if (v instanceof TrackedString) {
      this.out.writeValue(v, tree.parseName, node.start, node.end, this.refs);
      return;
    }
    this.out.writeValue(formatPrintable(v), tree.parseName, node.start, node.end, this.refs);
  }
}

function isRuneInt(s: string): boolean {
  return s.length > 0 && s[0] === "'";
}

function isHexInt(s: string): boolean {
  return s.length > 2 && s[0] === '0' && (s[1] === 'x' || s[1] === 'X') && !/[pP]/.test(s);
}

function callWithContext(fn: TemplateFunction, ctx: CallContext, a: unknown[]): unknown {
  switch (a.length) {
    case 0:
      return fn(ctx);
    case 1:
      return fn(ctx, a[0]);
    case 2:
      return fn(ctx, a[0], a[1]);
    case 3:
      return fn(ctx, a[0], a[1], a[2]);
    default:
      return fn(ctx, ...a);
  }
}

// ---- signatures of methods and func values (optional) ----

interface Signature {
  params: readonly GoParamType[];
  variadic: boolean;
}

const signatures = new WeakMap<object, Signature>();

/**
 * Declares the Go signature of a method or a func value found in data, so the executor checks
 * arity and argument types as Go does (`wrong number of args for Get: want 1 got 0`).
 */
export function declareSignature<F extends (...args: never[]) => unknown>(fn: F, params: readonly GoParamType[], variadic = false): F {
  signatures.set(fn, { params, variadic });
  return fn;
}

/** The names of T's methods. */
type MethodName<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T] & string;

/**
 * Declares the Go signature of a class's method by name (`declareMethodSignature(Files.prototype,
 * 'Get', ['string'])`): the method is looked up here, never taken off its prototype by the caller,
 * because the executor calls it on its instance.
 */
export function declareMethodSignature<T extends object>(prototype: T, name: MethodName<T>, params: readonly GoParamType[], variadic = false): void {
  const method: unknown = prototype[name];
  if (typeof method !== 'function') throw new TypeError(`${name} is not a method`);
  signatures.set(method, { params, variadic });
}

function paramsOf(fn: unknown): readonly GoParamType[] | undefined {
  return typeof fn === 'function' ? signatures.get(fn)?.params : undefined;
}

function isVariadic(fn: unknown): boolean {
  return typeof fn === 'function' ? (signatures.get(fn)?.variadic ?? false) : false;
}

/** Splits a printf format into literal text and simple directives (no [n] indexes, no '*'). */
function splitSimpleFormat(format: string): { pieces: { text: string; verb: string | null }[]; verbs: number } | null {
  const pieces: { text: string; verb: string | null }[] = [];
  const re = /%%|%[-+# 0]*\d*(?:\.\d*)?([a-zA-Z])/g;
  let last = 0;
  let verbs = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(format)) !== null) {
    if (m[0] === '%%') continue;
    if (m.index > last) pieces.push({ text: format.slice(last, m.index), verb: null });
    pieces.push({ text: m[0], verb: m[1] });
    verbs++;
    last = m.index + m[0].length;
  }
  if (last < format.length) pieces.push({ text: format.slice(last), verb: null });
  // Anything else with a % (indexes, '*', a dangling %) is left to plain sprintf.
  for (const p of pieces) if (p.verb === null && p.text.replace(/%%/g, '').includes('%')) return null;
  return { pieces, verbs };
}


function textOfArg(v: unknown): string {
  return v instanceof TrackedString ? v.text : typeof v === 'string' ? v : String(v);
}
