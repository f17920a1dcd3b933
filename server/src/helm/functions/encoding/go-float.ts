/** strconv.FormatFloat(f, 'g'|'e'|'f', -1, 64): Go's shortest round-trip float formatting. */

interface Digits {
  /** Shortest decimal digits that read back as the same float64 (no leading/trailing zeros). */
  digits: string;
  /** Position of the decimal point relative to the digits (value = 0.digits × 10^dp). */
  dp: number;
}

function shortestDigits(f: number): Digits {
  // toExponential() without an argument gives the shortest round-trip digits, as Go does.
  return digitsOf(Math.abs(f).toExponential());
}

/** Digits and decimal point of a toExponential() text. */
function digitsOf(exponential: string): Digits {
  const [mantissa, exponent] = exponential.split('e');
  return { digits: mantissa.replace('.', '').replace(/0+$/, '') || '0', dp: Number(exponent) + 1 };
}

/** Shortest digits that read back as the same float32. */
function shortestDigits32(f: number): Digits {
  const target = Math.fround(Math.abs(f));
  for (let precision = 1; precision < 9; precision++) {
    const text = target.toExponential(precision - 1);
    if (Math.fround(Number(text)) === target) return digitsOf(text);
  }
  return digitsOf(target.toExponential(8));
}

function special(f: number): string | undefined {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  return undefined;
}

function sign(f: number): string {
  return f < 0 || Object.is(f, -0) ? '-' : '';
}

function formatE({ digits, dp }: Digits, f: number, upper = false): string {
  if (f === 0) return sign(f) + '0' + (upper ? 'E' : 'e') + '+00';
  const exp = dp - 1;
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const expText = String(Math.abs(exp)).padStart(2, '0');
  return `${sign(f)}${mantissa}${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${expText}`;
}

function formatF({ digits, dp }: Digits, f: number): string {
  if (f === 0) return sign(f) + '0';
  let text: string;
  if (dp <= 0) text = '0.' + '0'.repeat(-dp) + digits;
  else if (dp >= digits.length) text = digits + '0'.repeat(dp - digits.length);
  else text = digits.slice(0, dp) + '.' + digits.slice(dp);
  return sign(f) + text;
}

/** FormatFloat(f, 'g', -1, 64). */
export function formatFloatG(f: number): string {
  const s = special(f);
  if (s) return s;
  if (f === 0) return sign(f) + '0';
  const d = shortestDigits(f);
  const exp = d.dp - 1;
  // Go: with the shortest precision, %e is used when the exponent is < -4 or >= 6.
  return exp < -4 || exp >= 6 ? formatE(d, f) : formatF(d, f);
}

/** FormatFloat(f, 'e', -1, 64). */
export function formatFloatE(f: number): string {
  const s = special(f);
  if (s) return s;
  return formatE(f === 0 ? { digits: '0', dp: 1 } : shortestDigits(f), f);
}

/** FormatFloat(f, 'f', -1, 64). */
export function formatFloatF(f: number): string {
  const s = special(f);
  if (s) return s;
  return formatF(f === 0 ? { digits: '0', dp: 1 } : shortestDigits(f), f);
}

/** FormatFloat(f, 'g', -1, 32): float32 precision, as sigs.k8s.io/yaml turns float keys into strings. */
export function formatFloat32G(f: number): string {
  const s = special(f);
  if (s) return s;
  if (f === 0) return sign(f) + '0';
  const d = shortestDigits32(f);
  const exp = d.dp - 1;
  return exp < -4 || exp >= 6 ? formatE(d, f) : formatF(d, f);
}
