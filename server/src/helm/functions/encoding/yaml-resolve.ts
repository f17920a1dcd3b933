/**
 * go-yaml v2's implicit typing of plain scalars (resolve.go), which decides both what a plain
 * scalar in values.yaml means and when toYaml must quote a string so it reads back as a string.
 */

export type YamlTag = 'str' | 'bool' | 'int' | 'float' | 'null' | 'timestamp' | 'merge';

export interface Resolved {
  tag: YamlTag;
  /** bool: boolean; int: bigint; float: number; null: null; str/timestamp/merge: the text. */
  value: boolean | bigint | number | string | null;
}

const MAP = new Map<string, Resolved>();
for (const [value, tag, words] of [
  [true, 'bool', ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']],
  [false, 'bool', ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']],
  [null, 'null', ['', '~', 'null', 'Null', 'NULL']],
  [Number.NaN, 'float', ['.nan', '.NaN', '.NAN']],
  [Number.POSITIVE_INFINITY, 'float', ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']],
  [Number.NEGATIVE_INFINITY, 'float', ['-.inf', '-.Inf', '-.INF']],
  ['<<', 'merge', ['<<']],
] as const) {
  for (const word of words) MAP.set(word, { tag, value });
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** The tag and value go-yaml v2 gives the plain (unquoted, untagged) scalar `s`. */
export function resolvePlain(s: string): Resolved {
  const known = MAP.get(s);
  if (known) return known;
  const c = s.charCodeAt(0);
  if (c === 0x2e /* . */) {
    const f = parseGoFloat(s);
    if (f !== undefined) return { tag: 'float', value: f };
  } else if (c === 0x2b || c === 0x2d || (c >= 0x30 && c <= 0x39)) {
    if (isYamlTimestamp(s)) return { tag: 'timestamp', value: s };
    const plain = s.includes('_') ? s.replace(/_/g, '') : s;
    const int = parseGoInt(plain);
    // ParseInt covers int64 and ParseUint the rest of uint64, which it reads without a sign.
    if (int !== undefined && (int <= INT64_MAX || plain[0] !== '+')) return { tag: 'int', value: int };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = parseGoFloat(plain);
      if (f !== undefined) return { tag: 'float', value: f };
    }
    if (plain.startsWith('0b') || plain.startsWith('-0b')) {
      const negative = plain.startsWith('-');
      const digits = plain.slice(negative ? 3 : 2);
      if (/^[01]+$/.test(digits)) {
        const v = BigInt('0b' + digits);
        if (negative ? v <= -INT64_MIN : v <= UINT64_MAX) return { tag: 'int', value: negative ? -v : v };
      }
    }
  }
  return { tag: 'str', value: s };
}

/** go-yaml quotes strings that look like YAML 1.1 base-60 floats (`1:20`), though it reads them as strings. */
export function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0];
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

/**
 * strconv.ParseInt(s, 0, 64) (and ParseUint as a fallback): sign, then 0x/0o/0b prefix or a
 * leading 0 for octal. Returns undefined where Go fails (bad digits, out of uint64 range).
 */
export function parseGoInt(s: string): bigint | undefined {
  let body = s;
  let negative = false;
  if (body[0] === '+' || body[0] === '-') {
    negative = body[0] === '-';
    body = body.slice(1);
  }
  let digits: RegExp;
  let prefix: string;
  if (/^0[xX]/.test(body)) {
    digits = /^[0-9a-fA-F]+$/;
    prefix = '0x';
    body = body.slice(2);
  } else if (/^0[oO]/.test(body)) {
    digits = /^[0-7]+$/;
    prefix = '0o';
    body = body.slice(2);
  } else if (/^0[bB]/.test(body)) {
    digits = /^[01]+$/;
    prefix = '0b';
    body = body.slice(2);
  } else if (body.length > 1 && body[0] === '0') {
    digits = /^[0-7]+$/;
    prefix = '0o';
    body = body.slice(1);
  } else {
    digits = /^[0-9]+$/;
    prefix = '';
  }
  if (!digits.test(body)) return undefined;
  const magnitude = BigInt(prefix + body);
  if (negative) return magnitude <= -INT64_MIN ? -magnitude : undefined;
  return magnitude <= UINT64_MAX ? magnitude : undefined;
}

/** strconv.ParseFloat(s, 64) for decimal text; undefined on syntax or range error. */
export function parseGoFloat(s: string): number | undefined {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) {
    if (/^[-+]?(inf|infinity)$/i.test(s)) return s[0] === '-' ? -Infinity : Infinity;
    if (/^nan$/i.test(s)) return Number.NaN;
    return undefined;
  }
  const f = Number(s);
  return Number.isFinite(f) ? f : undefined;
}

const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])|( ))(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(Z|[+-](\d\d):(\d\d))?)?$/;

/** go-yaml v2's parseTimestamp: the four time.Parse layouts it tries, with Go's range checks. */
export function isYamlTimestamp(s: string): boolean {
  const m = TIMESTAMP.exec(s);
  if (!m) return false;
  const [, y, mo, d, tSep, spaceSep, h, mi, sec, zone, zh, zm] = m;
  if (spaceSep !== undefined && zone !== undefined) return false; // "2006-1-2 15:4:5" has no zone
  if (tSep !== undefined && zone === undefined) return false; // the T layouts require a zone
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  if (h !== undefined && (Number(h) >= 24 || Number(mi) >= 60 || Number(sec) >= 60)) return false;
  if (zh !== undefined && (Number(zh) > 24 || Number(zm) > 60)) return false;
  return true;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}
