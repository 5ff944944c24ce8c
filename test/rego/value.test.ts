import { describe, expect, it } from 'vitest';
import { numAdd, numDiv, numToString, parseNumber } from '../../src/rego/number.js';
import { compare, equals, formatValue, fromJSON, ObjectValue, parseJSON, SetValue, toJSON, toJSONText } from '../../src/rego/value.js';

describe('numbers', () => {
  it('treats 3.5, 3.50 and 35e-1 as one value', () => {
    const a = parseNumber('3.5')!;
    expect(equals(a, parseNumber('3.50')!)).toBe(true);
    expect(equals(a, parseNumber('35e-1')!)).toBe(true);
    expect(SetValue.of([a, parseNumber('3.50')!, parseNumber('35e-1')!]).size).toBe(1);
  });

  it('keeps big integers and huge exponents exact', () => {
    expect(numToString(numAdd(parseNumber('9223372036854775807')!, 1))).toBe('9223372036854775808');
    expect(numToString(numAdd(parseNumber('1e30')!, 1))).toBe('1000000000000000000000000000001');
    expect(compare(parseNumber('1e400')!, parseNumber('1e399')!)).toBe(1);
    expect(equals(parseNumber('28857836529306024611913')!, parseNumber('28857836529306024611912')!)).toBe(false);
  });

  it('divides exactly where the result terminates', () => {
    expect(numDiv(1, 4)).toBe(0.25);
    expect(numDiv(1, 0)).toBeUndefined();
  });
});

describe('ordering and equality', () => {
  it('orders types null < boolean < number < string < array < object < set', () => {
    const vals = [SetValue.of([1]), new ObjectValue(), [1], 'a', 1, true, null];
    const sorted = [...vals].sort(compare);
    expect(sorted.map((v) => formatValue(v))).toEqual(['null', 'true', '1', '"a"', '[1]', '{}', '{1}']);
  });

  it('compares strings by code point', () => {
    expect(compare('\u{1F600}', '\uFFFF')).toBe(1);
  });

  it('uses any value as object key', () => {
    const o = new ObjectValue().set(1, 'one').set('1', 'string one').set([1, 2], 'array');
    expect(o.get(1)).toBe('one');
    expect(o.get('1')).toBe('string one');
    expect(o.get([1, 2])).toBe('array');
    expect(o.size).toBe(3);
  });
});

describe('printing and JSON', () => {
  it('prints like OPA terms', () => {
    expect(formatValue(fromJSON({ b: [1, 'x'], a: null }))).toBe('{"a": null, "b": [1, "x"]}');
    expect(formatValue(SetValue.of(['b', 'a']))).toBe('{"a", "b"}');
    expect(formatValue(new SetValue())).toBe('set()');
  });

  it('parses JSON without losing digits', () => {
    const v = parseJSON('{"n": 12345678901234567890, "f": 1.5}');
    expect(toJSONText(v)).toBe('{"f":1.5,"n":12345678901234567890}');
  });

  it('converts sets to sorted arrays in toJSON', () => {
    expect(toJSON(SetValue.of([3, 1, 2]))).toEqual([1, 2, 3]);
  });

  it('keeps __proto__ keys as plain data', () => {
    const v = parseJSON('{"__proto__": {"polluted": true}}') as ObjectValue;
    expect(v.get('__proto__')).toBeInstanceOf(ObjectValue);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
