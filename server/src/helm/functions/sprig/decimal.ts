/**
 * The arithmetic of sprig's float functions (addf, subf, mulf, divf, add1f): each float64 becomes
 * a shopspring/decimal exact decimal of its shortest representation, the operation is exact
 * (division rounds half away from zero to 16 decimal places), and the result is read back as
 * the nearest float64.
 */
import { toFloat64 } from './cast';

interface Decimal {
  coef: bigint;
  exp: number;
}

const DIVISION_PRECISION = 16;

function fromFloat(f: number): Decimal {
  if (!Number.isFinite(f)) {
    throw new Error(`Cannot create a Decimal from ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  }
  if (f === 0) return { coef: 0n, exp: 0 };
  const [mantissa, exponent] = f.toExponential().split('e');
  const digits = mantissa.replace('.', '').replace('-', '');
  const coef = BigInt(digits) * (f < 0 ? -1n : 1n);
  return { coef, exp: Number(exponent) - (digits.length - 1) };
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  if (a.exp === b.exp) return [a.coef, b.coef, a.exp];
  if (a.exp < b.exp) return [a.coef, b.coef * pow10(b.exp - a.exp), a.exp];
  return [a.coef * pow10(a.exp - b.exp), b.coef, b.exp];
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

function compare(a: Decimal, b: Decimal): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return { coef: x + y, exp };
}

function sub(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return { coef: x - y, exp };
}

function mul(a: Decimal, b: Decimal): Decimal {
  return { coef: a.coef * b.coef, exp: a.exp + b.exp };
}

/** decimal.Div: QuoRem at 16 places, then rounding half away from zero on the remainder. */
function div(d: Decimal, d2: Decimal): Decimal {
  if (d2.coef === 0n) throw new Error('decimal division by 0');
  const scale = -DIVISION_PRECISION;
  const e = d.exp - d2.exp - scale;
  let aa: bigint;
  let bb: bigint;
  let scaleRest: number;
  if (e < 0) {
    aa = d.coef;
    bb = d2.coef * pow10(-e);
    scaleRest = d.exp;
  } else {
    aa = d.coef * pow10(e);
    bb = d2.coef;
    scaleRest = scale + d2.exp;
  }
  const q: Decimal = { coef: aa / bb, exp: scale };
  const r: Decimal = { coef: aa % bb, exp: scaleRest };
  const r2: Decimal = { coef: abs(r.coef) * 2n, exp: r.exp + DIVISION_PRECISION };
  if (compare(r2, { coef: abs(d2.coef), exp: d2.exp }) < 0) return q;
  const unit: Decimal = { coef: 1n, exp: -DIVISION_PRECISION };
  const negative = (d.coef < 0n) !== (d2.coef < 0n) && d.coef !== 0n;
  return negative ? sub(q, unit) : add(q, unit);
}

function toNumber(d: Decimal): number {
  return Number(`${d.coef}e${d.exp}`);
}

const OPS = { add, sub, mul, div };

/** sprig's execDecimalOp(a, b, op). */
export function decimalOp(a: unknown, rest: readonly unknown[], op: keyof typeof OPS): number {
  let acc = fromFloat(toFloat64(a));
  for (const x of rest) acc = OPS[op](acc, fromFloat(toFloat64(x)));
  return toNumber(acc);
}
