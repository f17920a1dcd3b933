/** Go's time.Duration: nanoseconds as int64, its String() and time.ParseDuration. */
import { quote as goQuote } from '../../template';

export const NANOSECOND = 1n;
export const MICROSECOND = 1000n;
export const MILLISECOND = 1_000_000n;
export const SECOND = 1_000_000_000n;
export const MINUTE = 60n * SECOND;
export const HOUR = 60n * MINUTE;

export const INT64_MAX = 2n ** 63n - 1n;
export const INT64_MIN = -(2n ** 63n);

/** A time.Duration value as templates see it: prints as Go does, marshals to JSON as its nanoseconds. */
export class GoDuration {
  static readonly goType = 'time.Duration';
  constructor(readonly nanoseconds: bigint) {}

  String(): string {
    return formatDuration(this.nanoseconds);
  }
  toString(): string {
    return this.String();
  }
  toJSON(): bigint {
    return this.nanoseconds;
  }
  Seconds(): number {
    return Number(this.nanoseconds / SECOND) + Number(this.nanoseconds % SECOND) / 1e9;
  }
  Minutes(): number {
    return Number(this.nanoseconds / MINUTE) + Number(this.nanoseconds % MINUTE) / (60 * 1e9);
  }
  Hours(): number {
    return Number(this.nanoseconds / HOUR) + Number(this.nanoseconds % HOUR) / (3600 * 1e9);
  }
  Milliseconds(): bigint {
    return this.nanoseconds / MILLISECOND;
  }
  Microseconds(): bigint {
    return this.nanoseconds / MICROSECOND;
  }
  Nanoseconds(): bigint {
    return this.nanoseconds;
  }
  Round(m: GoDuration | bigint): GoDuration {
    return new GoDuration(roundDuration(this.nanoseconds, typeof m === 'bigint' ? m : m.nanoseconds));
  }
  Truncate(m: GoDuration | bigint): GoDuration {
    return new GoDuration(truncateDuration(this.nanoseconds, typeof m === 'bigint' ? m : m.nanoseconds));
  }
}

/** Duration.Truncate: toward zero to a multiple of m; m <= 0 leaves d unchanged. */
export function truncateDuration(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  return d - (d % m);
}

/** Duration.Round: to the nearest multiple of m, halfway away from zero, saturating. */
export function roundDuration(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  let r = d % m;
  if (d < 0n) {
    r = -r;
    if (r + r < m) return d + r;
    const d1 = d - m + r;
    return d1 < d ? d1 : INT64_MIN;
  }
  if (r + r < m) return d - r;
  const d1 = d + m - r;
  return d1 > d && d1 <= INT64_MAX ? d1 : INT64_MAX;
}

/** Fraction digits of v / 10^prec without trailing zeros (Go's fmtFrac). */
function fraction(v: bigint, prec: number): [string, bigint] {
  let digits = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print = print || digit !== 0n;
    if (print) digits = digit.toString() + digits;
    v /= 10n;
  }
  return [print ? '.' + digits : '', v];
}

/** Duration.String(): "1h2m3.5s", "1.5ms", "0s". */
export function formatDuration(d: bigint): string {
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < SECOND) {
    if (u === 0n) return '0s';
    let prec: number;
    let unit: string;
    if (u < MICROSECOND) {
      prec = 0;
      unit = 'ns';
    } else if (u < MILLISECOND) {
      prec = 3;
      unit = 'µs';
    } else {
      prec = 6;
      unit = 'ms';
    }
    const [frac, whole] = fraction(u, prec);
    out = `${whole}${frac}${unit}`;
  } else {
    const [frac, seconds] = fraction(u, 9);
    u = seconds;
    out = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? '-' + out : out;
}

const UNITS = new Map<string, bigint>([
  ['ns', NANOSECOND],
  ['us', MICROSECOND],
  ['µs', MICROSECOND], // U+00B5
  ['μs', MICROSECOND], // U+03BC
  ['ms', MILLISECOND],
  ['s', SECOND],
  ['m', MINUTE],
  ['h', HOUR],
]);

export class DurationError extends Error {}

/** time.ParseDuration, with Go's error messages (a port of its uint64 / float64 arithmetic). */
export function parseDuration(orig: string): bigint {
  const invalid = (): DurationError => new DurationError(`time: invalid duration ${goQuote(orig)}`);
  const LIMIT = 1n << 63n;
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let d = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || (s[0] >= '0' && s[0] <= '9'))) throw invalid();
    // leadingInt
    let i = 0;
    let v = 0n;
    for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
      if (v > (LIMIT - 1n) / 10n) throw invalid();
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > LIMIT) throw invalid();
    }
    const pre = i > 0;
    s = s.slice(i);
    // leadingFraction: digits while they fit, then the rest ignored
    let post = false;
    let f = 0n;
    let scale = 1;
    if (s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; j < s.length && s[j] >= '0' && s[j] <= '9'; j++) {
        if (overflow) continue;
        if (f > (LIMIT - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
        if (y > LIMIT) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid();
    let u = 0;
    while (u < s.length && s[u] !== '.' && !(s[u] >= '0' && s[u] <= '9')) u++;
    if (u === 0) throw new DurationError(`time: missing unit in duration ${goQuote(orig)}`);
    const unitText = s.slice(0, u);
    s = s.slice(u);
    const unit = UNITS.get(unitText);
    if (unit === undefined) throw new DurationError(`time: unknown unit ${goQuote(unitText)} in duration ${goQuote(orig)}`);
    if (v > LIMIT / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > LIMIT) throw invalid();
    }
    d += v;
    if (d > LIMIT) throw invalid();
  }
  if (neg) return -d;
  if (d > LIMIT - 1n) throw invalid();
  return d;
}
