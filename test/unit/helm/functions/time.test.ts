/**
 * Go's time package as the date functions use it, with vectors from Go's own tests:
 * time/format_test.go (formatTests, parseErrorTests) and time/time_test.go (durationTests,
 * parseDurationTests).
 */
import * as assert from 'node:assert/strict';
import { GoTime, parseTime } from '../../../../server/src/helm/functions/time/go-time';
import { fixedZone, UTC } from '../../../../server/src/helm/functions/time/location';
import { formatDuration, parseDuration } from '../../../../server/src/helm/functions/time/duration';
import { renderTemplate } from './helpers';

const ANSIC = 'Mon Jan _2 15:04:05 2006';
const UnixDate = 'Mon Jan _2 15:04:05 MST 2006';
const RubyDate = 'Mon Jan 02 15:04:05 -0700 2006';
const RFC822 = '02 Jan 06 15:04 MST';
const RFC850 = 'Monday, 02-Jan-06 15:04:05 MST';
const RFC1123 = 'Mon, 02 Jan 2006 15:04:05 MST';
const RFC1123Z = 'Mon, 02 Jan 2006 15:04:05 -0700';
const RFC3339 = '2006-01-02T15:04:05Z07:00';
const RFC3339Nano = '2006-01-02T15:04:05.999999999Z07:00';
const StampNano = 'Jan _2 15:04:05.000000000';

describe('helm functions: Go time formatting (format_test.go formatTests)', () => {
  // time.Unix(0, 1233810057012345600) in US/Pacific
  const t = GoTime.fromUnix(1233810057, 12345600, fixedZone('PST', -8 * 3600));
  const cases: Array<[string, string]> = [
    [ANSIC, 'Wed Feb  4 21:00:57 2009'],
    [UnixDate, 'Wed Feb  4 21:00:57 PST 2009'],
    [RubyDate, 'Wed Feb 04 21:00:57 -0800 2009'],
    [RFC822, '04 Feb 09 21:00 PST'],
    [RFC850, 'Wednesday, 04-Feb-09 21:00:57 PST'],
    [RFC1123, 'Wed, 04 Feb 2009 21:00:57 PST'],
    [RFC1123Z, 'Wed, 04 Feb 2009 21:00:57 -0800'],
    [RFC3339, '2009-02-04T21:00:57-08:00'],
    [RFC3339Nano, '2009-02-04T21:00:57.0123456-08:00'],
    ['3:04PM', '9:00PM'],
    ['3pm', '9pm'],
    ['3PM', '9PM'],
    ['06 01 02', '09 02 04'],
    ['Hi Janet, the Month is January', 'Hi Janet, the Month is February'],
    ['Jan _2 15:04:05', 'Feb  4 21:00:57'],
    ['Jan _2 15:04:05.000', 'Feb  4 21:00:57.012'],
    ['Jan _2 15:04:05.000000', 'Feb  4 21:00:57.012345'],
    [StampNano, 'Feb  4 21:00:57.012345600'],
    ['2006-01-02 15:04:05', '2009-02-04 21:00:57'],
    ['Jan  2 002 __2 2', 'Feb  4 035  35 4'],
    ['2006 6 06 _6 __6 ___6', '2009 6 09 _6 __6 ___6'],
    ['Jan January 1 01 _1', 'Feb February 2 02 _2'],
    ['2 02 _2 __2', '4 04  4  35'],
    ['Mon Monday', 'Wed Wednesday'],
    ['15 3 03 _3', '21 9 09 _9'],
    ['4 04 _4', '0 00 _0'],
    ['5 05 _5', '57 57 _57'],
    ['2006-01-02T15:04:05,999', '2009-02-04T21:00:57,012'],
  ];
  for (const [layout, want] of cases) it(layout, () => assert.equal(t.Format(layout), want));

  it('prints like Go (String, UTC, zero time) and through the date functions', () => {
    assert.equal(t.String(), '2009-02-04 21:00:57.0123456 -0800 PST');
    assert.equal(GoTime.zero().String(), '0001-01-01 00:00:00 +0000 UTC');
    assert.equal(t.UTC().Format(RFC3339), '2009-02-05T05:00:57Z');
    assert.equal(renderTemplate('{{ date "2006-01-02" .t }}', { t }).output, '2009-02-05'); // date shows the time in Local (UTC here)
    assert.equal(renderTemplate('{{ dateInZone "15:04 MST" .t "UTC" }}', { t }).output, '05:00 UTC');
    assert.equal(renderTemplate('{{ dateInZone "15:04 MST" .t "Europe/Berlin" }}', { t }).output, '06:00 CET');
    assert.equal(renderTemplate('{{ dateInZone "15:04 MST" .t "no/such-zone" }}', { t }).output, '05:00 UTC');
  });
});

describe('helm functions: Go time parsing (format_test.go)', () => {
  it('parses the standard layouts, with optional fractional seconds', () => {
    const pst = fixedZone('PST', -8 * 3600);
    const cases: Array<[string, string, string]> = [
      [ANSIC, 'Thu Feb  4 21:00:57 2010', '2010-02-04T21:00:57Z'],
      [RubyDate, 'Thu Feb 04 21:00:57 -0800 2010', '2010-02-04T21:00:57-08:00'],
      [RFC3339, '2010-02-04T21:00:57-08:00', '2010-02-04T21:00:57-08:00'],
      [ANSIC, 'Thu Feb  4 21:00:57.0 2010', '2010-02-04T21:00:57Z'],
      [RFC3339, '2010-02-04T21:00:57.012345678-08:00', '2010-02-04T21:00:57.012345678-08:00'],
      ['2006-01-02 15:04:05', '2010-02-04 21:00:57.012', '2010-02-04T21:00:57.012Z'],
      ['Jan _2 002 2006', 'Feb  4 035 2010', '2010-02-04T00:00:00Z'],
    ];
    for (const [layout, value, rfc] of cases) {
      assert.equal(parseTime(layout, value, UTC, pst).Format(RFC3339Nano), rfc, `${layout} / ${value}`);
    }
  });

  it('fails with Go parseErrorTests messages', () => {
    const cases: Array<[string, string, string]> = [
      [ANSIC, 'Feb  4 21:00:60 2010', 'cannot parse "Feb  4 21:00:60 2010" as "Mon"'],
      [ANSIC, 'Thu Feb  4 21:00:57 @2010', 'cannot parse "@2010" as "2006"'],
      [ANSIC, 'Thu Feb  4 21:00:60 2010', 'second out of range'],
      [ANSIC, 'Thu Feb  4 21:61:57 2010', 'minute out of range'],
      [ANSIC, 'Thu Feb  4 24:00:60 2010', 'hour out of range'],
      ['Mon Jan _2 15:04:05.000 2006', 'Thu Feb  4 23:00:59x01 2010', 'cannot parse "x01 2010" as ".000"'],
      ['Mon Jan _2 15:04:05.000 2006', 'Thu Feb  4 23:00:59.xxx 2010', 'cannot parse ".xxx 2010" as ".000"'],
      [StampNano, 'Dec  7 11:22:01.000000', 'cannot parse ".000000" as ".000000000"'],
      [StampNano, 'Dec  7 11:22:01.0000000000', 'extra text: "0"'],
      [RFC3339, '2006-01-02T15:04:05Z07:00', 'parsing time "2006-01-02T15:04:05Z07:00": extra text: "07:00"'],
      [RFC3339, '2006-01-02T15:04_abc', 'parsing time "2006-01-02T15:04_abc" as "2006-01-02T15:04:05Z07:00": cannot parse "_abc" as ":"'],
      [RFC3339, '2006-01-02T15:04:05_abc', 'parsing time "2006-01-02T15:04:05_abc" as "2006-01-02T15:04:05Z07:00": cannot parse "_abc" as "Z07:00"'],
      [RFC3339, '2006-01-02T15:04:05Z_abc', 'parsing time "2006-01-02T15:04:05Z_abc": extra text: "_abc"'],
      [RFC3339, '2010-02-04T21:00:67.012345678-08:00', 'second out of range'],
      [RFC3339, '0000-01-01T00:00:.0+00:00', 'parsing time "0000-01-01T00:00:.0+00:00" as "2006-01-02T15:04:05Z07:00": cannot parse ".0+00:00" as "05"'],
      ['_2 Jan 06 15:04 MST', '4 --- 00 00:00 GMT', 'cannot parse "--- 00 00:00 GMT" as "Jan"'],
      ['_2 January 06 15:04 MST', '4 --- 00 00:00 GMT', 'cannot parse "--- 00 00:00 GMT" as "January"'],
      ['Jan _2 002 2006', 'Feb  4 034 2006', 'day-of-year does not match day'],
      ['Jan _2 002 2006', 'Feb  4 004 2006', 'day-of-year does not match month'],
      [RFC3339, '"', 'parsing time "\\"" as "2006-01-02T15:04:05Z07:00": cannot parse "\\"" as "2006"'],
      [RFC3339, '0000-01-01T00:00:00+00:+0', 'cannot parse "+00:+0" as "Z07:00"'],
      ['2006-01-02', '22-10-25', 'parsing time "22-10-25" as "2006-01-02": cannot parse "22-10-25" as "2006"'],
      ['06-01-02', 'a2-10-25', 'parsing time "a2-10-25" as "06-01-02": cannot parse "a2-10-25" as "06"'],
      ['03:04PM', '12:03pM', 'parsing time "12:03pM" as "03:04PM": cannot parse "pM" as "PM"'],
      ['03:04pm', '12:03pM', 'parsing time "12:03pM" as "03:04pm": cannot parse "pM" as "pm"'],
    ];
    for (const [layout, value, message] of cases) {
      assert.throws(() => parseTime(layout, value, UTC, UTC), (e: Error) => e.message.includes(message), `${layout} / ${value}: ${message}`);
    }
  });
});

describe('helm functions: Go durations (time_test.go)', () => {
  it('Duration.String (durationTests)', () => {
    const cases: Array<[string, bigint]> = [
      ['0s', 0n], ['1ns', 1n], ['1.1µs', 1100n], ['2.2ms', 2_200_000n], ['3.3s', 3_300_000_000n],
      ['4m5s', 245_000_000_000n], ['4m5.001s', 245_001_000_000n], ['5h6m7.001s', 18_367_001_000_000n],
      ['8m0.000000001s', 480_000_000_001n], ['2562047h47m16.854775807s', 2n ** 63n - 1n], ['-2562047h47m16.854775808s', -(2n ** 63n)],
    ];
    for (const [want, d] of cases) assert.equal(formatDuration(d), want);
  });

  it('ParseDuration (parseDurationTests)', () => {
    const s = 1_000_000_000n;
    const cases: Array<[string, bigint]> = [
      ['0', 0n], ['5s', 5n * s], ['30s', 30n * s], ['1478s', 1478n * s], ['-5s', -5n * s], ['+5s', 5n * s], ['-0', 0n], ['+0', 0n],
      ['5.0s', 5n * s], ['5.6s', 5_600_000_000n], ['5.s', 5n * s], ['.5s', 500_000_000n], ['1.0s', s], ['1.00s', s],
      ['1.004s', 1_004_000_000n], ['1.0040s', 1_004_000_000n], ['100.00100s', 100_001_000_000n],
      ['10ns', 10n], ['11us', 11_000n], ['12µs', 12_000n], ['12μs', 12_000n], ['13ms', 13_000_000n], ['14s', 14n * s],
      ['15m', 900n * s], ['16h', 57_600n * s], ['3h30m', 12_600n * s], ['10.5s4m', 250_500_000_000n],
      ['-2m3.4s', -123_400_000_000n], ['1h2m3s4ms5us6ns', 3_723_004_005_006n], ['39h9m14.425s', 140_954_425_000_000n],
      ['52763797000ns', 52_763_797_000n], ['0.3333333333333333333h', 1200n * s], ['9007199254740993ns', 9_007_199_254_740_993n],
      ['9223372036854775807ns', 2n ** 63n - 1n], ['9223372036854775.807us', 2n ** 63n - 1n], ['9223372036s854ms775us807ns', 2n ** 63n - 1n],
      ['-9223372036854775808ns', -(2n ** 63n)], ['-9223372036854775.808us', -(2n ** 63n)], ['-2562047h47m16.854775808s', -(2n ** 63n)],
      ['0.100000000000000000000h', 360n * s], ['0.830103483285477580700h', 2_988_372_539_827n],
    ];
    for (const [text, want] of cases) assert.equal(parseDuration(text), want, text);
    const errors: Array<[string, string]> = [
      ['', 'time: invalid duration ""'], ['3', 'time: missing unit in duration "3"'], ['-', 'time: invalid duration "-"'],
      ['s', 'time: invalid duration "s"'], ['.', 'time: invalid duration "."'], ['-.', 'time: invalid duration "-."'],
      ['.s', 'time: invalid duration ".s"'], ['+.s', 'time: invalid duration "+.s"'], ['1d', 'time: unknown unit "d" in duration "1d"'],
      ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'], ['-9223372036854775809ns', 'time: invalid duration "-9223372036854775809ns"'],
    ];
    for (const [text, message] of errors) assert.throws(() => parseDuration(text), { message }, text);
  });
});
