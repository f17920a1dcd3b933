/**
 * sprig's date functions (date.go) and Helm's duration helpers (funcs.go). Go's Local zone is
 * options.timeZone (UTC by default); the clock is options.clock.
 */
import { type FunctionMap, quote } from '../../template';
import { goFunc } from '../define';
import type { ResolvedOptions } from '../options';
import { DurationError, GoDuration, HOUR, INT64_MAX, INT64_MIN, MICROSECOND, MILLISECOND, MINUTE, SECOND, formatDuration, parseDuration, roundDuration, truncateDuration } from '../time/duration';
import { GoTime, parseTime } from '../time/go-time';
import { type GoLocation, UTC, loadLocation, localLocation } from '../time/location';
import { parseFloat0 } from './cast';

const MAX_DURATION_SECONDS = INT64_MAX / SECOND;
const MIN_DURATION_SECONDS = INT64_MIN / SECOND;
const MAX_DURATION_SECONDS_FLOAT = Number(INT64_MAX) / 1e9;
const MIN_DURATION_SECONDS_FLOAT = Number(INT64_MIN) / 1e9;

function durationFromSecondsFloat(seconds: number): bigint {
  if (!Number.isFinite(seconds)) throw new Error(`invalid duration seconds: ${seconds > 0 ? '+Inf' : seconds < 0 ? '-Inf' : 'NaN'}`);
  if (seconds > MAX_DURATION_SECONDS_FLOAT || seconds < MIN_DURATION_SECONDS_FLOAT) throw new Error(`duration seconds overflow: ${seconds}`);
  const nanos = seconds * 1e9;
  if (nanos > Number(INT64_MAX) || nanos < Number(INT64_MIN)) throw new Error(`duration nanoseconds overflow: ${nanos}`);
  return BigInt(Math.trunc(nanos));
}

/** Helm's asDuration: a Duration, a duration or seconds string, or a number of seconds. */
export function asDuration(v: unknown): bigint {
  if (v instanceof GoDuration) return v.nanoseconds;
  if (typeof v === 'string') {
    const s = v.replace(/^[\t\n\v\f\r \u0085\u00a0]+|[\t\n\v\f\r \u0085\u00a0]+$/g, '');
    if (s === '') throw new Error('empty duration');
    try {
      return parseDuration(s);
    } catch {
      const f = parseFloat0(s);
      if (f !== undefined) return durationFromSecondsFloat(f);
      throw new Error(`could not parse duration ${quote(v)}`);
    }
  }
  if (v === null || v === undefined) throw new Error('invalid duration');
  if (typeof v === 'bigint') {
    if (v > MAX_DURATION_SECONDS || v < MIN_DURATION_SECONDS) throw new Error(`duration seconds overflow: ${v}`);
    return v * SECOND;
  }
  if (typeof v === 'number') return durationFromSecondsFloat(v);
  throw new Error(`unsupported duration type ${typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}'}`);
}

function orZero<T>(f: () => T, zero: T): T {
  try {
    return f();
  } catch {
    return zero;
  }
}

export function dateFunctions(options: ResolvedOptions): FunctionMap {
  const local: GoLocation = localLocation(options.timeZone);
  const now = (): GoTime => {
    const ms = options.clock();
    const seconds = Math.floor(ms / 1000);
    return GoTime.fromUnix(seconds, Math.round((ms - seconds * 1000) * 1e6), local);
  };
  /** The time a date argument stands for: a time.Time, or Unix seconds (int); anything else is now. */
  const timeOf = (date: unknown): GoTime => {
    if (date instanceof GoTime) return date;
    if (typeof date === 'bigint') return GoTime.fromUnix(Number(date), 0, local);
    return now();
  };
  const dateInZone = (layout: string, date: unknown, zone: string): string =>
    timeOf(date).In(loadLocation(zone, local) ?? UTC).Format(layout);
  const since = (t: GoTime): bigint => now().UnixNano() - t.UnixNano();
  const dateModify = (layout: string, date: GoTime): GoTime => orZero(() => date.addNanos(parseDuration(layout)), undefined) ?? date;
  const mustDateModify = (layout: string, date: GoTime): GoTime => date.addNanos(parseDuration(layout));
  const toDate = (layout: string, value: string): GoTime => parseTime(layout, value, local, local);

  const durationFn = (sec: unknown): string => {
    let n = 0n;
    if (typeof sec === 'string') n = /^[+-]?[0-9]+$/.test(sec) ? BigInt.asIntN(64, BigInt(sec)) : 0n;
    else if (typeof sec === 'bigint') n = sec;
    return formatDuration(BigInt.asIntN(64, n * SECOND));
  };
  const durationRound = (duration: unknown): string => {
    let d = 0n;
    if (typeof duration === 'string') d = orZero(() => parseDuration(duration), 0n);
    else if (typeof duration === 'bigint') d = duration;
    else if (duration instanceof GoTime) d = since(duration);
    const u = d < 0n ? -d : d;
    const year = HOUR * 24n * 365n;
    const month = HOUR * 24n * 30n;
    const day = HOUR * 24n;
    if (u > year) return `${u / year}y`;
    if (u > month) return `${u / month}mo`;
    if (u > day) return `${u / day}d`;
    if (u > HOUR) return `${u / HOUR}h`;
    if (u > MINUTE) return `${u / MINUTE}m`;
    if (u > SECOND) return `${u / SECOND}s`;
    return '0s';
  };

  const numberOr0 = <T>(f: (d: bigint) => T, zero: T) => (v: unknown): T => {
    try {
      return f(asDuration(v));
    } catch {
      return zero;
    }
  };
  const dur = (d: bigint): GoDuration => new GoDuration(d);
  const any1 = { params: ['interface {}'] } as const;

  return {
    now: goFunc('now', { params: [] }, now),
    date: goFunc('date', { params: ['string', 'interface {}'] }, (layout, d) => dateInZone(layout, d, 'Local')),
    dateInZone: goFunc('dateInZone', { params: ['string', 'interface {}', 'string'] }, dateInZone),
    date_in_zone: goFunc('date_in_zone', { params: ['string', 'interface {}', 'string'] }, dateInZone),
    htmlDate: goFunc('htmlDate', any1, (d) => dateInZone('2006-01-02', d, 'Local')),
    htmlDateInZone: goFunc('htmlDateInZone', { params: ['interface {}', 'string'] }, (d, zone) => dateInZone('2006-01-02', d, zone)),
    dateModify: goFunc('dateModify', { params: ['string', 'time.Time'] }, dateModify),
    date_modify: goFunc('date_modify', { params: ['string', 'time.Time'] }, dateModify),
    mustDateModify: goFunc('mustDateModify', { params: ['string', 'time.Time'] }, mustDateModify),
    must_date_modify: goFunc('must_date_modify', { params: ['string', 'time.Time'] }, mustDateModify),
    ago: goFunc('ago', any1, (d) => formatDuration(roundDuration(since(timeOf(d)), SECOND))),
    duration: goFunc('duration', any1, durationFn),
    durationRound: goFunc('durationRound', any1, durationRound),
    toDate: goFunc('toDate', { params: ['string', 'string'] }, (layout, value) => orZero(() => toDate(layout, value), GoTime.zero())),
    mustToDate: goFunc('mustToDate', { params: ['string', 'string'] }, toDate),
    unixEpoch: goFunc('unixEpoch', { params: ['time.Time'] }, (t) => String(t.Unix())),

    // Helm's duration helpers
    mustToDuration: goFunc('mustToDuration', any1, (v) => dur(asDuration(v))),
    durationSeconds: goFunc('durationSeconds', any1, numberOr0((d) => dur(d).Seconds(), 0)),
    durationMilliseconds: goFunc('durationMilliseconds', any1, numberOr0((d) => d / MILLISECOND, 0n)),
    durationMicroseconds: goFunc('durationMicroseconds', any1, numberOr0((d) => d / MICROSECOND, 0n)),
    durationNanoseconds: goFunc('durationNanoseconds', any1, numberOr0((d) => d, 0n)),
    durationMinutes: goFunc('durationMinutes', any1, numberOr0((d) => dur(d).Minutes(), 0)),
    durationHours: goFunc('durationHours', any1, numberOr0((d) => dur(d).Hours(), 0)),
    durationDays: goFunc('durationDays', any1, numberOr0((d) => dur(d).Hours() / 24, 0)),
    durationWeeks: goFunc('durationWeeks', any1, numberOr0((d) => dur(d).Hours() / 24 / 7, 0)),
    durationRoundTo: goFunc('durationRoundTo', { params: ['interface {}', 'interface {}'] }, (v, m) => durationTo(v, m, roundDuration)),
    durationTruncateTo: goFunc('durationTruncateTo', { params: ['interface {}', 'interface {}'] }, (v, m) => durationTo(v, m, truncateDuration)),
  };
}

function durationTo(v: unknown, m: unknown, op: (d: bigint, m: bigint) => bigint): GoDuration {
  let d: bigint;
  try {
    d = asDuration(v);
  } catch {
    return new GoDuration(0n);
  }
  try {
    return new GoDuration(op(d, asDuration(m)));
  } catch {
    return new GoDuration(d);
  }
}

export { DurationError };
