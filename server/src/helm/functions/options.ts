/** Options of the function map: sources of time and randomness, and limits. */
import { randomBytes, randomInt } from 'node:crypto';
import type { CallContext } from '../template';

export interface RandomSource {
  /** A uniformly random integer in [0, n). */
  int(n: number): number;
  /** n random bytes. */
  bytes(n: number): Buffer;
}

export interface HelmFunctionOptions {
  /** The current time in milliseconds since the Unix epoch (`now`, `ago`, certificates). Default: Date.now. */
  clock?: () => number;
  /** Randomness for rand*, shuffle, uuidv4, keys and certificates. Default: node:crypto. */
  random?: RandomSource;
  /** IANA zone Go's Local stands for (`date`, `toDate`, …). Default: UTC, as on a server with TZ unset. */
  timeZone?: string;
  /** Helm's lint mode: `required` and `fail` warn instead of failing. */
  lintMode?: boolean;
  /** Largest string a function may build (repeat, indent, wrap …) before it stops with an error. */
  maxStringLength?: number;
  /** Largest list a function may build (until, untilStep, seq, …). */
  maxListLength?: number;
}

export const cryptoRandom: RandomSource = {
  int: (n) => randomInt(n),
  bytes: (n) => randomBytes(n),
};

export const DEFAULT_MAX_STRING_LENGTH = 32 * 1024 * 1024;
export const DEFAULT_MAX_LIST_LENGTH = 1_000_000;

/** Options with every default filled in. */
export interface ResolvedOptions {
  clock: () => number;
  random: RandomSource;
  timeZone: string | undefined;
  lintMode: boolean;
  maxStringLength: number;
  maxListLength: number;
}

export function resolveOptions(options: HelmFunctionOptions = {}): ResolvedOptions {
  return {
    clock: options.clock ?? Date.now,
    random: options.random ?? cryptoRandom,
    timeZone: options.timeZone,
    lintMode: options.lintMode ?? false,
    maxStringLength: options.maxStringLength ?? DEFAULT_MAX_STRING_LENGTH,
    maxListLength: options.maxListLength ?? DEFAULT_MAX_LIST_LENGTH,
  };
}

/**
 * A limit error: a runaway template stops here with a message saying which limit it hit. It is a
 * RangeError because the engine reports those as limit errors (not as the chart's mistake).
 */
export class LimitError extends RangeError {
  override readonly name = 'LimitError';
}

/** The longest string a function may build: the option, or the engine's output limit if lower. */
function stringLimit(options: ResolvedOptions, ctx: CallContext | undefined): number {
  const engine = ctx?.limits.outputBytes;
  return engine !== undefined && engine < options.maxStringLength ? engine : options.maxStringLength;
}

/** The longest list a function may build: the option, or the engine's range limit if lower. */
function listLimit(options: ResolvedOptions, ctx: CallContext | undefined): number {
  const engine = ctx?.limits.rangeItems;
  return engine !== undefined && engine < options.maxListLength ? engine : options.maxListLength;
}

/** Stops before building a string longer than the limits allow. */
export function checkStringLength(name: string, length: number, options: ResolvedOptions, ctx?: CallContext): void {
  const limit = stringLimit(options, ctx);
  if (length > limit) throw new LimitError(`${name}: the result would be ${length} characters long, over the limit of ${limit}`);
}

/** Stops before building a list longer than the limits allow. */
export function checkListLength(name: string, length: number, options: ResolvedOptions, ctx?: CallContext): void {
  const limit = listLimit(options, ctx);
  if (length > limit) throw new LimitError(`${name}: the result would have ${length} items, over the limit of ${limit}`);
}
