/**
 * glob.match and glob.quote_meta with the semantics of github.com/gobwas/glob
 * (what OPA uses): `*` matches within one segment (no delimiter), `**` across
 * segments, `?` one non-delimiter character, `[abc]`/`[!a-c]` classes, `{a,b}`
 * alternatives, `\` escapes. Delimiters default to "." for an empty array and to
 * none for null. Patterns are translated to JS RegExps once and cached.
 */
import { isArray, isString, type Value } from '../value.js';
import { argString, BuiltinError, operandTypeError, type BuiltinDef } from './registry.js';
import { elementTypeError } from './strings.js';

const MAX_CACHED = 1000;
const cache = new Map<string, RegExp>();

const escapeRe = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

function translate(pattern: string, delimiters: string[]): RegExp {
  const cps = [...pattern];
  const notDelim = delimiters.length ? `[^${delimiters.map(escapeRe).join('')}]` : '[^]';
  let i = 0;
  let depth = 0; // inside {…}
  let out = '';
  const fail = (msg: string): never => {
    throw new BuiltinError(msg);
  };
  while (i < cps.length) {
    const c = cps[i]!;
    switch (c) {
      case '\\':
        if (i + 1 >= cps.length) fail('unexpected end of input');
        out += escapeRe(cps[i + 1]!);
        i += 2;
        continue;
      case '*':
        if (cps[i + 1] === '*') {
          out += '[^]*';
          while (cps[i] === '*') i++;
        } else {
          out += `${notDelim}*`;
          i++;
        }
        continue;
      case '?':
        out += notDelim;
        i++;
        continue;
      case '[': {
        const close = cps.indexOf(']', i + 1);
        if (close < 0) fail('unexpected end of input');
        let body = cps.slice(i + 1, close);
        let neg = false;
        if (body[0] === '!') {
          neg = true;
          body = body.slice(1);
        }
        if (body.length === 0) fail('unexpected length of lo character');
        let cls = '';
        for (let k = 0; k < body.length; k++) {
          if (body[k + 1] === '-' && k + 2 < body.length) {
            cls += `${escapeRe(body[k]!)}-${escapeRe(body[k + 2]!)}`;
            k += 2;
          } else cls += escapeRe(body[k]!);
        }
        out += `[${neg ? '^' : ''}${cls}]`;
        i = close + 1;
        continue;
      }
      case '{':
        depth++;
        out += '(?:';
        i++;
        continue;
      case '}':
        if (depth > 0) {
          depth--;
          out += ')';
        } else out += '\\}';
        i++;
        continue;
      case ',':
        out += depth > 0 ? '|' : ',';
        i++;
        continue;
      default:
        out += escapeRe(c);
        i++;
    }
  }
  if (depth > 0) fail('unexpected end of input');
  return new RegExp(`^(?:${out})$`, 'u');
}

function delimitersOf(args: Value[]): string[] {
  const d = args[1]!;
  if (d === null) return [];
  if (!isArray(d)) throw operandTypeError(2, d, 'array', 'null');
  const out: string[] = [];
  for (const x of d) {
    if (!isString(x)) throw elementTypeError(2, d, x, 'string');
    const cps = [...x];
    if (cps.length !== 1) throw elementTypeError(2, d, x, 'rune');
    out.push(cps[0]!);
  }
  return out.length ? out : ['.'];
}

export function globMatch(pattern: string, delimiters: string[], s: string): boolean {
  const id = `${pattern}-${delimiters.join('')}`;
  let re = cache.get(id);
  if (!re) {
    re = translate(pattern, delimiters);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(id, re);
  }
  return re.test(s);
}

export const globBuiltins: BuiltinDef[] = [
  {
    name: 'glob.match',
    args: ['string', ['array', 'null'], 'string'],
    result: 'boolean',
    impl: (args) => {
      const pattern = argString(args, 0);
      const delimiters = delimitersOf(args);
      return globMatch(pattern, delimiters, argString(args, 2));
    },
  },
  {
    name: 'glob.quote_meta',
    args: ['string'],
    result: 'string',
    impl: (args) => argString(args, 0).replace(/[*?\\[\]{}]/g, '\\$&'), // gobwas specials (not the comma)
  },
];
