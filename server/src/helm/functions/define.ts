/**
 * Declaring a template function with its Go signature. The engine checks arity and argument
 * types with Go's messages for the parameter types it knows (FunctionSpec.params) and converts
 * template constants as Go does; the few types it does not know (time.Time, uint32) are declared
 * `interface {}` to the engine and checked here, with the same wording.
 *
 * Implementations receive Go ints as JS numbers (parameters declared 'int') or bigints ('int64').
 */
import type { CallContext, FunctionSpec, GoParamType } from '../template';
import { goTypeOf, isTracked } from '../template';
import { ArgumentError } from './errors';
import { GoTime } from './time/go-time';

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

export interface Signature<P extends readonly GoParam[], V extends GoParam | undefined> {
  params: P;
  /** The type of a trailing variadic parameter (`...interface{}`), if any. */
  variadic?: V;
}

type Impl<P extends readonly GoParam[], V extends GoParam | undefined> = V extends GoParam
  ? (...args: [...ConvertedList<P>, ...Array<Converted<V>>]) => unknown
  : (...args: ConvertedList<P>) => unknown;

/** The engine's name for a parameter type (types it does not know are interface{} to it). */
function engineType(p: GoParam): GoParamType {
  switch (p) {
    case 'interface {}':
    case 'time.Time':
    case 'uint32':
      return 'any';
    default:
      return p;
  }
}

function wrongType(expected: GoParam, value: unknown): ArgumentError {
  const got = value === null || value === undefined ? 'interface {}' : goTypeOf(value);
  return new ArgumentError(`wrong type for value; expected ${expected}; got ${got}`);
}

/** Finishes the engine's conversion of one argument for the implementation. */
function finish(type: GoParam, value: unknown): unknown {
  switch (type) {
    case 'int':
      return Number(BigInt.asIntN(64, value as bigint));
    case 'interface {}':
      return value === undefined ? null : value;
    case 'time.Time':
      if (value instanceof GoTime) return value;
      throw wrongType(type, value);
    case 'uint32':
      if (typeof value === 'bigint' && value >= 0n && value < 2n ** 32n) return value;
      throw wrongType(type, value);
    default:
      return value;
  }
}

/** Whether any parameter needs more than the engine's conversion (the engine already turns a missing value into nil). */
function needsFinishing(types: readonly GoParam[]): boolean {
  return types.some((t) => t === 'int' || t === 'time.Time' || t === 'uint32');
}

function specOf(
  signature: { params: readonly GoParam[]; variadic?: GoParam },
  call: (ctx: CallContext, args: unknown[]) => unknown,
  tracking: boolean,
): FunctionSpec {
  const { params, variadic } = signature;
  const all = variadic === undefined ? params : [...params, variadic];
  const finishing = needsFinishing(all);
  const fixed = params.length;
  const fn = (ctx: CallContext, ...args: unknown[]): unknown => {
    if (finishing) {
      for (let i = 0; i < args.length; i++) args[i] = finish(i < fixed ? params[i] : (variadic as GoParam), args[i]);
    }
    return call(ctx, args);
  };
  const spec: FunctionSpec = { fn, params: all.map(engineType) };
  if (variadic !== undefined) spec.variadic = true;
  if (tracking) spec.tracking = true;
  return spec;
}

/** A function with a Go signature and an implementation that does not need the call context. */
export function goFunc<const P extends readonly GoParam[], const V extends GoParam | undefined = undefined>(
  _name: string,
  signature: Signature<P, V>,
  impl: Impl<P, V>,
): FunctionSpec {
  const f = impl as (...args: unknown[]) => unknown;
  return specOf(signature, (_ctx, args) => f(...args), false);
}

/** Like goFunc, for implementations that need the call context (include, tpl, toYaml's provenance). */
export function goFuncWithContext<const P extends readonly GoParam[], const V extends GoParam | undefined = undefined>(
  _name: string,
  signature: Signature<P, V>,
  impl: (ctx: CallContext, ...args: unknown[]) => unknown,
): FunctionSpec {
  return specOf(signature, (ctx, args) => impl(ctx, ...args), false);
}

/**
 * A tracking-aware function (HELM-CONTRACT.md): the engine hands it TrackedString arguments as
 * they are; its string parameters take either form and it keeps segments in what it returns.
 */
export function trackingFunc(
  _name: string,
  signature: { params: readonly GoParam[]; variadic?: GoParam },
  impl: (ctx: CallContext, ...args: unknown[]) => unknown,
): FunctionSpec {
  return specOf(signature, (ctx, args) => impl(ctx, ...args), true);
}

export { isTracked };
