/**
 * Rego lexer. Produces a flat token list; newlines are not tokens but recorded
 * on the following token (`nl`), because Rego separates body literals by newlines.
 */
import { RegoError } from './errors.js';

export type TokenKind =
  | 'ident'
  | 'string' // value holds the decoded text
  | 'rawstring'
  | 'template' // $"..." / $`...`: value holds the raw inner text, decoded by the parser
  | 'number'
  | 'punct'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** identifier name, punctuation text, decoded string or number text */
  value: string;
  line: number;
  col: number;
  /** a newline separates this token from the previous one */
  nl: boolean;
  /** template strings: whether the template used backquotes (raw) */
  raw?: boolean;
  /** offset of the token start in the source */
  offset: number;
  end: number;
}

const PUNCT3 = new Set<string>();
const PUNCT2 = new Set([':=', '==', '!=', '<=', '>=']);
const PUNCT1 = new Set(['{', '}', '[', ']', '(', ')', '.', ',', ';', ':', '=', '<', '>', '+', '-', '*', '/', '%', '&', '|']);

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export interface Comment {
  line: number;
  col: number;
  /** text after the '#' */
  text: string;
}

export function tokenize(source: string, file: string, comments?: Comment[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let nl = false;
  const n = source.length;
  const err = (msg: string, at = i): never => {
    throw new RegoError('rego_parse_error', msg, { file, line, col: at - lineStart + 1 });
  };
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 10) {
      i++;
      line++;
      lineStart = i;
      nl = true;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    if (c === 35) {
      // comment
      const start = i;
      while (i < n && source.charCodeAt(i) !== 10) i++;
      comments?.push({ line, col: start - lineStart + 1, text: source.slice(start + 1, i).replace(/\r$/, '') });
      continue;
    }
    const start = i;
    const col = i - lineStart + 1;
    const push = (kind: TokenKind, value: string, extra?: Partial<Token>) => {
      tokens.push({ kind, value, line, col, nl, offset: start, end: i, ...extra });
      nl = false;
    };
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(source.charCodeAt(i))) i++;
      push('ident', source.slice(start, i));
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(source.charCodeAt(i + 1)) && !isRefContext(tokens))) {
      while (i < n && isDigit(source.charCodeAt(i))) i++;
      if (source.charCodeAt(i) === 46 && isDigit(source.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(source.charCodeAt(i))) i++;
      }
      if (source.charCodeAt(i) === 101 || source.charCodeAt(i) === 69) {
        let j = i + 1;
        if (source[j] === '+' || source[j] === '-') j++;
        if (isDigit(source.charCodeAt(j))) {
          i = j;
          while (i < n && isDigit(source.charCodeAt(i))) i++;
        }
      }
      if (i < n && isIdentStart(source.charCodeAt(i))) err('unexpected character after number');
      push('number', source.slice(start, i));
      continue;
    }
    if (c === 34) {
      i++;
      let out = '';
      let segStart = i;
      for (;;) {
        if (i >= n || source.charCodeAt(i) === 10) err('non-terminated string', start);
        const d = source.charCodeAt(i);
        if (d === 34) break;
        if (d === 92) {
          out += source.slice(segStart, i);
          i = readEscape(source, i, (s) => (out += s), err);
          segStart = i;
          continue;
        }
        i++;
      }
      out += source.slice(segStart, i);
      i++;
      push('string', out);
      continue;
    }
    if (c === 96) {
      i++;
      const s = i;
      while (i < n && source.charCodeAt(i) !== 96) {
        if (source.charCodeAt(i) === 10) {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      if (i >= n) err('non-terminated raw string', start);
      const text = source.slice(s, i);
      i++;
      push('rawstring', text);
      continue;
    }
    if (c === 36 && (source[i + 1] === '"' || source[i + 1] === '`')) {
      // template string: keep raw inner text; the parser splits it into parts
      const quote = source.charCodeAt(i + 1);
      i += 2;
      const s = i;
      let depth = 0;
      for (;;) {
        if (i >= n) err('non-terminated template string', start);
        const d = source.charCodeAt(i);
        if (d === 10) {
          if (quote === 34 && depth === 0) err('non-terminated template string', start);
          line++;
          lineStart = i + 1;
        }
        if (d === 92 && depth === 0 && (quote === 34 || source.charCodeAt(i + 1) === 123)) {
          // escapes; raw templates only escape `\{`
          i += 2;
          continue;
        }
        if (d === 123) depth++;
        else if (d === 125 && depth > 0) depth--;
        else if (depth > 0 && d === 34) {
          // string inside an embedded expression
          i++;
          while (i < n && source.charCodeAt(i) !== 34) i += source.charCodeAt(i) === 92 ? 2 : 1;
        } else if (d === quote && depth === 0) break;
        i++;
      }
      const text = source.slice(s, i);
      i++;
      push('template', text, { raw: quote === 96 });
      continue;
    }
    const two = source.slice(i, i + 2);
    if (PUNCT2.has(two)) {
      i += 2;
      push('punct', two);
      continue;
    }
    const one = source[i]!;
    if (PUNCT1.has(one) || PUNCT3.has(one)) {
      i++;
      push('punct', one);
      continue;
    }
    err(`illegal token: unexpected character ${JSON.stringify(one)}`);
  }
  tokens.push({ kind: 'eof', value: '', line, col: i - lineStart + 1, nl, offset: i, end: i });
  return tokens;
}

function isRefContext(tokens: Token[]): boolean {
  const last = tokens[tokens.length - 1];
  if (!last) return false;
  return last.kind === 'ident' || (last.kind === 'punct' && (last.value === ']' || last.value === ')'));
}

/** Decode one escape at source[i] === '\\'; returns the index after it. */
export function readEscape(source: string, i: number, emit: (s: string) => void, err: (msg: string, at?: number) => never): number {
  const e = source[i + 1];
  switch (e) {
    case '"':
      emit('"');
      return i + 2;
    case '\\':
      emit('\\');
      return i + 2;
    case '/':
      emit('/');
      return i + 2;
    case 'b':
      emit('\b');
      return i + 2;
    case 'f':
      emit('\f');
      return i + 2;
    case 'n':
      emit('\n');
      return i + 2;
    case 'r':
      emit('\r');
      return i + 2;
    case 't':
      emit('\t');
      return i + 2;
    case 'u': {
      const hex = source.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) err('invalid unicode escape', i);
      let code = parseInt(hex, 16);
      let next = i + 6;
      if (code >= 0xd800 && code <= 0xdbff && source[next] === '\\' && source[next + 1] === 'u') {
        const lo = parseInt(source.slice(next + 2, next + 6), 16);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (lo - 0xdc00);
          next += 6;
        }
      }
      emit(String.fromCodePoint(code));
      return next;
    }
    default:
      return err(`illegal escape sequence \\${e ?? ''}`, i);
  }
}
