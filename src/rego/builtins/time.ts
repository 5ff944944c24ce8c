/**
 * time.* builtins (OPA topdown/time.go) on the Go time model in gotime.ts.
 * Timestamps are int64 nanoseconds; a time argument is `ns` or `[ns, tz]`
 * (`[ns, tz, layout]` for time.format). time.now_ns is fixed per query.
 */
import { isArray, isNumber, isString, typeName, type Value } from '../value.js';
import {fromBigInt, isIntegerNum } from '../number.js';
import { exactBigInt } from './num-util.js';
import { argInteger, argString, BuiltinError, type BuiltinContext, type BuiltinDef } from './registry.js';
import {
  civil, daysIn, formatTime, fromUnixNano, loadZone, makeTime, MAX_NS, MIN_NS, NAMED_LAYOUTS, parseDuration, parseTime, TimeError,
  toUnixNano, UTC, WEEKDAYS, type GoTime,
} from './gotime.js';

/** Run Go-time code, turning its errors into builtin errors. */
function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TimeError) throw new BuiltinError(e.message);
    throw e;
  }
}

function tzTypeError(v: Value): BuiltinError {
  return new BuiltinError(`operand 1 must be either number (ns) or [number (ns), string (tz)] but got ${typeName(v)}`, 'eval_type_error');
}

/** OPA's tzTime: the time, and the layout of a 3-element array. */
function tzTime(a: Value): [GoTime, string] {
  let n: Value;
  let zone = UTC;
  let layout = '';
  if (isArray(a)) {
    if (a.length === 0) throw tzTypeError(a);
    n = a[0]!;
    if (!isNumber(n)) throw new BuiltinError(`operand 1 must be number but got ${typeName(n)}`, 'eval_type_error');
    if (a.length > 1) {
      const tz = a[1]!;
      if (!isString(tz)) throw new BuiltinError(`operand 1 must be string but got ${typeName(tz)}`, 'eval_type_error');
      zone = guard(() => loadZone(tz));
    }
    if (a.length > 2) {
      const l = a[2]!;
      if (!isString(l)) throw new BuiltinError(`operand 1 must be string but got ${typeName(l)}`, 'eval_type_error');
      layout = l;
    }
  } else if (isNumber(a)) n = a;
  else throw tzTypeError(a);
  if (!isNumber(n) || !isIntegerNum(n)) throw new BuiltinError('timestamp too big');
  const ns = exactBigInt(n);
  if (ns < MIN_NS || ns > MAX_NS) throw new BuiltinError('timestamp too big');
  return [fromUnixNano(ns, zone), layout];
}

const nsValue = (t: GoTime): Value => fromBigInt(guard(() => toUnixNano(t)));

function intArg(args: Value[], i: number): number {
  return Number(exactBigInt(argInteger(args, i)));
}

function diff(a: Value, b: Value): Value[] {
  let [t1] = tzTime(a);
  let [t2] = tzTime(b);
  t2 = { ...t2, zone: t1.zone };
  if (t1.sec > t2.sec || (t1.sec === t2.sec && t1.nsec > t2.nsec)) [t1, t2] = [t2, t1];
  const c1 = civil(t1);
  const c2 = civil(t2);
  let year = c2.year - c1.year;
  let month = c2.month - c1.month;
  let day = c2.day - c1.day;
  let hour = c2.hour - c1.hour;
  let min = c2.min - c1.min;
  let sec = c2.sec - c1.sec;
  if (sec < 0) {
    sec += 60;
    min--;
  }
  if (min < 0) {
    min += 60;
    hour--;
  }
  if (hour < 0) {
    hour += 24;
    day--;
  }
  if (day < 0) {
    day += daysIn(c1.month, c1.year);
    month--;
  }
  if (month < 0) {
    month += 12;
    year--;
  }
  return [year, month, day, hour, min, sec];
}

/** Block the thread (test.sleep is OPA's test helper; time.now_ns must not move). */
function sleepNs(ns: bigint): void {
  const ms = Number(ns / 1_000_000n);
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(ms, 10_000));
}

export const timeBuiltins: BuiltinDef[] = [
  {
    name: 'test.sleep',
    args: ['string'],
    result: 'null',
    nondeterministic: true,
    impl: (args) => {
      const s = argString(args, 0);
      sleepNs(guard(() => parseDuration(s)));
      return null;
    },
  },
  {
    name: 'time.now_ns',
    args: [],
    result: 'number',
    nondeterministic: true,
    impl: (_args, ctx: BuiltinContext) => fromBigInt(ctx.nowNs),
  },
  {
    name: 'time.parse_ns',
    args: ['string', 'string'],
    result: 'number',
    impl: (args) => {
      const layout = argString(args, 0);
      const value = argString(args, 1);
      return nsValue(guard(() => parseTime(NAMED_LAYOUTS[layout] ?? layout, value)));
    },
  },
  {
    name: 'time.parse_rfc3339_ns',
    args: ['string'],
    result: 'number',
    impl: (args) => {
      const value = argString(args, 0);
      return nsValue(guard(() => parseTime(NAMED_LAYOUTS.RFC3339!, value)));
    },
  },
  {
    name: 'time.parse_duration_ns',
    args: ['string'],
    result: 'number',
    impl: (args) => {
      const s = argString(args, 0);
      return fromBigInt(guard(() => parseDuration(s)));
    },
  },
  {
    name: 'time.format',
    args: [['number', 'array']],
    result: 'string',
    impl: (args) => {
      const [t, layout] = tzTime(args[0]!);
      const l = layout === '' ? NAMED_LAYOUTS.RFC3339Nano! : (NAMED_LAYOUTS[layout] ?? layout);
      return guard(() => formatTime(t, l));
    },
  },
  {
    name: 'time.date',
    args: [['number', 'array']],
    result: 'array',
    impl: (args) => {
      const c = guard(() => civil(tzTime(args[0]!)[0]));
      return [c.year, c.month, c.day];
    },
  },
  {
    name: 'time.clock',
    args: [['number', 'array']],
    result: 'array',
    impl: (args) => {
      const c = guard(() => civil(tzTime(args[0]!)[0]));
      return [c.hour, c.min, c.sec];
    },
  },
  {
    name: 'time.weekday',
    args: [['number', 'array']],
    result: 'string',
    impl: (args) => WEEKDAYS[guard(() => civil(tzTime(args[0]!)[0])).weekday]!,
  },
  {
    name: 'time.add_date',
    args: [['number', 'array'], 'number', 'number', 'number'],
    result: 'number',
    impl: (args) => {
      const [t] = tzTime(args[0]!);
      const years = intArg(args, 1);
      const months = intArg(args, 2);
      const days = intArg(args, 3);
      return guard(() => {
        const c = civil(t);
        return nsValue(makeTime(c.year + years, c.month + months, c.day + days, c.hour, c.min, c.sec, c.nsec, t.zone));
      });
    },
  },
  {
    name: 'time.diff',
    args: [['number', 'array'], ['number', 'array']],
    result: 'array',
    impl: (args) => guard(() => diff(args[0]!, args[1]!)),
  },
];
