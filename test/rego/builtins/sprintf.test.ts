import { describe, expect, it } from 'vitest';
import { ObjectValue, SetValue } from '../../../src/rego/value.js';
import { callValues, num } from './helpers.js';

const sprintf = (format: string, ...args: Parameters<typeof callValues>[1]) => callValues('sprintf', [format, args]);

describe('sprintf (Go fmt)', () => {
  it('formats integers, floats and strings', () => {
    expect(sprintf('%d|%5d|%-5d|%05d|%+d', 42, 42, 42, -42, 7)).toBe('42|   42|42   |-0042|+7');
    expect(sprintf('%x %X %o %b %#x %#o', 255, 255, 8, 5, 255, 8)).toBe('ff FF 10 101 0xff 010');
    expect(sprintf('%.2f|%8.3f|%e|%g|%v', num('3.14159'), num('2.5'), num('123.456'), num('0.000012'), num('1.5'))).toBe(
      '3.14|   2.500|1.234560e+02|1.2e-05|1.5',
    );
    expect(sprintf('%s|%q|%10s|%-4s|%.2s', 'hi', 'a"b', 'right', 'l', 'abc')).toBe('hi|"a\\"b"|     right|l   |ab');
    expect(sprintf('%x', 'hi')).toBe('6869');
    expect(sprintf('%c%c', 72, 0x1f600)).toBe('H😀');
    expect(sprintf('100%%')).toBe('100%');
  });

  it('rounds half to even on the exact binary value', () => {
    expect(sprintf('%.0f %.0f %.1f %.2f', num('0.5'), num('2.5'), num('0.05'), num('1.005'))).toBe('0 2 0.1 1.00');
  });

  it("prints %v of floats as Go's shortest %g (exponent form from 1e6 or below 1e-4)", () => {
    expect(sprintf('%v', num('1234567.5'))).toBe('1.2345675e+06');
    expect(sprintf('%v', num('123456.5'))).toBe('123456.5');
    expect(sprintf('%v', num('0.1'))).toBe('0.1');
  });

  it('keeps big integers exact and huge floats as text', () => {
    expect(sprintf('%d', num('123456789123456789123'))).toBe('123456789123456789123');
    expect(sprintf('%s', num('1208925819614629174706175'))).toBe('1208925819614629174706175');
    expect(sprintf('%v', num('2e308'))).toBe('2e308');
  });

  it('prints composites as Rego terms and booleans as strings', () => {
    expect(sprintf('%v', ['there', 5, num('3.14')])).toBe('["there", 5, 3.14]');
    expect(sprintf('%v', SetValue.of(['b', 'a']))).toBe('{"a", "b"}');
    expect(sprintf('%v', ObjectValue.fromRecord({ b: 1, a: [] }))).toBe('{"a": [], "b": 1}');
    expect(sprintf('%v', new SetValue())).toBe('set()');
    expect(sprintf('%s %v', true, null)).toBe('true null');
  });

  it('reproduces Go diagnostics', () => {
    expect(sprintf('%d', 'x')).toBe('%!d(string=x)');
    expect(sprintf('%d', num('1.5'))).toBe('%!d(float64=1.5)');
    expect(sprintf('%t', true)).toBe('%!t(string=true)');
    expect(sprintf('%s', 5)).toBe('%!s(int=5)');
    expect(sprintf('%d %d', 1)).toBe('1 %!d(MISSING)');
    expect(sprintf('%d', 1, 'a')).toBe('1%!(EXTRA string=a)');
    expect(sprintf('%')).toBe('%!(NOVERB)');
    expect(sprintf('%z', 1)).toBe('%!z(int=1)');
    expect(sprintf('%T %T %T %T', 1, 'a', num('1.5'), num('99999999999999999999'))).toBe('int string float64 *big.Int');
  });

  it('supports * width and explicit argument indexes', () => {
    expect(sprintf('%*d|', 5, 42)).toBe('   42|');
    expect(sprintf('%[2]s %[1]s', 'a', 'b')).toBe('b a');
  });
});
