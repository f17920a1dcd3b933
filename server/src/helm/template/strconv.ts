/**
 * The parts of Go's strconv and unicode packages the template language needs: quoting and
 * unquoting of string and character literals, IsPrint, and number parsing with Go's syntax
 * (base prefixes, underscores, hex floats).
 */

const PRINT_RE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's unicode.IsPrint / strconv.IsPrint (letters, marks, numbers, punctuation, symbols, ASCII space). */
export function isPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  if (r >= 0xd800 && r <= 0xdfff) return false;
  if (r > 0x10ffff) return false;
  return PRINT_RE.test(String.fromCodePoint(r));
}

const LETTER_RE = /^\p{L}$/u;
const DIGIT_RE = /^\p{Nd}$/u;

export function isLetter(r: number): boolean {
  if (r < 0x80) return (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a);
  return LETTER_RE.test(String.fromCodePoint(r));
}

export function isDigit(r: number): boolean {
  if (r < 0x80) return r >= 0x30 && r <= 0x39;
  return DIGIT_RE.test(String.fromCodePoint(r));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function appendEscapedRune(out: string[], r: number, quote: number, asciiOnly: boolean): void {
  if (r === quote || r === 0x5c) {
    out.push('\\', String.fromCodePoint(r));
    return;
  }
  if (asciiOnly) {
    if (r < 0x80 && isPrint(r)) {
      out.push(String.fromCodePoint(r));
      return;
    }
  } else if (isPrint(r)) {
    out.push(String.fromCodePoint(r));
    return;
  }
  switch (r) {
    case 0x07:
      out.push('\\a');
      return;
    case 0x08:
      out.push('\\b');
      return;
    case 0x0c:
      out.push('\\f');
      return;
    case 0x0a:
      out.push('\\n');
      return;
    case 0x0d:
      out.push('\\r');
      return;
    case 0x09:
      out.push('\\t');
      return;
    case 0x0b:
      out.push('\\v');
      return;
  }
  if (r < 0x20 || r === 0x7f) {
    out.push('\\x' + hex(r, 2));
    return;
  }
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  if (r < 0x10000) out.push('\\u' + hex(r, 4));
  else out.push('\\U' + hex(r, 8));
}

function quoteWith(s: string, quote: number, asciiOnly: boolean): string {
  const q = String.fromCharCode(quote);
  // Fast path: nothing to escape.
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === quote || c === 0x5c || c >= 0x80) {
      plain = false;
      break;
    }
  }
  if (plain) return q + s + q;
  const out: string[] = [q];
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    // A lone surrogate stands for invalid UTF-8: Go escapes invalid bytes; we print U+FFFD.
    appendEscapedRune(out, r >= 0xd800 && r <= 0xdfff ? 0xfffd : r, quote, asciiOnly);
  }
  out.push(q);
  return out.join('');
}

/** strconv.Quote */
export function quote(s: string): string {
  return quoteWith(s, 0x22, false);
}

/** strconv.QuoteToASCII */
export function quoteToASCII(s: string): string {
  return quoteWith(s, 0x22, true);
}

/** strconv.QuoteRune (invalid runes print as '�'). */
export function quoteRune(r: number, asciiOnly = false): string {
  if (r > 0x10ffff || r < 0 || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  const out: string[] = ["'"];
  appendEscapedRune(out, r, 0x27, asciiOnly);
  out.push("'");
  return out.join('');
}

/** strconv.CanBackquote */
export function canBackquote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x60 || c === 0x7f || c === 0xfeff) return false;
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
      else return false;
    }
  }
  return true;
}

export class SyntaxErr extends Error {
  constructor() {
    super('invalid syntax');
  }
}

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/**
 * strconv.UnquoteChar on s starting at i: returns the rune (or a raw byte, flagged) and the index
 * after it. Throws SyntaxErr.
 */
function unquoteCharAt(s: string, i: number, quote: number): { value: number; byte: boolean; next: number } {
  const c = s.charCodeAt(i);
  if (c === quote && (quote === 0x27 || quote === 0x22)) throw new SyntaxErr();
  if (c !== 0x5c) {
    const r = s.codePointAt(i)!;
    return { value: r, byte: false, next: i + (r > 0xffff ? 2 : 1) };
  }
  if (i + 1 >= s.length) throw new SyntaxErr();
  const e = s.charCodeAt(i + 1);
  let j = i + 2;
  switch (e) {
    case 0x61:
      return { value: 0x07, byte: false, next: j };
    case 0x62:
      return { value: 0x08, byte: false, next: j };
    case 0x66:
      return { value: 0x0c, byte: false, next: j };
    case 0x6e:
      return { value: 0x0a, byte: false, next: j };
    case 0x72:
      return { value: 0x0d, byte: false, next: j };
    case 0x74:
      return { value: 0x09, byte: false, next: j };
    case 0x76:
      return { value: 0x0b, byte: false, next: j };
    case 0x78:
    case 0x75:
    case 0x55: {
      const n = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
      if (j + n > s.length) throw new SyntaxErr();
      let v = 0;
      for (let k = 0; k < n; k++) {
        const d = unhex(s.charCodeAt(j + k));
        if (d < 0) throw new SyntaxErr();
        v = v * 16 + d;
      }
      j += n;
      if (e === 0x78) return { value: v, byte: true, next: j };
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new SyntaxErr();
      return { value: v, byte: false, next: j };
    }
    case 0x30:
    case 0x31:
    case 0x32:
    case 0x33:
    case 0x34:
    case 0x35:
    case 0x36:
    case 0x37: {
      let v = e - 0x30;
      if (j + 2 > s.length) throw new SyntaxErr();
      for (let k = 0; k < 2; k++) {
        const d = s.charCodeAt(j + k) - 0x30;
        if (d < 0 || d > 7) throw new SyntaxErr();
        v = v * 8 + d;
      }
      j += 2;
      if (v > 255) throw new SyntaxErr();
      return { value: v, byte: true, next: j };
    }
    case 0x5c:
      return { value: 0x5c, byte: false, next: j };
    case 0x27:
    case 0x22:
      if (e !== quote) throw new SyntaxErr();
      return { value: e, byte: false, next: j };
    default:
      throw new SyntaxErr();
  }
}

/** Decodes accumulated raw bytes (from \x and octal escapes) as UTF-8, invalid bytes as U+FFFD. */
function flushBytes(bytes: number[], out: string[]): void {
  if (bytes.length === 0) return;
  out.push(Buffer.from(bytes).toString('utf8'));
  bytes.length = 0;
}

/** strconv.Unquote for "…", `…` and '…' literals. Throws SyntaxErr. */
export function unquote(s: string): string {
  const n = s.length;
  if (n < 2) throw new SyntaxErr();
  const q = s.charCodeAt(0);
  if (q !== s.charCodeAt(n - 1)) throw new SyntaxErr();
  const body = s.slice(1, n - 1);
  if (q === 0x60) {
    if (body.includes('`')) throw new SyntaxErr();
    return body.includes('\r') ? body.replace(/\r/g, '') : body;
  }
  if (q !== 0x22 && q !== 0x27) throw new SyntaxErr();
  if (body.includes('\n')) throw new SyntaxErr();
  if (!body.includes('\\') && !body.includes(String.fromCharCode(q))) {
    if (q === 0x22) return body;
    // A single-quoted literal must hold exactly one rune.
    const cps = [...body];
    if (cps.length === 1) return body;
  }
  const out: string[] = [];
  const bytes: number[] = [];
  let i = 0;
  while (i < body.length) {
    const { value, byte, next } = unquoteCharAt(body, i, q);
    if (byte) bytes.push(value);
    else {
      flushBytes(bytes, out);
      out.push(String.fromCodePoint(value));
    }
    i = next;
    if (q === 0x27 && i < body.length) throw new SyntaxErr();
  }
  flushBytes(bytes, out);
  return out.join('');
}

/**
 * strconv.UnquoteChar(text[1:], '\'') as the template parser uses it for character constants:
 * returns the rune and the rest of the text after it.
 */
export function unquoteCharConstant(text: string): { rune: number; tail: string } {
  const body = text.slice(1);
  const { value, next } = unquoteCharAt(body, 0, 0x27);
  return { rune: value, tail: body.slice(next) };
}

// ---- numbers ----

function lower(c: number): number {
  return c | 0x20;
}

/** strconv's underscoreOK. */
export function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hexa = false;
  if (s.length >= 2 && s[0] === '0' && (lower(s.charCodeAt(1)) === 0x62 || lower(s.charCodeAt(1)) === 0x6f || lower(s.charCodeAt(1)) === 0x78)) {
    i = 2;
    saw = '0';
    hexa = lower(s.charCodeAt(1)) === 0x78;
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (hexa && lower(c) >= 0x61 && lower(c) <= 0x66)) {
      saw = '0';
      continue;
    }
    if (c === 0x5f) {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

export type ParseIntResult = { ok: true; value: bigint } | { ok: false; range: boolean };

/** strconv.ParseUint(s, 0, 64). */
export function parseUint(s: string): ParseIntResult {
  if (s.length === 0) return { ok: false, range: false };
  const s0 = s;
  let base = 10;
  if (s[0] === '0') {
    const c1 = s.length >= 3 ? lower(s.charCodeAt(1)) : 0;
    if (c1 === 0x62) {
      base = 2;
      s = s.slice(2);
    } else if (c1 === 0x6f) {
      base = 8;
      s = s.slice(2);
    } else if (c1 === 0x78) {
      base = 16;
      s = s.slice(2);
    } else {
      base = 8;
      s = s.slice(1);
    }
  }
  let n = 0n;
  const b = BigInt(base);
  let underscores = false;
  let overflow = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c === 0x5f) {
      underscores = true;
      continue;
    } else if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (lower(c) >= 0x61 && lower(c) <= 0x7a) d = lower(c) - 0x61 + 10;
    else return { ok: false, range: false };
    if (d >= base) return { ok: false, range: false };
    n = n * b + BigInt(d);
    if (n >= 1n << 64n) overflow = true;
  }
  if (underscores && !underscoreOK(s0)) return { ok: false, range: false };
  if (overflow) return { ok: false, range: true };
  return { ok: true, value: n };
}

/** strconv.ParseInt(s, 0, 64). */
export function parseInt64(s: string): ParseIntResult {
  if (s.length === 0) return { ok: false, range: false };
  let neg = false;
  let body = s;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    body = s.slice(1);
  }
  const u = parseUint(body);
  if (!u.ok) return u;
  if (!neg && u.value >= 1n << 63n) return { ok: false, range: true };
  if (neg && u.value > 1n << 63n) return { ok: false, range: true };
  return { ok: true, value: neg ? -u.value : u.value };
}

const DEC_FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const HEX_FLOAT_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/;

/**
 * strconv.ParseFloat(s, 64): decimal or hex (0x…p…) with underscores. Returns undefined on a
 * syntax or range error (Go reports both as errors; the template parser treats both as "not a float").
 */
export function parseFloat64(s: string): number | undefined {
  if (s.includes('_')) {
    if (!underscoreOK(s)) return undefined;
    s = s.replace(/_/g, '');
  }
  if (DEC_FLOAT_RE.test(s)) {
    const v = Number(s);
    if (!Number.isFinite(v)) return undefined;
    return v;
  }
  const m = HEX_FLOAT_RE.exec(s);
  if (!m) return undefined;
  const [, sign, intPart, fracPart, expPart] = m;
  if (intPart.length === 0 && fracPart.length === 0) return undefined;
  const mant = BigInt('0x' + (intPart + fracPart || '0'));
  const exp = Number(expPart) - 4 * fracPart.length;
  const v = scaleBigInt(mant, exp);
  if (!Number.isFinite(v)) return undefined;
  return sign === '-' ? -v : v;
}

/** mant × 2^exp rounded to the nearest float64. */
function scaleBigInt(mant: bigint, exp: number): number {
  if (mant === 0n) return 0;
  // Normalise the mantissa to at most 64 significant bits, keeping a sticky bit for rounding.
  const bits = mant.toString(2).length;
  if (bits > 64) {
    const drop = bits - 64;
    const sticky = mant & ((1n << BigInt(drop)) - 1n) ? 1n : 0n;
    mant = (mant >> BigInt(drop)) | sticky;
    exp += drop;
  }
  // Number(mant) rounds to 53 bits correctly; the multiply by a power of two is exact unless the
  // result is subnormal or overflows.
  return Number(mant) * Math.pow(2, exp);
}
