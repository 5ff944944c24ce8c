import { describe, expect, it } from 'vitest';
import { call, error, json } from './helpers.js';

describe('regex builtins (RE2 syntax)', () => {
  it('accepts Go syntax that JS RegExp lacks', () => {
    expect(call('regex.match', '(?i)^ab[[:alnum:]]+$', 'ABc1')).toBe(true);
    expect(call('regex.match', '^\\pL+$', 'héllo')).toBe(true);
    expect(call('regex.match', '\\Aa\\z', 'a')).toBe(true);
    expect(call('regex.match', '', 'x')).toBe(true);
  });

  it('rejects what RE2 rejects, with Go messages', () => {
    expect(call('regex.is_valid', '(?=x)')).toBe(false);
    expect(call('regex.is_valid', '(a)\\1')).toBe(false);
    expect(call('regex.is_valid', 5)).toBe(false);
    expect(error('regex.match', '[', 'x')).toBe('eval_builtin_error: error parsing regexp: missing closing ]: `[`');
  });

  it('finds, splits and replaces with Go semantics', () => {
    expect(json(call('regex.find_n', 'a*', 'baaab', -1))).toBe('["","aaa",""]');
    expect(json(call('regex.find_n', 'a.', 'paranormal', 2))).toBe('["ar","an"]');
    expect(json(call('regex.find_all_string_submatch_n', '[^aouiye]([aouiye])([^aouiye])?', 'somestri', -1))).toBe(
      '[["som","o","m"],["ri","i",""]]',
    );
    expect(json(call('regex.split', 'a', 'banana'))).toBe('["b","n","n",""]');
    expect(json(call('regex.split', 'x*', 'axb'))).toBe('["a","b"]');
    expect(call('regex.replace', '-wy-wxxy-', 'w(x*)y', '<$1>')).toBe('-<>-<xx>-');
    expect(call('regex.replace', 'foo', '^[a-z]', 'F')).toBe('Foo');
    expect(call('regex.replace', 'ab', '(?P<first>a)', '${first}${first}$$')).toBe('aa$b');
    expect(call('regex.replace', 'ab', '(a)', '$1x')).toBe('b'); // $1x names group "1x"
  });

  it('matches templates and glob-like intersections', () => {
    expect(call('regex.template_match', 'urn:foo:{.*}', 'urn:foo:bar:baz', '{', '}')).toBe(true);
    expect(call('regex.template_match', 'urn:{[a-z]+}:x', 'urn:FOO:x', '{', '}')).toBe(false);
    expect(call('regex.globs_match', 'a.a.[0-9]+z', '.b.b2359825792*594823z')).toBe(true);
    expect(call('regex.globs_match', '[a-z]*', '[0-9]*')).toBe(true); // both accept ""
    expect(call('regex.globs_match', '[a-z]+', '[0-9]*')).toBe(false);
    expect(call('regex.globs_match', '[a-z]+', '[0-9]+')).toBe(false);
    expect(error('regex.globs_match', 'pqrs]', '[a-b]+')).toBe(
      "eval_builtin_error: input:pqrs], pos:5, set-close ']' with no preceding '[': the input provided is invalid",
    );
  });
});

describe('glob builtins', () => {
  it('treats delimiters like gobwas/glob', () => {
    expect(call('glob.match', '*.github.com', ['.'], 'api.github.com')).toBe(true);
    expect(call('glob.match', '*.github.com', ['.'], 'a.b.github.com')).toBe(false);
    expect(call('glob.match', '**.github.com', ['.'], 'a.b.github.com')).toBe(true);
    expect(call('glob.match', '*', [], 'foo.bar')).toBe(false); // [] means ["."]
    expect(call('glob.match', '*', null, 'foo.bar')).toBe(true);
    expect(call('glob.match', '{cat,[fr]at}', [], 'rat')).toBe(true);
    expect(call('glob.match', '[!a-c]at', [], 'bat')).toBe(false);
    expect(call('glob.match', '?at', ['f'], 'fat')).toBe(false);
    expect(call('glob.quote_meta', '*.github.com')).toBe('\\*.github.com');
    expect(call('glob.quote_meta', '{a,b}[c]?')).toBe('\\{a,b\\}\\[c\\]\\?');
  });
});
