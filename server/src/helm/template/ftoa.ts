/**
 * strconv.FormatFloat(f, fmt, prec, 64) for fmt in 'e' 'E' 'f' 'g' 'G' 'b' 'x' 'X', exactly as Go
 * formats float64s: shortest digits for prec < 0, correctly rounded (half to even on exact ties)
 * digits otherwise.
 */

/** A decimal number: digits d (no leading zeros, trailing zeros trimmed), decimal point at dp. */
interface Decimal {
  d: string;
  dp: number;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

function bitsOf(f: number): bigint {
  f64[0] = f;
  return u64[0];
}

/** The exact decimal expansion of a finite non-negative float64. */
function exactDecimal(f: number): Decimal {
  if (f === 0) return { d: '', dp: 0 };
  const bits = bitsOf(f);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp)).toString();
    dp = digits.length + exp;
  }
  return trim({ d: digits, dp });
}

function trim(a: Decimal): Decimal {
  let end = a.d.length;
  while (end > 0 && a.d.charCodeAt(end - 1) === 0x30) end--;
  let start = 0;
  while (start < end && a.d.charCodeAt(start) === 0x30) start++;
  if (start === end) return { d: '', dp: 0 };
  return { d: a.d.slice(start, end), dp: a.dp - start };
}

/** decimal.Round(nd): round to nd digits, half to even on exact ties. */
function round(a: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= a.d.length) return a;
  const c = a.d.charCodeAt(nd);
  let up: boolean;
  if (c === 0x35 && nd + 1 === a.d.length) up = nd > 0 && (a.d.charCodeAt(nd - 1) - 0x30) % 2 === 1;
  else up = c >= 0x35;
  if (!up) return trim({ d: a.d.slice(0, nd), dp: a.dp });
  let i = nd - 1;
  while (i >= 0 && a.d.charCodeAt(i) === 0x39) i--;
  if (i < 0) return { d: '1', dp: a.dp + 1 };
  return trim({ d: a.d.slice(0, i) + String.fromCharCode(a.d.charCodeAt(i) + 1), dp: a.dp });
}

/** Shortest digits that round-trip (JS and Go agree: shortest, then closest). */
function shortestDecimal(f: number): Decimal {
  if (f === 0) return { d: '', dp: 0 };
  const s = f.toExponential(); // d.ddddde±x
  const e = s.indexOf('e');
  const mant = s.slice(0, e).replace('.', '');
  const exp = Number(s.slice(e + 1));
  return trim({ d: mant, dp: exp + 1 });
}

function fmtE(neg: boolean, d: Decimal, prec: number, fmt: string): string {
  let out = neg ? '-' : '';
  out += d.d.length > 0 ? d.d[0] : '0';
  if (prec > 0) {
    out += '.';
    const m = Math.min(d.d.length, prec + 1);
    let i = 1;
    if (i < m) {
      out += d.d.slice(1, m);
      i = m;
    }
    for (; i <= prec; i++) out += '0';
  }
  out += fmt;
  let exp = d.d.length === 0 ? 0 : d.dp - 1;
  let ch = '+';
  if (exp < 0) {
    ch = '-';
    exp = -exp;
  }
  out += ch + (exp < 10 ? '0' + exp : String(exp));
  return out;
}

function fmtF(neg: boolean, d: Decimal, prec: number): string {
  let out = neg ? '-' : '';
  if (d.dp > 0) {
    const m = Math.min(d.d.length, d.dp);
    out += d.d.slice(0, m);
    for (let k = m; k < d.dp; k++) out += '0';
  } else out += '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1;
      out += j >= 0 && j < d.d.length ? d.d[j] : '0';
    }
  }
  return out;
}

function fmtB(neg: boolean, mant: bigint, exp: number): string {
  let e = exp - 52;
  const sign = e < 0 ? '-' : '+';
  if (e < 0) e = -e;
  return (neg ? '-' : '') + mant.toString() + 'p' + sign + e;
}

function fmtX(prec: number, fmt: 'x' | 'X', neg: boolean, mant: bigint, exp: number): string {
  const MASK60 = (1n << 60n) - 1n;
  if (mant === 0n) exp = 0;
  mant <<= 60n - 52n;
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & MASK60;
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = fmt === 'X' ? '0123456789ABCDEF' : '0123456789abcdef';
  let out = (neg ? '-' : '') + '0' + fmt + String(Number((mant >> 60n) & 1n));
  mant = (mant << 4n) & ((1n << 64n) - 1n);
  if (prec < 0 && mant !== 0n) {
    out += '.';
    while (mant !== 0n) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & ((1n << 64n) - 1n);
    }
  } else if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & ((1n << 64n) - 1n);
    }
  }
  out += fmt === 'X' ? 'P' : 'p';
  let ch = '+';
  if (exp < 0) {
    ch = '-';
    exp = -exp;
  }
  out += ch + (exp < 10 ? '0' + exp : String(exp));
  return out;
}

export type FloatFormat = 'e' | 'E' | 'f' | 'g' | 'G' | 'b' | 'x' | 'X';

/** strconv.FormatFloat(f, fmt, prec, 64). */
export function formatFloat(f: number, fmt: FloatFormat, prec: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const neg = f < 0 || Object.is(f, -0);
  const abs = Math.abs(f);
  if (fmt === 'b' || fmt === 'x' || fmt === 'X') {
    const bits = bitsOf(abs);
    const biased = Number((bits >> 52n) & 0x7ffn);
    let mant = bits & ((1n << 52n) - 1n);
    let exp: number;
    if (biased === 0) exp = 1 - 1023;
    else {
      mant |= 1n << 52n;
      exp = biased - 1023;
    }
    if (fmt === 'b') return fmtB(neg, mant, exp);
    return fmtX(prec, fmt, neg, mant, exp);
  }
  const shortest = prec < 0;
  let digs: Decimal;
  if (shortest) {
    digs = shortestDecimal(abs);
    switch (fmt) {
      case 'e':
      case 'E':
        prec = Math.max(digs.d.length - 1, 0);
        break;
      case 'f':
        prec = Math.max(digs.d.length - digs.dp, 0);
        break;
      case 'g':
      case 'G':
        prec = digs.d.length;
        break;
    }
  } else {
    const exact = exactDecimal(abs);
    switch (fmt) {
      case 'e':
      case 'E':
        digs = round(exact, prec + 1);
        break;
      case 'f':
        digs = round(exact, exact.dp + prec);
        break;
      default:
        if (prec === 0) prec = 1;
        digs = round(exact, prec);
        break;
    }
  }
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, digs, prec, fmt);
    case 'f':
      return fmtF(neg, digs, prec);
    default: {
      let eprec = prec;
      if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
      if (shortest) eprec = 6;
      const exp = digs.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > digs.d.length) prec = digs.d.length;
        return fmtE(neg, digs, prec - 1, fmt === 'g' ? 'e' : 'E');
      }
      if (prec > digs.dp) prec = digs.d.length;
      return fmtF(neg, digs, Math.max(prec - digs.dp, 0));
    }
  }
}
