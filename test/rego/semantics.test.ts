import { describe, expect, it } from 'vitest';
import { compilePolicy, fromJSON, toJSON } from '../../src/rego/index.js';

/** [title, module body (package t is added), document under data.t, input, expected JSON or 'undefined'] */
const cases: [string, string, string, unknown, unknown][] = [
  ['undefined is not false', 'p if not input.x', 'p', {}, true],
  ['comparison with undefined is undefined', 'p if input.x != 1', 'p', {}, 'undefined'],
  ['count of missing is undefined', 'p if count(input.xs) == 0', 'p', {}, 'undefined'],
  ['empty multi-value rule is the empty set', 's contains x if { some x in input.xs }', 's', {}, []],
  ['complete rule without value is absent', 'p := 1 if false', 'p', {}, 'undefined'],
  ['default value', 'default p := 0\np := 1 if input.on', 'p', {}, 0],
  ['else chain', 'p := "a" if input.n > 2\nelse := "b" if input.n > 1\nelse := "c"', 'p', { n: 2 }, 'b'],
  ['v1 p[x] if is an object', 'p[x] if some x in ["a", "b"]', 'p', {}, { a: true, b: true }],
  ['partial object', 'p[k] := v if some k, v in input', 'p', { a: 1 }, { a: 1 }],
  ['ref head with nested keys', 'p.q[x].r := 1 if some x in ["a"]', 'p', {}, { q: { a: { r: 1 } } }],
  ['numbers compare exactly', 'p if 9007199254740993 > 9007199254740992', 'p', {}, true],
  ['equal decimals are equal', 'p if 3.5 == 35e-1', 'p', {}, true],
  ['integer division gives decimals', 'p := 1 / 4', 'p', {}, 0.25],
  ['remainder takes the dividend sign', 'p := -7 % 3', 'p', {}, -1],
  ['round half away from zero', 'p := [round(2.5), round(-2.5)]', 'p', {}, [3, -3]],
  ['strings count code points', 'p := count("h\u00e9\u{1F600}")', 'p', {}, 3],
  ['sets iterate sorted', 'p := [x | some x in {"b", "a", "c"}]', 'p', {}, ['a', 'b', 'c']],
  ['objects iterate sorted by key', 'p := [k | some k, _ in {"b": 1, "a": 2}]', 'p', {}, ['a', 'b']],
  ['in checks object values', 'p if 2 in {"a": 2}', 'p', {}, true],
  ['some k, v in array', 'p := {k: v | some k, v in ["x", "y"]}', 'p', {}, { '0': 'x', '1': 'y' }],
  ['unification destructures', 'p := [x, y] if [x, "a"] = ["b", y]', 'p', {}, ['b', 'a']],
  ['body order does not matter', 'p := y if { y > 1; y = input.n }', 'p', { n: 2 }, 2],
  ['every over empty domain is true', 'p if every x in [] { x > 1 }', 'p', {}, true],
  ['every fails on one element', 'p if every x in [1, 2] { x > 1 }', 'p', {}, 'undefined'],
  ['comprehensions see outer vars', 'p := [y | some y in [1, 2, 3]; y > input.min]', 'p', { min: 1 }, [2, 3]],
  ['set operators', 'p := [{1, 2} & {2, 3}, {1} | {2}, {1, 2} - {1}]', 'p', {}, [[2], [1, 2], [2]]],
  ['functions with several definitions', 'f(x) := "neg" if x < 0\nf(x) := "pos" if x >= 0\np := [f(-1), f(1)]', 'p', {}, ['neg', 'pos']],
  ['function defaults', 'default f(_) := "none"\nf(x) := "one" if x == 1\np := [f(1), f(2)]', 'p', {}, ['one', 'none']],
  ['with replaces input in dependencies', 'q := input.v\np := x if x := q with input as {"v": 7}', 'p', { v: 1 }, 7],
  ['with replaces data', 'q := data.cfg.level\np := x if x := q with data.cfg.level as "high"', 'p', {}, 'high'],
  ['with replaces a rule', 'q := 1\nr := q + 1\np := x if x := r with data.t.q as 10', 'p', {}, 11],
  ['with replaces part of a package', 'a.b := 1\na.c := 2\np := x if x := a with data.t.a.b as 5', 'p', {}, { b: 5, c: 2 }],
  ['with mocks a function', 'f(x) := x\ng := f(1)\np := x if x := g with f as 5', 'p', {}, 5],
  ['with mocks a builtin', 'p := x if x := count([1, 2]) with count as 42', 'p', {}, 42],
  ['template strings', 'p := $"{input.name} has {count(input.xs)} items"', 'p', { name: 'a', xs: [1, 2] }, 'a has 2 items'],
  ['keywords as ref fields', 'p := input.if', 'p', { if: 1 }, 1],
  ['raw strings keep backslashes', 'p := `a\\b`', 'p', {}, 'a\\b'],
  ['object keys of any type', 'p := {1: "a"}[1]', 'p', {}, 'a'],
  ['walk yields paths', 'p := [path | walk({"a": [1]}, [path, _])]', 'p', {}, [[], ['a'], ['a', 0]]],
];

describe('Rego semantics', () => {
  for (const [title, body, doc, input, expected] of cases) {
    it(title, () => {
      const policy = compilePolicy([{ file: 't.rego', source: `package t\n\n${body}\n` }]);
      const value = policy.evaluateRef(['t', doc], { input: fromJSON(input) });
      expect(value === undefined ? 'undefined' : toJSON(value)).toEqual(expected);
    });
  }
});
