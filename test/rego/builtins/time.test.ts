import { describe, expect, it } from 'vitest';
import { call, callValues, context, error, json, num } from './helpers.js';

const NS = 1_000_000_000;

describe('time builtins', () => {
  it('parses Go layouts and named layouts', () => {
    expect(json(call('time.parse_rfc3339_ns', '2017-06-02T19:00:00-07:00'))).toBe('1496455200000000000');
    expect(json(call('time.parse_ns', '01/02 03:04:05PM \'06 -0700', "06/02 07:00:00PM '17 -0700"))).toBe('1496455200000000000');
    expect(json(call('time.parse_ns', 'RFC822Z', '02 Jun 17 19:00 -0700'))).toBe('1496455200000000000');
    expect(call('time.parse_ns', '2006-01-02', '1970-01-02')).toBe(86400 * NS);
    expect(json(call('time.parse_rfc3339_ns', '2262-04-11T23:47:16.854775807Z'))).toBe('9223372036854775807');
    expect(call('time.parse_ns', 'Jan _2 2006 3:04PM', 'Jan  2 1970 1:00AM')).toBe(86400 * NS + 3600 * NS);
  });

  it('reports parse and range errors', () => {
    expect(error('time.parse_rfc3339_ns', '2262-04-11T23:47:16.854775808Z')).toBe('eval_builtin_error: time outside of valid range');
    expect(error('time.parse_ns', '2006-01-02', '2021-02-30')).toBe('eval_builtin_error: parsing time "2021-02-30": day out of range');
    expect(error('time.parse_ns', '2006-01-02', 'x')).toBe(
      'eval_builtin_error: parsing time "x" as "2006-01-02": cannot parse "x" as "2006"',
    );
    expect(error('time.date', 1.5)).toBe('eval_builtin_error: timestamp too big');
  });

  it('parses durations like time.ParseDuration', () => {
    expect(call('time.parse_duration_ns', '1h2m3.5s')).toBe((3723.5 * NS));
    expect(call('time.parse_duration_ns', '-1.5µs')).toBe(-1500);
    expect(call('time.parse_duration_ns', '0')).toBe(0);
    expect(error('time.parse_duration_ns', '1')).toBe('eval_builtin_error: time: missing unit in duration "1"');
    expect(error('time.parse_duration_ns', '1d')).toBe('eval_builtin_error: time: unknown unit "d" in duration "1d"');
  });

  it('reads dates and clocks in IANA zones', () => {
    const t = 1517814000 * NS; // 2018-02-05T07:00:00Z
    expect(json(callValues('time.date', [num(String(t))]))).toBe('[2018,2,5]');
    expect(json(callValues('time.date', [[num(String(t)), 'America/Los_Angeles']]))).toBe('[2018,2,4]');
    expect(json(callValues('time.clock', [[num(String(t)), 'Asia/Kolkata']]))).toBe('[12,30,0]');
    expect(callValues('time.weekday', [num(String(t))])).toBe('Monday');
    expect(error('time.date', [0, 'Mars/Olympus'])).toBe('eval_builtin_error: unknown time zone Mars/Olympus');
  });

  it('formats with layouts, zone names and offsets', () => {
    const t = num('1670006453141828752');
    expect(callValues('time.format', [t])).toBe('2022-12-02T18:40:53.141828752Z');
    expect(callValues('time.format', [[t, 'Asia/Kolkata']])).toBe('2022-12-03T00:10:53.141828752+05:30');
    expect(callValues('time.format', [[t, 'Asia/Kolkata', 'RFC1123Z']])).toBe('Sat, 03 Dec 2022 00:10:53 +0530');
    expect(callValues('time.format', [[t, 'America/New_York', 'Mon Jan _2 3:04PM MST 2006 .000']])).toBe('Fri Dec  2 1:40PM EST 2022 .141');
    expect(callValues('time.format', [[t, 'UTC', '2006-01-02 15:04:05.999']])).toBe('2022-12-02 18:40:53.141');
  });

  it('adds dates with Go normalisation and diffs calendars', () => {
    expect(json(call('time.add_date', 1585852421593912000, 3, 9, 12))).toBe('1705257221593912000');
    const jan31 = call('time.parse_ns', '2006-01-02', '2021-01-31');
    const mar3 = call('time.parse_ns', '2006-01-02', '2021-03-03');
    expect(callValues('time.add_date', [jan31!, 0, 1, 0])).toBe(mar3);
    const a = call('time.parse_ns', '2006-01-02', '2020-02-02')!;
    const b = call('time.parse_ns', '2006-01-02', '2020-03-01')!;
    expect(json(callValues('time.diff', [a, b]))).toBe('[0,0,28,0,0,0]');
  });

  it('takes now_ns from the query context', () => {
    expect(json(callValues('time.now_ns', [], context({ nowNs: 42n })))).toBe('42');
  });
});

describe('zone abbreviations in time.format', () => {
  it('prints tzdata abbreviations, numeric where tzdata has none', () => {
    const winter = num(String(Date.UTC(2022, 0, 15) * 1e6));
    const summer = num(String(Date.UTC(2022, 6, 15) * 1e6));
    const f = (t: ReturnType<typeof num>, tz: string) => callValues('time.format', [[t, tz, 'MST']]);
    expect(f(winter, 'Europe/Berlin')).toBe('CET');
    expect(f(summer, 'Europe/Berlin')).toBe('CEST');
    expect(f(summer, 'Europe/London')).toBe('BST');
    expect(f(winter, 'America/Los_Angeles')).toBe('PST');
    expect(f(winter, 'Asia/Kolkata')).toBe('IST');
    expect(f(winter, 'Asia/Tokyo')).toBe('JST');
    expect(f(winter, 'America/Sao_Paulo')).toBe('-03');
    expect(f(winter, 'UTC')).toBe('UTC');
  });
});
