/**
 * Go's template builtins (text/template/funcs.go) over the Go value model. `and`, `or` and `call`
 * need the evaluator (short-circuit, callee name) and are special-cased in exec.ts; everything
 * else is here. Errors are thrown as plain Errors with Go's text; the executor adds
 * "error calling NAME: ".
 */
import { sprint, sprintf, sprintln } from './fmt';
import { isPrint, quote } from './strconv';
import { TrackedString } from './tracked';
import { compareGoStrings, goTypeOf, isGoMap, isTrue, mapGet } from './values';

/** Arguments of a builtin: reflect.Value-like (null = nil interface, undefined = invalid). */
type Args = unknown[];

function unwrap(v: unknown): unknown {
  return v instanceof TrackedString ? v.text : v;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Go's len of a string: its UTF-8 byte count. */
export function goStringLen(s: string): number {
  return isAscii(s) ? s.length : Buffer.byteLength(s, 'utf8');
}

function indexArg(index: unknown, cap: number): number {
  index = unwrap(index);
  if (index === undefined || index === null) throw new Error('cannot index slice/array with nil');
  if (typeof index !== 'bigint') throw new Error(`cannot index slice/array with type ${goTypeOf(index)}`);
  if (index < 0n || index > BigInt(cap)) throw new Error(`index out of range: ${index}`);
  return Number(index);
}

/** One step of `index`: item[key] with Go's errors. `onStep` learns the container and key used. */
export function indexStep(item: unknown, key: unknown): unknown {
  item = unwrap(item);
  if (typeof item === 'string') {
    const bytes = isAscii(item) ? null : Buffer.from(item, 'utf8');
    const len = bytes ? bytes.length : item.length;
    const x = indexArg(key, len);
    if (x >= len) throw new Error('reflect: string index out of range');
    return BigInt(bytes ? bytes[x] : item.charCodeAt(x));
  }
  if (Array.isArray(item)) {
    const x = indexArg(key, item.length);
    if (x >= item.length) throw new Error('reflect: slice index out of range');
    return item[x];
  }
  if (isGoMap(item)) {
    key = unwrap(key);
    if (key === undefined || key === null) throw new Error('value is nil; should be of type string');
    if (typeof key !== 'string') throw new Error(`value has type ${goTypeOf(key)}; should be string`);
    const v = mapGet(item, key);
    return v === undefined ? null : v;
  }
  if (item === null || item === undefined) throw new Error('index of nil pointer');
  throw new Error(`can't index item of type ${goTypeOf(item)}`);
}

export function builtinIndex(args: Args, onStep?: (container: unknown, key: unknown) => void): unknown {
  let item = unwrap(args[0]);
  if (item === undefined || item === null) throw new Error('index of untyped nil');
  for (let i = 1; i < args.length; i++) {
    if (item === null) throw new Error('index of nil pointer');
    const container = item;
    item = indexStep(item, args[i]);
    if (onStep) onStep(container, unwrap(args[i]));
  }
  return item;
}

function sliceString(s: string, i: number, j: number): string {
  if (isAscii(s)) return s.slice(i, j);
  return Buffer.from(s, 'utf8').subarray(i, j).toString('utf8');
}

export function builtinSlice(args: Args): unknown {
  const item = unwrap(args[0]);
  if (item === undefined || item === null) throw new Error('slice of untyped nil');
  const indexes = args.length - 1;
  if (indexes > 3) throw new Error(`too many slice indexes: ${indexes}`);
  let cap: number;
  let len: number;
  if (typeof item === 'string') {
    if (indexes === 3) throw new Error('cannot 3-index slice a string');
    cap = len = goStringLen(item);
  } else if (Array.isArray(item)) {
    cap = len = item.length;
  } else throw new Error(`can't slice item of type ${goTypeOf(item)}`);
  const idx = [0, len, 0];
  for (let k = 0; k < indexes; k++) idx[k] = indexArg(args[k + 1], cap);
  if (idx[0] > idx[1]) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes === 3 && idx[1] > idx[2]) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof item === 'string') return sliceString(item, idx[0], idx[1]);
  return (item as unknown[]).slice(idx[0], idx[1]);
}

export function builtinLen(args: Args): bigint {
  const item = unwrap(args[0]);
  if (item === null) throw new Error('len of nil pointer');
  if (item === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  if (typeof item === 'string') return BigInt(goStringLen(item));
  if (Array.isArray(item)) return BigInt(item.length);
  if (isGoMap(item)) return BigInt(Object.keys(item).length);
  throw new Error(`len of type ${goTypeOf(item)}`);
}

// ---- comparison ----

const enum Kind {
  Invalid,
  Bool,
  Int,
  Float,
  String,
}

function basicKind(v: unknown): Kind {
  switch (typeof v) {
    case 'boolean':
      return Kind.Bool;
    case 'bigint':
      return Kind.Int;
    case 'number':
      return Kind.Float;
    case 'string':
      return Kind.String;
    default:
      return Kind.Invalid;
  }
}

function isNilValue(v: unknown): boolean {
  return v === undefined || v === null;
}

function comparable(v: unknown): boolean {
  return !(Array.isArray(v) || isGoMap(v) || typeof v === 'function');
}

/** fmt's %s of a reflect.Value in eq's messages. */
function show(v: unknown): string {
  return sprintf('%s', [v]);
}

export function builtinEq(args: Args): boolean {
  const arg1 = unwrap(args[0]);
  if (args.length < 2) throw new Error('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (let i = 1; i < args.length; i++) {
    const arg = unwrap(args[i]);
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (!isNilValue(arg1) && !isNilValue(arg)) {
        throw new Error(`incompatible types for comparison: ${goTypeOf(arg1)} and ${goTypeOf(arg)}`);
      }
    } else {
      switch (k1) {
        case Kind.Bool:
        case Kind.Int:
        case Kind.Float:
        case Kind.String:
          truth = arg1 === arg;
          break;
        default: {
          const n1 = isNilValue(arg1);
          const n2 = isNilValue(arg);
          const kindOf = (v: unknown) => (isNilValue(v) ? 'invalid' : Array.isArray(v) ? 'slice' : isGoMap(v) ? 'map' : typeof v);
          if (!n1 && !n2 && kindOf(arg1) !== kindOf(arg)) {
            throw new Error(`non-comparable types ${show(arg1)}: ${goTypeOf(arg1)}, ${goTypeOf(arg)}: ${show(arg)}`);
          }
          if (n1 || n2) truth = n1 === n2;
          else {
            if (!comparable(arg)) throw new Error(`non-comparable type ${show(arg)}: ${goTypeOf(arg)}`);
            truth = arg1 === arg;
          }
        }
      }
    }
    if (truth) return true;
  }
  return false;
}

export function builtinNe(args: Args): boolean {
  return !builtinEq(args);
}

export function builtinLt(args: Args): boolean {
  const arg1 = unwrap(args[0]);
  const arg2 = unwrap(args[1]);
  const k1 = basicKind(arg1);
  if (k1 === Kind.Invalid) throw new Error('invalid type for comparison');
  const k2 = basicKind(arg2);
  if (k2 === Kind.Invalid) throw new Error('invalid type for comparison');
  if (k1 !== k2) throw new Error(`incompatible types for comparison: ${goTypeOf(arg1)} and ${goTypeOf(arg2)}`);
  switch (k1) {
    case Kind.Bool:
      throw new Error('invalid type for comparison');
    case Kind.String:
      return compareGoStrings(arg1 as string, arg2 as string) < 0;
    default:
      return (arg1 as number) < (arg2 as number);
  }
}

export function builtinLe(args: Args): boolean {
  if (builtinLt(args)) return true;
  return builtinEq(args);
}

export function builtinGt(args: Args): boolean {
  return !builtinLe(args);
}

export function builtinGe(args: Args): boolean {
  return !builtinLt(args);
}

export function builtinNot(args: Args): boolean {
  return !isTrue(unwrap(args[0]));
}

// ---- escaping ----

/** evalArgs: a lone string as is, else fmt.Sprint with nil printed as <no value>. */
function evalArgs(args: Args): string {
  if (args.length === 1) {
    const a = unwrap(args[0]);
    if (typeof a === 'string') return a;
  }
  return sprint(args.map((a) => (a === null || a === undefined ? '<no value>' : a)));
}

export function htmlEscapeString(s: string): string {
  if (!/['"&<>\0]/.test(s)) return s;
  return s.replace(/['"&<>\0]/g, (c) => {
    switch (c) {
      case '\0':
        return '\uFFFD';
      case '"':
        return '&#34;';
      case "'":
        return '&#39;';
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      default:
        return '&gt;';
    }
  });
}

export function jsEscapeString(s: string): string {
  let out = '';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (r < 0x20) out += '\\u00' + r.toString(16).toUpperCase().padStart(2, '0');
    else if (r < 0x80) out += ch;
    else if (isPrint(r)) out += ch;
    else out += '\\u' + r.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** url.QueryEscape */
export function queryEscape(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  let out = '';
  for (const b of bytes) {
    if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x5f || b === 0x2e || b === 0x7e) {
      out += String.fromCharCode(b);
    } else if (b === 0x20) out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

export function builtinHtml(args: Args): string {
  return htmlEscapeString(evalArgs(args));
}

export function builtinJs(args: Args): string {
  return jsEscapeString(evalArgs(args));
}

export function builtinUrlquery(args: Args): string {
  return queryEscape(evalArgs(args));
}

export function builtinPrint(args: Args): string {
  return sprint(args);
}

export function builtinPrintln(args: Args): string {
  return sprintln(args);
}

export function builtinPrintf(args: Args): string {
  return sprintf(unwrap(args[0]) as string, args.slice(1));
}

/** For error messages of `call`. */
export function describeCallee(v: unknown): string {
  return quote(String(v));
}
