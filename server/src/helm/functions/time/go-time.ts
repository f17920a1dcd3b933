/**
 * Go's time.Time as templates see it (sprig's now, toDate, dateModify, …): formatting and parsing
 * with Go reference layouts ("2006-01-02T15:04:05Z07:00"), and the methods charts call on it.
 */
import { quote as goQuote } from '../../template';
import { GoDuration, SECOND } from './duration';
import { type GoLocation, UTC, fixedZone } from './location';

const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SHORT_MONTHS = LONG_MONTHS.map((m) => m.slice(0, 3));
const SHORT_DAYS = LONG_DAYS.map((d) => d.slice(0, 3));
const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

/** Unix seconds of Go's zero time, January 1, year 1, 00:00:00 UTC. */
const ZERO_TIME_UNIX = -62135596800;

/** time.Month: prints as its English name. */
export class GoMonth {
  static readonly goType = 'time.Month';
  constructor(readonly value: number) {}
  String(): string {
    return LONG_MONTHS[this.value - 1] ?? `%!Month(${this.value})`;
  }
  toString(): string {
    return this.String();
  }
  toJSON(): number {
    return this.value;
  }
}

/** time.Weekday: prints as its English name. */
export class GoWeekday {
  static readonly goType = 'time.Weekday';
  constructor(readonly value: number) {}
  String(): string {
    return LONG_DAYS[this.value] ?? `%!Weekday(${this.value})`;
  }
  toString(): string {
    return this.String();
  }
  toJSON(): number {
    return this.value;
  }
}

interface Civil {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
  yearDay: number; // 1..366
}

function civilOf(unixSeconds: number): Civil {
  const days = Math.floor(unixSeconds / 86400);
  const secOfDay = unixSeconds - days * 86400;
  const date = new Date(days * 86_400_000);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  const yearDay = DAYS_BEFORE[month - 1] + day + (month > 2 && isLeap(year) ? 1 : 0);
  return {
    year,
    month,
    day,
    hour: Math.floor(secOfDay / 3600),
    minute: Math.floor((secOfDay % 3600) / 60),
    second: secOfDay % 60,
    weekday: date.getUTCDay(),
    yearDay,
  };
}

/** Seconds since the Unix epoch of a civil date-time read as UTC (months and days may overflow, as in Go). */
function unixOfCivil(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, 1);
  d.setUTCHours(0, 0, 0, 0);
  return d.getTime() / 1000 + (day - 1) * 86400 + hour * 3600 + minute * 60 + second;
}

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysIn(month: number, year: number): number {
  if (month === 2 && isLeap(year)) return 29;
  return DAYS_BEFORE[month] - DAYS_BEFORE[month - 1];
}

/** A time.Time: an instant (Unix seconds + nanoseconds) and the location it is shown in. */
export class GoTime {
  static readonly goType = 'time.Time';

  constructor(
    readonly unixSeconds: number,
    readonly nanos: number,
    readonly location: GoLocation = UTC,
  ) {}

  static zero(): GoTime {
    return new GoTime(ZERO_TIME_UNIX, 0, UTC);
  }

  static fromUnix(seconds: number, nanos: number, location: GoLocation): GoTime {
    return new GoTime(seconds, nanos, location);
  }

  /** time.Date: civil fields in `location` (overflowing fields normalised). */
  static date(year: number, month: number, day: number, hour: number, minute: number, second: number, nanos: number, location: GoLocation): GoTime {
    second += Math.floor(nanos / 1e9);
    nanos = ((nanos % 1e9) + 1e9) % 1e9;
    const local = unixOfCivil(year, month, day, hour, minute, second);
    // Go: look up the offset at local - offset, and correct once if the zone changes there.
    let offset = location.lookup(local).offset;
    let unix = local - offset;
    const corrected = location.lookup(unix).offset;
    if (corrected !== offset) {
      offset = corrected;
      unix = local - offset;
    }
    return new GoTime(unix, nanos, location);
  }

  private zone(): { name: string; offset: number } {
    return this.location.lookup(this.unixSeconds);
  }

  private civil(): Civil {
    return civilOf(this.unixSeconds + this.zone().offset);
  }

  Format(layout: string): string {
    return formatTime(this, layout);
  }
  String(): string {
    return this.Format('2006-01-02 15:04:05.999999999 -0700 MST');
  }
  toString(): string {
    return this.String();
  }
  /** MarshalJSON: RFC 3339 with nanoseconds. */
  toJSON(): string {
    return this.Format('2006-01-02T15:04:05.999999999Z07:00');
  }

  Unix(): bigint {
    return BigInt(this.unixSeconds);
  }
  UnixMilli(): bigint {
    return BigInt(this.unixSeconds) * 1000n + BigInt(Math.floor(this.nanos / 1e6));
  }
  UnixMicro(): bigint {
    return BigInt(this.unixSeconds) * 1_000_000n + BigInt(Math.floor(this.nanos / 1e3));
  }
  UnixNano(): bigint {
    return BigInt(this.unixSeconds) * SECOND + BigInt(this.nanos);
  }
  Year(): bigint {
    return BigInt(this.civil().year);
  }
  Month(): GoMonth {
    return new GoMonth(this.civil().month);
  }
  Day(): bigint {
    return BigInt(this.civil().day);
  }
  Hour(): bigint {
    return BigInt(this.civil().hour);
  }
  Minute(): bigint {
    return BigInt(this.civil().minute);
  }
  Second(): bigint {
    return BigInt(this.civil().second);
  }
  Nanosecond(): bigint {
    return BigInt(this.nanos);
  }
  YearDay(): bigint {
    return BigInt(this.civil().yearDay);
  }
  Weekday(): GoWeekday {
    return new GoWeekday(this.civil().weekday);
  }
  IsZero(): boolean {
    return this.unixSeconds === ZERO_TIME_UNIX && this.nanos === 0;
  }
  UTC(): GoTime {
    return new GoTime(this.unixSeconds, this.nanos, UTC);
  }
  In(location: GoLocation): GoTime {
    return new GoTime(this.unixSeconds, this.nanos, location);
  }
  Location(): string {
    return this.location.name;
  }
  Add(d: GoDuration | bigint): GoTime {
    return this.addNanos(typeof d === 'bigint' ? d : d.nanoseconds);
  }
  addNanos(ns: bigint): GoTime {
    const total = BigInt(this.nanos) + ns;
    const carry = total >= 0n ? total / SECOND : (total - SECOND + 1n) / SECOND;
    return new GoTime(this.unixSeconds + Number(carry), Number(total - carry * SECOND), this.location);
  }
  AddDate(years: bigint | number, months: bigint | number, days: bigint | number): GoTime {
    const c = this.civil();
    return GoTime.date(c.year + Number(years), c.month + Number(months), c.day + Number(days), c.hour, c.minute, c.second, this.nanos, this.location);
  }
  Sub(u: GoTime): GoDuration {
    return new GoDuration(this.UnixNano() - u.UnixNano());
  }
  Before(u: GoTime): boolean {
    return this.UnixNano() < u.UnixNano();
  }
  After(u: GoTime): boolean {
    return this.UnixNano() > u.UnixNano();
  }
  Equal(u: GoTime): boolean {
    return this.UnixNano() === u.UnixNano();
  }
  Compare(u: GoTime): bigint {
    const a = this.UnixNano();
    const b = u.UnixNano();
    return a < b ? -1n : a > b ? 1n : 0n;
  }
  /** Fields the formatter needs, in this time's zone. */
  fields(): Civil & { zoneName: string; offset: number; nanos: number } {
    const zone = this.zone();
    return { ...civilOf(this.unixSeconds + zone.offset), zoneName: zone.name, offset: zone.offset, nanos: this.nanos };
  }
}

// ---- layouts (Go's nextStdChunk)

type Std =
  | 'Jan' | 'January' | '1' | '01' | 'Mon' | 'Monday' | '2' | '_2' | '02' | '__2' | '002'
  | '15' | '3' | '03' | '4' | '04' | '5' | '05' | '2006' | '06' | 'PM' | 'pm' | 'MST'
  | 'Z070000' | 'Z07:00:00' | 'Z0700' | 'Z07:00' | 'Z07'
  | '-070000' | '-07:00:00' | '-0700' | '-07:00' | '-07'
  | 'frac0' | 'frac9';

interface Chunk {
  prefix: string;
  std?: Std;
  /** For fractional seconds: number of digits and the separator (. or ,). */
  digits?: number;
  separator?: string;
  text: string;
  suffix: string;
}

function startsWithLower(s: string): boolean {
  return s.length > 0 && s[0] >= 'a' && s[0] <= 'z';
}

function isDigitAt(s: string, i: number): boolean {
  return i < s.length && s[i] >= '0' && s[i] <= '9';
}

function nextStdChunk(layout: string): Chunk {
  const found = (i: number, std: Std, length: number, extra: Partial<Chunk> = {}): Chunk => ({
    prefix: layout.slice(0, i),
    std,
    text: layout.slice(i, i + length),
    suffix: layout.slice(i + length),
    ...extra,
  });
  for (let i = 0; i < layout.length; i++) {
    const rest = layout.slice(i);
    switch (layout[i]) {
      case 'J':
        if (rest.startsWith('Jan')) {
          if (rest.startsWith('January')) return found(i, 'January', 7);
          if (!startsWithLower(rest.slice(3))) return found(i, 'Jan', 3);
        }
        break;
      case 'M':
        if (rest.startsWith('Mon')) {
          if (rest.startsWith('Monday')) return found(i, 'Monday', 6);
          if (!startsWithLower(rest.slice(3))) return found(i, 'Mon', 3);
        }
        if (rest.startsWith('MST')) return found(i, 'MST', 3);
        break;
      case '0':
        if (rest.length >= 2 && rest[1] >= '1' && rest[1] <= '6') return found(i, (['01', '02', '03', '04', '05', '06'] as const)[Number(rest[1]) - 1], 2);
        if (rest.startsWith('002')) return found(i, '002', 3);
        break;
      case '1':
        if (rest[1] === '5') return found(i, '15', 2);
        return found(i, '1', 1);
      case '2':
        if (rest.startsWith('2006')) return found(i, '2006', 4);
        return found(i, '2', 1);
      case '_':
        if (rest[1] === '2') {
          if (rest.startsWith('_2006')) return { prefix: layout.slice(0, i + 1), std: '2006', text: '2006', suffix: layout.slice(i + 5) };
          return found(i, '_2', 2);
        }
        if (rest.startsWith('__2')) return found(i, '__2', 3);
        break;
      case '3':
      case '4':
      case '5':
        return found(i, layout[i] as Std, 1);
      case 'P':
        if (rest[1] === 'M') return found(i, 'PM', 2);
        break;
      case 'p':
        if (rest[1] === 'm') return found(i, 'pm', 2);
        break;
      case '-':
        for (const std of ['-070000', '-07:00:00', '-0700', '-07:00', '-07'] as const) if (rest.startsWith(std)) return found(i, std, std.length);
        break;
      case 'Z':
        for (const std of ['Z070000', 'Z07:00:00', 'Z0700', 'Z07:00', 'Z07'] as const) if (rest.startsWith(std)) return found(i, std, std.length);
        break;
      case '.':
      case ',':
        if (rest[1] === '0' || rest[1] === '9') {
          const ch = rest[1];
          let j = 1;
          while (j < rest.length && rest[j] === ch) j++;
          if (!isDigitAt(rest, j)) {
            return found(i, ch === '0' ? 'frac0' : 'frac9', j, { digits: j - 1, separator: layout[i] });
          }
        }
        break;
    }
  }
  return { prefix: layout, text: '', suffix: '' };
}

function pad(n: number, width: number): string {
  const neg = n < 0;
  const s = String(Math.abs(n)).padStart(width, '0');
  return neg ? '-' + s : s;
}

/** Time.Format. */
export function formatTime(t: GoTime, layout: string): string {
  const f = t.fields();
  let out = '';
  let rest = layout;
  while (rest !== '') {
    const chunk = nextStdChunk(rest);
    out += chunk.prefix;
    if (!chunk.std) break;
    rest = chunk.suffix;
    out += formatStd(chunk, f);
  }
  return out;
}

function formatStd(chunk: Chunk, f: ReturnType<GoTime['fields']>): string {
  switch (chunk.std) {
    case '06': return pad(((f.year % 100) + 100) % 100, 2);
    case '2006': return pad(f.year, 4);
    case 'Jan': return SHORT_MONTHS[f.month - 1];
    case 'January': return LONG_MONTHS[f.month - 1];
    case '1': return String(f.month);
    case '01': return pad(f.month, 2);
    case 'Mon': return SHORT_DAYS[f.weekday];
    case 'Monday': return LONG_DAYS[f.weekday];
    case '2': return String(f.day);
    case '_2': return f.day < 10 ? ' ' + f.day : String(f.day);
    case '02': return pad(f.day, 2);
    case '__2': return String(f.yearDay).padStart(3, ' ');
    case '002': return pad(f.yearDay, 3);
    case '15': return pad(f.hour, 2);
    case '3': return String(f.hour % 12 === 0 ? 12 : f.hour % 12);
    case '03': return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, 2);
    case '4': return String(f.minute);
    case '04': return pad(f.minute, 2);
    case '5': return String(f.second);
    case '05': return pad(f.second, 2);
    case 'PM': return f.hour >= 12 ? 'PM' : 'AM';
    case 'pm': return f.hour >= 12 ? 'pm' : 'am';
    case 'MST':
      if (f.zoneName !== '') return f.zoneName;
      return formatOffset(f.offset, false, false, false);
    case 'frac0':
    case 'frac9': {
      const digits = String(f.nanos).padStart(9, '0').slice(0, chunk.digits);
      if (chunk.std === 'frac0') return (chunk.separator ?? '.') + digits;
      const trimmed = digits.replace(/0+$/, '');
      return trimmed === '' ? '' : (chunk.separator ?? '.') + trimmed;
    }
    default: {
      const std = chunk.std ?? '';
      if (std.startsWith('Z') && f.offset === 0) return 'Z';
      const colon = std.includes(':');
      const short = std === 'Z07' || std === '-07';
      const seconds = std.endsWith('0000') && std.length === 7 || std.endsWith(':00:00');
      return formatOffset(f.offset, colon, short, seconds);
    }
  }
}

function formatOffset(offset: number, colon: boolean, short: boolean, seconds: boolean): string {
  let zone = Math.trunc(offset / 60);
  let abs = offset;
  let out = '+';
  if (zone < 0) {
    out = '-';
    zone = -zone;
    abs = -abs;
  }
  out += pad(Math.floor(zone / 60), 2);
  if (colon) out += ':';
  if (!short) out += pad(zone % 60, 2);
  if (seconds) out += (colon ? ':' : '') + pad(abs % 60, 2);
  return out;
}

// ---- parsing (Go's time.Parse)

export class TimeParseError extends Error {}

class Bad extends Error {}

function getnum(value: string, fixed: boolean): [number, string] {
  if (!isDigitAt(value, 0)) throw new Bad();
  if (!isDigitAt(value, 1)) {
    if (fixed) throw new Bad();
    return [Number(value[0]), value.slice(1)];
  }
  return [Number(value.slice(0, 2)), value.slice(2)];
}

function getnum3(value: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(value, i); i++) n = n * 10 + Number(value[i]);
  if (i === 0 || (fixed && i !== 3)) throw new Bad();
  return [n, value.slice(i)];
}

function lookupName(table: string[], value: string): [number, string] {
  for (let i = 0; i < table.length; i++) {
    const name = table[i];
    if (value.length >= name.length && value.slice(0, name.length).toLowerCase() === name.toLowerCase()) {
      return [i, value.slice(name.length)];
    }
  }
  throw new Bad();
}

function skipPrefix(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw new Bad();
      prefix = prefix.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw new Bad();
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

function parseNanoseconds(value: string, nbytes: number): number {
  if (value[0] !== '.' && value[0] !== ',') throw new Bad();
  if (nbytes > 10) nbytes = 10;
  const digits = value.slice(1, nbytes);
  if (!/^[0-9]+$/.test(digits)) throw new Bad();
  return Number(digits.padEnd(9, '0'));
}

function parseTimeZone(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) {
    const m = /^GMT([+-]\d{1,2})?/.exec(value);
    return m ? m[0].length : 3;
  }
  if (value[0] === '+' || value[0] === '-') {
    const m = /^[+-]\d{2}(?::?\d{2})?/.exec(value);
    return m ? m[0].length : 0;
  }
  let upper = 0;
  while (upper < 6 && upper < value.length && value[upper] >= 'A' && value[upper] <= 'Z') upper++;
  switch (upper) {
    case 3:
      return 3;
    case 4:
      return value[3] === 'T' || value.startsWith('WITA') ? 4 : 0;
    case 5:
      return value[4] === 'T' ? 5 : 0;
  }
  return 0;
}

function parseError(layout: string, value: string, layoutElem: string, valueElem: string, message = ''): TimeParseError {
  if (message) return new TimeParseError(`parsing time ${goQuote(value)}${message}`);
  return new TimeParseError(`parsing time ${goQuote(value)} as ${goQuote(layout)}: cannot parse ${goQuote(valueElem)} as ${goQuote(layoutElem)}`);
}

/** time.ParseInLocation(layout, value, location); `local` is the Local location. */
export function parseTime(layout: string, value: string, location: GoLocation, local: GoLocation): GoTime {
  const fullLayout = layout;
  const fullValue = value;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nanos = 0;
  let amSet = false;
  let pmSet = false;
  let zone: GoLocation | undefined;
  let zoneOffset: number | undefined;
  let zoneName = '';
  for (;;) {
    const chunk = nextStdChunk(layout);
    try {
      value = skipPrefix(value, chunk.prefix);
    } catch {
      throw parseError(fullLayout, fullValue, chunk.prefix, value);
    }
    if (!chunk.std) {
      if (value.length !== 0) throw parseError(fullLayout, fullValue, '', value, `: extra text: ${goQuote(value)}`);
      break;
    }
    layout = chunk.suffix;
    const hold = value;
    let rangeError = '';
    try {
      switch (chunk.std) {
        case '06': {
          if (value.length < 2) throw new Bad();
          const p = value.slice(0, 2);
          if (!/^\d\d$/.test(p)) throw new Bad();
          value = value.slice(2);
          year = Number(p);
          year += year >= 69 ? 1900 : 2000;
          break;
        }
        case '2006': {
          if (value.length < 4 || !isDigitAt(value, 0)) throw new Bad();
          const p = value.slice(0, 4);
          if (!/^\d{4}$/.test(p)) throw new Bad();
          value = value.slice(4);
          year = Number(p);
          break;
        }
        case 'Jan':
          [month, value] = lookupName(SHORT_MONTHS, value);
          month++;
          break;
        case 'January':
          [month, value] = lookupName(LONG_MONTHS, value);
          month++;
          break;
        case '1':
        case '01':
          [month, value] = getnum(value, chunk.std === '01');
          if (month <= 0 || month > 12) rangeError = 'month';
          break;
        case 'Mon':
          [, value] = lookupName(SHORT_DAYS, value);
          break;
        case 'Monday':
          [, value] = lookupName(LONG_DAYS, value);
          break;
        case '2':
        case '_2':
        case '02':
          if (chunk.std === '_2' && value[0] === ' ') value = value.slice(1);
          [day, value] = getnum(value, chunk.std === '02');
          break;
        case '__2':
        case '002':
          for (let i = 0; i < 2; i++) if (chunk.std === '__2' && value[0] === ' ') value = value.slice(1);
          [yday, value] = getnum3(value, chunk.std === '002');
          break;
        case '15':
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) rangeError = 'hour';
          break;
        case '3':
        case '03':
          [hour, value] = getnum(value, chunk.std === '03');
          if (hour < 0 || hour > 12) rangeError = 'hour';
          break;
        case '4':
        case '04':
          [minute, value] = getnum(value, chunk.std === '04');
          if (minute < 0 || minute >= 60) rangeError = 'minute';
          break;
        case '5':
        case '05': {
          [second, value] = getnum(value, chunk.std === '05');
          if (second < 0 || second >= 60) {
            rangeError = 'second';
            break;
          }
          if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigitAt(value, 1)) {
            const next = nextStdChunk(layout).std;
            if (next === 'frac0' || next === 'frac9') break;
            let n = 2;
            while (isDigitAt(value, n)) n++;
            nanos = parseNanoseconds(value, n);
            value = value.slice(n);
          }
          break;
        }
        case 'PM':
        case 'pm': {
          if (value.length < 2) throw new Bad();
          const p = value.slice(0, 2);
          value = value.slice(2);
          const [pm, am] = chunk.std === 'PM' ? ['PM', 'AM'] : ['pm', 'am'];
          if (p === pm) pmSet = true;
          else if (p === am) amSet = true;
          else throw new Bad();
          break;
        }
        case 'MST':
          if (value.startsWith('UTC')) {
            zone = UTC;
            value = value.slice(3);
            break;
          } else {
            const n = parseTimeZone(value);
            if (n === 0) throw new Bad();
            zoneName = value.slice(0, n);
            value = value.slice(n);
          }
          break;
        case 'frac0': {
          const ndigit = 1 + (chunk.digits ?? 0);
          if (value.length < ndigit) throw new Bad();
          nanos = parseNanoseconds(value, ndigit);
          value = value.slice(ndigit);
          break;
        }
        case 'frac9': {
          if (value.length < 2 || (value[0] !== '.' && value[0] !== ',') || !isDigitAt(value, 1)) break;
          let i = 0;
          while (isDigitAt(value, i + 1)) i++;
          nanos = parseNanoseconds(value, 1 + i);
          value = value.slice(1 + i);
          break;
        }
        default: {
          const std = chunk.std;
          if (std.startsWith('Z') && value[0] === 'Z') {
            value = value.slice(1);
            zone = UTC;
            break;
          }
          let parts: [string, string, string, string];
          const colon = std.includes(':');
          const short = std === 'Z07' || std === '-07';
          const seconds = std === 'Z070000' || std === '-070000' || std === 'Z07:00:00' || std === '-07:00:00';
          if (colon && !seconds) {
            if (value.length < 6 || value[3] !== ':') throw new Bad();
            parts = [value[0], value.slice(1, 3), value.slice(4, 6), '00'];
            value = value.slice(6);
          } else if (short) {
            if (value.length < 3) throw new Bad();
            parts = [value[0], value.slice(1, 3), '00', '00'];
            value = value.slice(3);
          } else if (colon && seconds) {
            if (value.length < 9 || value[3] !== ':' || value[6] !== ':') throw new Bad();
            parts = [value[0], value.slice(1, 3), value.slice(4, 6), value.slice(7, 9)];
            value = value.slice(9);
          } else if (seconds) {
            if (value.length < 7) throw new Bad();
            parts = [value[0], value.slice(1, 3), value.slice(3, 5), value.slice(5, 7)];
            value = value.slice(7);
          } else {
            if (value.length < 5) throw new Bad();
            parts = [value[0], value.slice(1, 3), value.slice(3, 5), '00'];
            value = value.slice(5);
          }
          const [sign, hh, mm, ss] = parts;
          const [hr] = getnum(hh, true);
          const [mi] = getnum(mm, true);
          const [se] = getnum(ss, true);
          if (hr > 24) rangeError = 'time zone offset hour';
          if (mi > 60) rangeError = 'time zone offset minute';
          if (se > 60) rangeError = 'time zone offset second';
          zoneOffset = (hr * 60 + mi) * 60 + se;
          if (sign === '-') zoneOffset = -zoneOffset;
          else if (sign !== '+') throw new Bad();
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof Bad)) throw e;
      throw parseError(fullLayout, fullValue, chunk.text, hold);
    }
    if (rangeError) throw parseError(fullLayout, fullValue, chunk.text, value, `: ${rangeError} out of range`);
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    let d = 0;
    let m = 0;
    if (isLeap(year)) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) yday--;
    }
    if (yday < 1 || yday > 365) throw parseError(fullLayout, fullValue, '', value, ': day-of-year out of range');
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      if (DAYS_BEFORE[m] < yday) m++;
      d = yday - DAYS_BEFORE[m - 1];
    }
    if (month >= 0 && month !== m) throw parseError(fullLayout, fullValue, '', value, ': day-of-year does not match month');
    month = m;
    if (day >= 0 && day !== d) throw parseError(fullLayout, fullValue, '', value, ': day-of-year does not match day');
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) throw parseError(fullLayout, fullValue, '', value, ': day out of range');

  if (zone) return GoTime.date(year, month, day, hour, minute, second, nanos, zone);
  if (zoneOffset !== undefined) {
    const utc = GoTime.date(year, month, day, hour, minute, second, nanos, UTC);
    const unix = utc.unixSeconds - zoneOffset;
    const localZone = local.lookup(unix);
    if (localZone.offset === zoneOffset && (zoneName === '' || localZone.name === zoneName)) return new GoTime(unix, nanos, local);
    return new GoTime(unix, nanos, fixedZone(zoneName, zoneOffset));
  }
  if (zoneName !== '') {
    const utc = GoTime.date(year, month, day, hour, minute, second, nanos, UTC);
    const localZone = local.lookup(utc.unixSeconds);
    if (localZone.name === zoneName) return new GoTime(utc.unixSeconds - localZone.offset, nanos, local);
    let offset = 0;
    if (zoneName.length > 3 && zoneName.startsWith('GMT')) offset = Number(zoneName.slice(3)) * 3600;
    return new GoTime(utc.unixSeconds, nanos, fixedZone(zoneName, offset));
  }
  return GoTime.date(year, month, day, hour, minute, second, nanos, location);
}
