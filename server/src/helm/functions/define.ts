/**
 * Declaring a template function with its Go signature, so that calls are checked as Go's
 * text/template checks them (argument count, assignability of each argument to the parameter
 * type) before the implementation runs with converted arguments.
 *
 * Value model (HELM-CONTRACT.md): a missing key or nil reaches a function as undefined / null,
 * which Go (Helm renders with missingkey=zero) passes as a nil interface{}: assignable only to
 * interface{} parameters, otherwise "wrong type for value; expected T; got interface {}".
 */
import { ArgumentError } from './errors';
import { goTypeName, isPlainObject } from './go-values';
import { GoTime } from './time/go-time';
import type { CallContext, FunctionSpec, TemplateFunction } from './engine-types';
import { isTracked } from './tracked-string';

/** Parameter types of sprig's and Helm's functions, by their Go names. */
export type GoParam = 'interface {}' | 'string' | 'int' | 'int64' | 'uint32' | 'float64' | 'bool' | 'map[string]interface {}' | '[]interface {}' | 'time.Time';

/** What each parameter type becomes in the implementation. */
type Converted<T extends GoParam> = T extends 'string' ? string
  : T extends 'int' ? number
  : T extends 'int64' | 'uint32' ? bigint
  : T extends 'float64' ? number
  : T extends 'bool' ? boolean
  : T extends 'map[string]interface {}' ? Record<string, unknown> | null
  : T extends '[]interface {}' ? unknown[] | null
  : T extends 'time.Time' ? GoTime
  : unknown;

type ConvertedList<P extends readonly GoParam[]> = { [K in keyof P]: P[K] extends GoParam ? Converted<P[K]> : never };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function wrongType(expected: GoParam, value: unknown): ArgumentError {
  const got = value === null || value === undefined ? 'interface {}' : goTypeName(value);
  return new ArgumentError(`wrong type for value; expected ${expected}; got ${got}`);
}

/**
 * Converts one argument as Go's validateType would, or throws its error. With `tracked`, a
 * string parameter also takes a TrackedString as it is.
 */
export function convertArg(type: GoParam, value: unknown, tracked = false): unknown {
  switch (type) {
    case 'interface {}':
      return value === undefined ? null : value;
    case 'string':
      if (typeof value === 'string' || (tracked && isTracked(value))) return value;
      break;
    case 'int':
      // bigint stands for both int and int64 in the value model; Go would refuse an int64 here.
      if (typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX) return Number(value);
      break;
    case 'int64':
      if (typeof value === 'bigint') return value;
      break;
    case 'uint32':
      if (typeof value === 'bigint' && value >= 0n && value < 2n ** 32n) return value;
      break;
    case 'float64':
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint') return Number(value); // an untyped integer constant converts
      break;
    case 'bool':
      if (typeof value === 'boolean') return value;
      break;
    case 'map[string]interface {}':
      if (isPlainObject(value)) return value;
      break;
    case '[]interface {}':
      if (Array.isArray(value)) return value;
      break;
    case 'time.Time':
      if (value instanceof GoTime) return value;
      break;
  }
  throw wrongType(type, value);
}

export interface Signature<P extends readonly GoParam[], V extends GoParam | undefined> {
  params: P;
  /** The type of a trailing variadic parameter (`...interface{}`), if any. */
  variadic?: V;
}

type Impl<P extends readonly GoParam[], V extends GoParam | undefined> = V extends GoParam
  ? (...args: [...ConvertedList<P>, ...Array<Converted<V>>]) => unknown
  : (...args: ConvertedList<P>) => unknown;

/** Checks arity and types of the template arguments, then calls `impl` with converted values. */
export function checkArgs(name: string, params: readonly GoParam[], variadic: GoParam | undefined, args: readonly unknown[], tracked = false): unknown[] {
  if (variadic === undefined ? args.length !== params.length : args.length < params.length) {
    const want = variadic === undefined ? `${params.length}` : `at least ${params.length}`;
    throw new ArgumentError(`wrong number of args for ${name}: want ${want} got ${args.length}`);
  }
  const out = new Array<unknown>(args.length);
  for (let i = 0; i < args.length; i++) out[i] = convertArg(i < params.length ? params[i] : (variadic as GoParam), args[i], tracked);
  return out;
}

/** A function with a Go signature and an implementation that does not need the call context. */
export function goFunc<const P extends readonly GoParam[], const V extends GoParam | undefined = undefined>(
  name: string,
  signature: Signature<P, V>,
  impl: Impl<P, V>,
): TemplateFunction {
  const call = impl as (...args: unknown[]) => unknown;
  return (_ctx: CallContext, ...args: unknown[]) => call(...checkArgs(name, signature.params, signature.variadic, args));
}

/** Like goFunc, for implementations that need the call context (include, tpl, toYaml's provenance). */
export function goFuncWithContext<const P extends readonly GoParam[], const V extends GoParam | undefined = undefined>(
  name: string,
  signature: Signature<P, V>,
  impl: (ctx: CallContext, ...args: unknown[]) => unknown,
): TemplateFunction {
  return (ctx: CallContext, ...args: unknown[]) => impl(ctx, ...checkArgs(name, signature.params, signature.variadic, args));
}

/**
 * A tracking-aware function (HELM-CONTRACT.md): the engine hands it TrackedString arguments as
 * they are; its string parameters take either form and it keeps segments in what it returns.
 */
export function trackingFunc(
  name: string,
  signature: { params: readonly GoParam[]; variadic?: GoParam },
  impl: (...args: unknown[]) => unknown,
): FunctionSpec {
  return { tracking: true, fn: (_ctx: CallContext, ...args: unknown[]) => impl(...checkArgs(name, signature.params, signature.variadic, args, true)) };
}
