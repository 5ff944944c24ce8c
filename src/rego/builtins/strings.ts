/**
 * String builtins (OPA topdown/strings.go): concat, contains, startswith, endswith,
 * lower/upper, split, replace, strings.replace_n, substring, indexof(_n), trim*,
 * format_int, sprintf, strings.reverse/count/any_prefix_match/any_suffix_match.
 * Offsets and lengths count code points (Go runes), as OPA does.
 */
import { codePointLength, isArray, isSet, isString, typeName, type Value } from '../value.js';
import {isIntegerNum, numEquals, numToString, numFloor, numCeil, numSign, type Num } from '../number.js';
import { exactBigInt } from './num-util.js';
import { argInteger, argNumber, argObject, argString, BuiltinError, operandTypeError, type BuiltinDef } from './registry.js';
import { goSprintf } from './gofmt.js';

/** OPA's NewOperandElementErr: `operand 2 must be array of strings but got array containing number`. */
export function elementTypeError(pos: number, composite: Value, got: Value, expected: string): BuiltinError {
  const t = typeName(composite);
  return new BuiltinError(`operand ${pos} must be ${t} of ${expected}s but got ${t} containing ${typeName(got)}`, 'eval_type_error');
}

/** Strings of an array or set operand (OPA StringSliceOperand). */
export function stringsOf(args: Value[], i: number): string[] {
  const v = args[i]!;
  const items = isArray(v) ? v : isSet(v) ? v.sorted() : undefined;
  if (!items) throw operandTypeError(i + 1, v, 'array', 'set');
  return items.map((x) => {
    if (!isString(x)) throw elementTypeError(i + 1, v, x, 'string');
    return x;
  });
}

/** Go unicode.IsSpace. */
export function isGoSpace(cp: number): boolean {
  return (
    (cp >= 9 && cp <= 13) ||
    cp === 32 ||
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

// Go maps case rune by rune with simple (1:1) mappings; JS may expand ('ß' -> 'SS').
function mapCase(s: string, upper: boolean): string {
  const whole = upper ? s.toUpperCase() : s.toLowerCase();
  if (codePointLength(whole) === codePointLength(s) && !/[\u03a3\u0130]/u.test(s)) return whole;
  let out = '';
  for (const c of s) {
    if (c === '\u0130' && !upper) {
      out += 'i';
      continue;
    }
    if (c === '\u03a3' && !upper) {
      out += '\u03c3'; // no final-sigma context rule in Go
      continue;
    }
    const m = upper ? c.toUpperCase() : c.toLowerCase();
    out += codePointLength(m) === 1 ? m : c;
  }
  return out;
}

function trimLeftSet(s: string, cut: Set<string>): string {
  const cps = [...s];
  let i = 0;
  while (i < cps.length && cut.has(cps[i]!)) i++;
  return cps.slice(i).join('');
}

function trimRightSet(s: string, cut: Set<string>): string {
  const cps = [...s];
  let j = cps.length;
  while (j > 0 && cut.has(cps[j - 1]!)) j--;
  return cps.slice(0, j).join('');
}

function trimSpace(s: string): string {
  const cps = [...s];
  let i = 0;
  let j = cps.length;
  while (i < j && isGoSpace(cps[i]!.codePointAt(0)!)) i++;
  while (j > i && isGoSpace(cps[j - 1]!.codePointAt(0)!)) j--;
  return cps.slice(i, j).join('');
}

/**
 * Go strings.NewReplacer semantics: scan left to right; at each position the first
 * pair (in argument order) whose old string matches wins; an empty old string
 * matches at every code point boundary (including the end) but never twice in a row.
 */
export function goReplace(s: string, pairs: [string, string][]): string {
  if (pairs.length === 1 && pairs[0]![0] !== '') return s.split(pairs[0]![0]).join(pairs[0]![1]);
  let out = '';
  let i = 0;
  let prevEmpty = false;
  for (;;) {
    let matched: [string, string] | undefined;
    for (const p of pairs) {
      if (p[0] === '' ? !prevEmpty : s.startsWith(p[0], i)) {
        matched = p;
        break;
      }
    }
    if (matched) {
      out += matched[1];
      prevEmpty = matched[0] === '';
      i += matched[0].length;
      continue;
    }
    prevEmpty = false;
    if (i >= s.length) break;
    const w = s.codePointAt(i)! > 0xffff ? 2 : 1;
    out += s.slice(i, i + w);
    i += w;
  }
  return out;
}

function indexesOf(base: string, search: string, all: boolean): number[] {
  if (search === '') throw new BuiltinError('empty search character');
  const out: number[] = [];
  let from = 0;
  for (;;) {
    const at = base.indexOf(search, from);
    if (at < 0) break;
    out.push(codePointLength(base.slice(0, at)));
    if (!all) break;
    // overlapping matches count (OPA scans every rune position)
    from = at + (base.codePointAt(at)! > 0xffff ? 2 : 1);
  }
  return out;
}

function formatInt(args: Value[]): string {
  const input = argNumber(args, 0);
  const base = argNumber(args, 1);
  const radix = [2, 8, 10, 16].find((b) => numEquals(base, b));
  if (radix === undefined) throw new BuiltinError('operand 2 must be one of {2, 8, 10, 16}', 'eval_type_error');
  const truncated: Num = isIntegerNum(input) ? input : numSign(input) < 0 ? numCeil(input) : numFloor(input);
  return exactBigInt(truncated).toString(radix);
}

function anyMatch(args: Value[], suffix: boolean): boolean {
  const list = (i: number): string[] => {
    const v = args[i]!;
    if (isString(v)) return [v];
    if (isArray(v) || isSet(v)) return stringsOf(args, i);
    throw operandTypeError(i + 1, v, 'string', 'set', 'array');
  };
  const strs = list(0);
  const fixes = list(1);
  return strs.some((s) => fixes.some((f) => (suffix ? s.endsWith(f) : s.startsWith(f))));
}

function substring(args: Value[]): string {
  const s = argString(args, 0);
  const start = Number(exactBigInt(argInteger(args, 1)));
  const length = Number(exactBigInt(argInteger(args, 2)));
  if (start < 0) throw new BuiltinError('negative offset');
  const cps = [...s];
  if (start >= cps.length) return '';
  return (length < 0 ? cps.slice(start) : cps.slice(start, start + length)).join('');
}

function split(s: string, delim: string): string[] {
  if (delim === '') return [...s];
  return s.split(delim);
}

function countSubstr(s: string, sub: string): number {
  if (sub === '') return codePointLength(s) + 1;
  let n = 0;
  for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}

export const stringBuiltins: BuiltinDef[] = [
  {
    name: 'concat',
    args: ['string', ['array', 'set']],
    result: 'string',
    impl: (args) => {
      const sep = argString(args, 0);
      const v = args[1]!;
      if (!isArray(v) && !isSet(v)) throw operandTypeError(2, v, 'set', 'array'); // OPA's order for concat
      return stringsOf(args, 1).join(sep);
    },
  },
  {
    name: 'contains',
    args: ['string', 'string'],
    result: 'boolean',
    impl: (args) => argString(args, 0).includes(argString(args, 1)),
  },
  {
    name: 'startswith',
    args: ['string', 'string'],
    result: 'boolean',
    impl: (args) => argString(args, 0).startsWith(argString(args, 1)),
  },
  {
    name: 'endswith',
    args: ['string', 'string'],
    result: 'boolean',
    impl: (args) => argString(args, 0).endsWith(argString(args, 1)),
  },
  { name: 'lower', args: ['string'], result: 'string', impl: (args) => mapCase(argString(args, 0), false) },
  { name: 'upper', args: ['string'], result: 'string', impl: (args) => mapCase(argString(args, 0), true) },
  {
    name: 'split',
    args: ['string', 'string'],
    result: 'array',
    impl: (args) => split(argString(args, 0), argString(args, 1)),
  },
  {
    name: 'replace',
    args: ['string', 'string', 'string'],
    result: 'string',
    impl: (args) => goReplace(argString(args, 0), [[argString(args, 1), argString(args, 2)]]),
  },
  {
    name: 'strings.replace_n',
    args: ['object', 'string'],
    result: 'string',
    impl: (args) => {
      const patterns = argObject(args, 0);
      const s = argString(args, 1);
      const pairs: [string, string][] = [];
      for (const [k, v] of patterns.entries()) {
        if (!isString(k)) throw new BuiltinError('operand 1 non-string key found in pattern object', 'eval_type_error');
        if (!isString(v)) throw new BuiltinError('operand 1 non-string value found in pattern object', 'eval_type_error');
        pairs.push([k, v]);
      }
      return pairs.length === 0 ? s : goReplace(s, pairs);
    },
  },
  { name: 'substring', args: ['string', 'number', 'number'], result: 'string', impl: substring },
  {
    name: 'indexof',
    args: ['string', 'string'],
    result: 'number',
    impl: (args) => {
      const base = argString(args, 0);
      const r = indexesOf(base, argString(args, 1), false);
      return r.length ? r[0]! : -1;
    },
  },
  {
    name: 'indexof_n',
    args: ['string', 'string'],
    result: 'array',
    impl: (args) => indexesOf(argString(args, 0), argString(args, 1), true),
  },
  {
    name: 'trim',
    args: ['string', 'string'],
    result: 'string',
    impl: (args) => {
      const cut = new Set([...argString(args, 1)]);
      return trimRightSet(trimLeftSet(argString(args, 0), cut), cut);
    },
  },
  {
    name: 'trim_left',
    args: ['string', 'string'],
    result: 'string',
    impl: (args) => trimLeftSet(argString(args, 0), new Set([...argString(args, 1)])),
  },
  {
    name: 'trim_right',
    args: ['string', 'string'],
    result: 'string',
    impl: (args) => trimRightSet(argString(args, 0), new Set([...argString(args, 1)])),
  },
  {
    name: 'trim_prefix',
    args: ['string', 'string'],
    result: 'string',
    impl: (args) => {
      const s = argString(args, 0);
      const p = argString(args, 1);
      return s.startsWith(p) ? s.slice(p.length) : s;
    },
  },
  {
    name: 'trim_suffix',
    args: ['string', 'string'],
    result: 'string',
    impl: (args) => {
      const s = argString(args, 0);
      const p = argString(args, 1);
      return p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
    },
  },
  { name: 'trim_space', args: ['string'], result: 'string', impl: (args) => trimSpace(argString(args, 0)) },
  { name: 'format_int', args: ['number', 'number'], result: 'string', impl: formatInt },
  {
    name: 'sprintf',
    args: ['string', 'array'],
    result: 'string',
    impl: (args) => {
      const format = argString(args, 0);
      const v = args[1]!;
      if (!isArray(v)) throw operandTypeError(2, v, 'array');
      return goSprintf(format, v);
    },
  },
  {
    name: 'strings.reverse',
    args: ['string'],
    result: 'string',
    impl: (args) => [...argString(args, 0)].reverse().join(''),
  },
  {
    name: 'strings.count',
    args: ['string', 'string'],
    result: 'number',
    impl: (args) => countSubstr(argString(args, 0), argString(args, 1)),
  },
  {
    name: 'strings.any_prefix_match',
    args: [['string', 'array', 'set'], ['string', 'array', 'set']],
    result: 'boolean',
    impl: (args) => anyMatch(args, false),
  },
  {
    name: 'strings.any_suffix_match',
    args: [['string', 'array', 'set'], ['string', 'array', 'set']],
    result: 'boolean',
    impl: (args) => anyMatch(args, true),
  },
];

/** Exposed for other families that print numbers the way OPA's strings do. */
export { numToString };
