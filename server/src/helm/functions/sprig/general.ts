/**
 * sprig's defaults, type conversion, math, reflection, paths, encoding, uuid and semver
 * functions (defaults.go, numeric.go, reflect.go, functions.go, semver.go).
 */
import { type FunctionMap, formatValue, goKindOf, goTypeOf } from '../../template';
import { goFunc, trackingFunc } from '../define';
import { decodeBase32, decodeBase64, encodeBase32, encodeBase64 } from '../encoding/base';
import { marshalJson } from '../encoding/json';
import { unmarshalJson } from '../encoding/json-decode';
import type { ResolvedOptions } from '../options';
import { toInt64 as castInt64, deepEqual, isEmpty, parseFloat0, toFloat64 } from './cast';
import { decimalOp } from './decimal';
import { pathBase, pathClean, pathDir, pathExt, pathIsAbs } from './paths';
import { SemverVersion, semverCompare } from './semver';
import { toStrings } from './strings';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.Atoi, as sprig uses it: 0 on a syntax error, the clamped value on a range error. */
function atoi(s: string): bigint {
  const m = /^[+-]?[0-9]+$/.exec(s);
  if (!m) return 0n;
  const v = BigInt(s);
  if (v > INT64_MAX) return INT64_MAX;
  if (v < INT64_MIN) return INT64_MIN;
  return v;
}

/** sprig's toDecimal: the value printed with %v, read as an octal number (0 when it is not one). */
function toDecimal(v: unknown): bigint {
  const s = formatValue(v);
  if (!/^[+-]?[0-7]+$/.test(s)) return 0n;
  const n = BigInt((s[0] === '-' ? '-' : '') + '0o' + s.replace(/^[+-]/, ''));
  return n > INT64_MAX || n < INT64_MIN ? 0n : n;
}

function wrap64(n: bigint): bigint {
  return BigInt.asIntN(64, n);
}

function integerDivide(a: bigint, b: bigint, op: 'div' | 'mod'): bigint {
  if (b === 0n) throw new Error('runtime error: integer divide by zero');
  if (a === INT64_MIN && b === -1n) return op === 'div' ? INT64_MIN : 0n; // Go wraps without a panic
  return op === 'div' ? a / b : a % b;
}

/** math.Max / math.Min with Go's NaN, infinity and signed-zero rules. */
function goMax(x: number, y: number): number {
  if (x === Infinity || y === Infinity) return Infinity;
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  if (x === 0 && x === y) return Object.is(x, -0) ? y : x;
  return x > y ? x : y;
}

function goMin(x: number, y: number): number {
  if (x === -Infinity || y === -Infinity) return -Infinity;
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  if (x === 0 && x === y) return Object.is(x, -0) ? x : y;
  return x < y ? x : y;
}

/** sprig's round: rounds up when the fraction reaches roundOn (0.5 by default). */
function round(a: unknown, places: number, roundOn = 0.5): number {
  const val = toFloat64(a);
  const pow = Math.pow(10, places);
  const digit = pow * val;
  const frac = digit - Math.trunc(digit);
  const r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

/** github.com/google/uuid's New(): a random (version 4, RFC 4122 variant) UUID. */
function uuidv4(options: ResolvedOptions): string {
  const b = options.random.bytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function swallow<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

export function generalFunctions(options: ResolvedOptions): FunctionMap {
  const any1 = { params: ['interface {}'] } as const;
  const anyN = { params: [], variadic: 'interface {}' } as const;
  const firstAndRest = { params: ['interface {}'], variadic: 'interface {}' } as const;
  return {
    // defaults.go
    default: trackingFunc('default', { params: ['interface {}'], variadic: 'interface {}' }, (_ctx, d, ...given) =>
      given.length === 0 || isEmpty(given[0]) ? d : given[0]),
    empty: goFunc('empty', any1, isEmpty),
    coalesce: goFunc('coalesce', anyN, (...v) => v.find((x) => !isEmpty(x)) ?? null),
    all: goFunc('all', anyN, (...v) => v.every((x) => !isEmpty(x))),
    any: goFunc('any', anyN, (...v) => v.some((x) => !isEmpty(x))),
    ternary: goFunc('ternary', { params: ['interface {}', 'interface {}', 'bool'] }, (vt, vf, v) => (v ? vt : vf)),
    toPrettyJson: goFunc('toPrettyJson', any1, (v) => swallow(() => marshalJson(v, { escapeHTML: true, indent: '  ' }), '')),
    mustToPrettyJson: goFunc('mustToPrettyJson', any1, (v) => marshalJson(v, { escapeHTML: true, indent: '  ' })),
    toRawJson: goFunc('toRawJson', any1, (v) => marshalJson(v, { escapeHTML: false })),
    mustToRawJson: goFunc('mustToRawJson', any1, (v) => marshalJson(v, { escapeHTML: false })),
    mustFromJson: goFunc('mustFromJson', { params: ['string'] }, (s) => unmarshalJson(s)),

    // conversion
    atoi: goFunc('atoi', { params: ['string'] }, atoi),
    int64: goFunc('int64', any1, castInt64),
    int: goFunc('int', any1, castInt64),
    float64: goFunc('float64', any1, toFloat64),
    toDecimal: goFunc('toDecimal', any1, toDecimal),
    toStrings: goFunc('toStrings', any1, toStrings),

    // numeric.go and functions.go
    add1: goFunc('add1', any1, (i) => wrap64(castInt64(i) + 1n)),
    add: goFunc('add', anyN, (...xs) => xs.reduce<bigint>((a, x) => wrap64(a + castInt64(x)), 0n)),
    sub: goFunc('sub', { params: ['interface {}', 'interface {}'] }, (a, b) => wrap64(castInt64(a) - castInt64(b))),
    div: goFunc('div', { params: ['interface {}', 'interface {}'] }, (a, b) => integerDivide(castInt64(a), castInt64(b), 'div')),
    mod: goFunc('mod', { params: ['interface {}', 'interface {}'] }, (a, b) => integerDivide(castInt64(a), castInt64(b), 'mod')),
    mul: goFunc('mul', firstAndRest, (a, ...v) => v.reduce<bigint>((acc, x) => wrap64(acc * castInt64(x)), castInt64(a))),
    randInt: goFunc('randInt', { params: ['int', 'int'] }, (min, max) => {
      if (max - min <= 0) throw new Error('invalid argument to Intn');
      return BigInt(options.random.int(max - min) + min);
    }),
    add1f: goFunc('add1f', any1, (i) => decimalOp(i, [1n], 'add')),
    addf: goFunc('addf', anyN, (...xs) => decimalOp(0, xs, 'add')),
    subf: goFunc('subf', firstAndRest, (a, ...v) => decimalOp(a, v, 'sub')),
    divf: goFunc('divf', firstAndRest, (a, ...v) => decimalOp(a, v, 'div')),
    mulf: goFunc('mulf', firstAndRest, (a, ...v) => decimalOp(a, v, 'mul')),
    biggest: goFunc('biggest', firstAndRest, (a, ...v) => v.reduce<bigint>((m, x) => (castInt64(x) > m ? castInt64(x) : m), castInt64(a))),
    max: goFunc('max', firstAndRest, (a, ...v) => v.reduce<bigint>((m, x) => (castInt64(x) > m ? castInt64(x) : m), castInt64(a))),
    min: goFunc('min', firstAndRest, (a, ...v) => v.reduce<bigint>((m, x) => (castInt64(x) < m ? castInt64(x) : m), castInt64(a))),
    maxf: goFunc('maxf', firstAndRest, (a, ...v) => v.reduce<number>((m, x) => goMax(m, toFloat64(x)), toFloat64(a))),
    minf: goFunc('minf', firstAndRest, (a, ...v) => v.reduce<number>((m, x) => goMin(m, toFloat64(x)), toFloat64(a))),
    ceil: goFunc('ceil', any1, (a) => Math.ceil(toFloat64(a))),
    floor: goFunc('floor', any1, (a) => Math.floor(toFloat64(a))),
    round: goFunc('round', { params: ['interface {}', 'int'], variadic: 'float64' }, (a, p, ...r) => round(a, p, r.length > 0 ? r[0] : 0.5)),

    // reflect.go
    typeOf: goFunc('typeOf', any1, goTypeOf),
    typeIs: goFunc('typeIs', { params: ['string', 'interface {}'] }, (t, v) => t === goTypeOf(v)),
    typeIsLike: goFunc('typeIsLike', { params: ['string', 'interface {}'] }, (t, v) => t === goTypeOf(v) || '*' + t === goTypeOf(v)),
    kindOf: goFunc('kindOf', any1, goKindOf),
    kindIs: goFunc('kindIs', { params: ['string', 'interface {}'] }, (t, v) => t === goKindOf(v)),
    deepEqual: goFunc('deepEqual', { params: ['interface {}', 'interface {}'] }, (a, b) => deepEqual(a, b)),

    // paths (path and, on Linux, path/filepath)
    base: goFunc('base', { params: ['string'] }, pathBase),
    dir: goFunc('dir', { params: ['string'] }, pathDir),
    clean: goFunc('clean', { params: ['string'] }, pathClean),
    ext: goFunc('ext', { params: ['string'] }, pathExt),
    isAbs: goFunc('isAbs', { params: ['string'] }, pathIsAbs),
    osBase: goFunc('osBase', { params: ['string'] }, pathBase),
    osClean: goFunc('osClean', { params: ['string'] }, pathClean),
    osDir: goFunc('osDir', { params: ['string'] }, pathDir),
    osExt: goFunc('osExt', { params: ['string'] }, pathExt),
    osIsAbs: goFunc('osIsAbs', { params: ['string'] }, pathIsAbs),

    // encoding: a decoding error is the result, as sprig returns err.Error()
    b64enc: goFunc('b64enc', { params: ['string'] }, encodeBase64),
    b64dec: goFunc('b64dec', { params: ['string'] }, (s) => {
      try {
        return decodeBase64(s).toString('utf8');
      } catch (e) {
        return (e as Error).message;
      }
    }),
    b32enc: goFunc('b32enc', { params: ['string'] }, encodeBase32),
    b32dec: goFunc('b32dec', { params: ['string'] }, (s) => {
      try {
        return decodeBase32(s).toString('utf8');
      } catch (e) {
        return (e as Error).message;
      }
    }),

    uuidv4: goFunc('uuidv4', { params: [] }, () => uuidv4(options)),
    semver: goFunc('semver', { params: ['string'] }, (v) => SemverVersion.parse(v)),
    semverCompare: goFunc('semverCompare', { params: ['string', 'string'] }, semverCompare),
  };
}

export { parseFloat0 };
