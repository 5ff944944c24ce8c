/**
 * regex.* builtins (OPA topdown/regex.go) on RE2 semantics: Go regexp syntax,
 * FindAll rules for empty matches, Split and ReplaceAllString as Go defines them.
 */
import type { Value } from '../value.js';
import { exactBigInt } from './num-util.js';
import { argInteger, argString, BuiltinError, type BuiltinDef } from './registry.js';
import { compileRegex, expandTemplate, findAllSubmatchIndex, isValidRegex } from './re2.js';
import { globsIntersect } from './glob-intersect.js';

function intArg(args: Value[], i: number): number {
  return Number(exactBigInt(argInteger(args, i)));
}

/** Go Regexp.Split(s, -1). */
function goSplit(pattern: string, s: string): string[] {
  const re = compileRegex(pattern);
  if (pattern.length > 0 && s.length === 0) return [''];
  const matches = findAllSubmatchIndex(re, s, -1);
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of matches) {
    end = m[0]!;
    if (m[1] !== 0) out.push(s.slice(beg, end));
    beg = m[1]!;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** Go Regexp.ReplaceAllString(src, repl) with $-expansion. */
function goReplaceAll(s: string, pattern: string, repl: string): string {
  const re = compileRegex(pattern);
  const matches = findAllSubmatchIndex(re, s, -1);
  if (matches.length === 0) return s;
  let out = '';
  let last = 0;
  for (const m of matches) {
    out += s.slice(last, m[0]!);
    out += expandTemplate(re, repl, s, m);
    last = m[1]!;
  }
  return out + s.slice(last);
}

/** Quote regexp metacharacters like Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/**
 * regex.template_match: text outside the delimiters is literal, text inside is a
 * regular expression; the whole template must match the whole string.
 */
function compileTemplate(template: string, open: string, close: string): string {
  let out = '^';
  let depth = 0;
  let start = 0;
  let inner = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === open) {
      if (depth === 0) {
        out += quoteMeta(template.slice(start, i));
        inner = i + 1;
      }
      depth++;
    } else if (c === close) {
      depth--;
      if (depth === 0) {
        out += `(${template.slice(inner, i)})`;
        start = i + 1;
      } else if (depth < 0) throw new BuiltinError(`unbalanced braces in "${template}"`);
    }
  }
  if (depth !== 0) throw new BuiltinError(`unbalanced braces in "${template}"`);
  return out + quoteMeta(template.slice(start)) + '$';
}

function stringMatrix(s: string, matches: number[][]): Value[] {
  return matches.map((m) => {
    const row: Value[] = [];
    for (let g = 0; g < m.length; g += 2) row.push(m[g]! >= 0 ? s.slice(m[g]!, m[g + 1]!) : '');
    return row;
  });
}

function regexMatch(args: Value[]): boolean {
  const re = compileRegex(argString(args, 0));
  return re.test(argString(args, 1));
}

export const regexBuiltins: BuiltinDef[] = [
  { name: 'regex.match', args: ['string', 'string'], result: 'boolean', impl: regexMatch },
  // the v0 name, removed in Rego v1
  { name: 're_match', args: ['string', 'string'], result: 'boolean', deprecated: true, impl: regexMatch },
  {
    name: 'regex.is_valid',
    args: ['any'],
    result: 'boolean',
    impl: (args) => typeof args[0] === 'string' && isValidRegex(args[0]),
  },
  {
    name: 'regex.split',
    args: ['string', 'string'],
    result: 'array',
    impl: (args) => goSplit(argString(args, 0), argString(args, 1)),
  },
  {
    name: 'regex.find_n',
    args: ['string', 'string', 'number'],
    result: 'array',
    impl: (args) => {
      const pattern = argString(args, 0);
      const s = argString(args, 1);
      const n = intArg(args, 2);
      const re = compileRegex(pattern);
      return findAllSubmatchIndex(re, s, n).map((m) => s.slice(m[0]!, m[1]!));
    },
  },
  {
    name: 'regex.find_all_string_submatch_n',
    args: ['string', 'string', 'number'],
    result: 'array',
    impl: (args) => {
      const pattern = argString(args, 0);
      const s = argString(args, 1);
      const n = intArg(args, 2);
      const re = compileRegex(pattern);
      return stringMatrix(s, findAllSubmatchIndex(re, s, n));
    },
  },
  {
    name: 'regex.replace',
    args: ['string', 'string', 'string'],
    result: 'string',
    impl: (args) => goReplaceAll(argString(args, 0), argString(args, 1), argString(args, 2)),
  },
  {
    name: 'regex.template_match',
    args: ['string', 'string', 'string', 'string'],
    result: 'boolean',
    impl: (args) => {
      const template = argString(args, 0);
      const s = argString(args, 1);
      const open = argString(args, 2);
      const close = argString(args, 3);
      const bytes = (x: string) => Buffer.byteLength(x, 'utf8');
      if (bytes(open) !== 1) throw new BuiltinError(`start delimiter has to be exactly one character long but is ${bytes(open)} long`);
      if (bytes(close) !== 1) throw new BuiltinError(`end delimiter has to be exactly one character long but is ${bytes(open)} long`);
      return compileRegex(compileTemplate(template, open, close)).test(s);
    },
  },
  {
    name: 'regex.globs_match',
    args: ['string', 'string'],
    result: 'boolean',
    impl: (args) => globsIntersect(argString(args, 0), argString(args, 1)),
  },
];
