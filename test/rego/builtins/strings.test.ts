import { describe, expect, it } from 'vitest';
import { SetValue } from '../../../src/rego/value.js';
import { call, callValues, error, json, num } from './helpers.js';

describe('string builtins', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(call('substring', 'a😀bc', 1, 2)).toBe('😀b');
    expect(call('substring', 'abc', 5, 1)).toBe('');
    expect(call('substring', 'abc', 1, -1)).toBe('bc');
    expect(call('indexof', 'a😀bc', 'b')).toBe(2);
    expect(json(call('indexof_n', 'aaa', 'aa'))).toBe('[0,1]');
    expect(call('strings.reverse', 'a😀b')).toBe('b😀a');
    expect(call('strings.count', 'cheese', 'e')).toBe(3);
    expect(call('strings.count', 'five', '')).toBe(5);
  });

  it('reports OPA errors', () => {
    expect(error('substring', 'abc', -1, 1)).toBe('eval_builtin_error: negative offset');
    expect(error('substring', 'abc', 1.5, 1)).toBe('eval_type_error: operand 2 must be integer number but got floating-point number');
    expect(error('indexof', 'abc', '')).toBe('eval_builtin_error: empty search character');
    expect(error('concat', ',', ['a', 1])).toBe('eval_type_error: operand 2 must be array of strings but got array containing number');
    expect(error('concat', ',', 'a')).toBe('eval_type_error: operand 2 must be one of {set, array} but got string');
    expect(error('strings.any_prefix_match', 1, 'a')).toBe('eval_type_error: operand 1 must be one of {string, set, array} but got number');
    expect(error('format_int', 1, 3)).toBe('eval_type_error: operand 2 must be one of {2, 8, 10, 16}');
  });

  it('splits, replaces and trims like Go', () => {
    expect(json(call('split', 'a😀b', ''))).toBe('["a","😀","b"]');
    expect(json(call('split', '', ''))).toBe('[]');
    expect(json(call('split', 'a,b,', ','))).toBe('["a","b",""]');
    expect(call('replace', 'abc', '', '-')).toBe('-a-b-c-');
    expect(call('strings.replace_n', { a: 'b', ab: 'X' }, 'abab')).toBe('bbbb'); // first key in sorted order wins
    expect(call('trim', '...foo.bar...', '.fr')).toBe('oo.ba');
    expect(call('trim_space', '\u00a0\t x \u3000')).toBe('x');
    expect(call('trim_suffix', 'abc', '')).toBe('abc');
    expect(call('lower', 'ÀΣ')).toBe('àσ');
    expect(call('upper', 'straße')).toBe('STRAßE'); // Go maps rune by rune
  });

  it('concatenates sets in sorted order and formats integers', () => {
    expect(callValues('concat', ['-', SetValue.of(['b', 'a'])])).toBe('a-b');
    expect(call('format_int', 255, 16)).toBe('ff');
    expect(call('format_int', -5.9, 2)).toBe('-101');
    expect(callValues('format_int', [num('123456789012345678901234567890'), 10])).toBe('123456789012345678901234567890');
  });

  it('matches any prefix or suffix', () => {
    expect(call('strings.any_prefix_match', ['foo', 'bar'], 'ba')).toBe(true);
    expect(call('strings.any_suffix_match', 'foo.bar', ['.baz', '.bar'])).toBe(true);
    expect(call('strings.any_prefix_match', [], 'x')).toBe(false);
  });
});
