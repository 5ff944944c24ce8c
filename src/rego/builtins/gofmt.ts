/**
 * Go's fmt.Sprintf as OPA's sprintf drives it (topdown/strings.go): each Rego
 * argument becomes a Go value first — an integer that fits int64 is an `int`, a
 * larger integer a `*big.Int`, another number a `float64` (or its text when it
 * overflows), a string a `string`, and anything else (booleans, null,
 * composites) the string of the Rego term. Verbs then behave as in Go,
 * including `%!d(string=x)`, `%!d(MISSING)` and `%!(EXTRA ...)` diagnostics.
 */
import { BigNum, formatValue, isNumber, type Value } from '../value.js';
import {isIntegerNum, numToString, toJSNumber } from '../number.js';
import { exactBigInt } from './num-util.js';

type GoArg =
  | { kind: 'int'; v: bigint } // Go int (int64)
  | { kind: 'big'; v: bigint } // *big.Int
  | { kind: 'float'; v: number } // float64
  | { kind: 'string'; v: string };

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

export function toGoArg(v: Value): GoArg {
  if (typeof v === 'string') return { kind: 'string', v };
  if (isNumber(v)) {
    if (isIntegerNum(v)) {
      // A huge exponent literal (2e308) is no integer to Go: it overflows float64 and is kept as text.
      if (v instanceof BigNum && v.e > 0 && !Number.isFinite(toJSNumber(v))) return { kind: 'string', v: `${v.m}e${v.e}` };
      const i = exactBigInt(v);
      return i >= INT64_MIN && i <= INT64_MAX ? { kind: 'int', v: i } : { kind: 'big', v: i };
    }
    const f = toJSNumber(v);
    return Number.isFinite(f) ? { kind: 'float', v: f } : { kind: 'string', v: numToString(v) };
  }
  return { kind: 'string', v: formatValue(v) };
}

function goTypeName(a: GoArg): string {
  switch (a.kind) {
    case 'int':
      return 'int';
    case 'big':
      return '*big.Int';
    case 'float':
      return 'float64';
    case 'string':
      return 'string';
  }
}

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

function pad(s: string, spec: Spec, zeroOk: boolean): string {
  const w = spec.width;
  if (w === undefined) return s;
  const n = [...s].length;
  if (n >= w) return s;
  const fill = w - n;
  if (spec.minus) return s + ' '.repeat(fill);
  if (spec.zero && zeroOk) {
    // zeros go after a sign
    const m = /^[+\- ]/.exec(s);
    if (m) return m[0] + '0'.repeat(fill) + s.slice(1);
    return '0'.repeat(fill) + s;
  }
  return ' '.repeat(fill) + s;
}

// ------------------------------------------------------------------ integers

function fmtInteger(v: bigint, verb: string, spec: Spec): string {
  const neg = v < 0n;
  const abs = neg ? -v : v;
  let digits: string;
  let prefix = '';
  switch (verb) {
    case 'd':
    case 'v':
    case 's':
      digits = abs.toString(10);
      break;
    case 'b':
      digits = abs.toString(2);
      if (spec.sharp) prefix = '0b';
      break;
    case 'o':
      digits = abs.toString(8);
      if (spec.sharp) prefix = '0';
      break;
    case 'O':
      digits = abs.toString(8);
      prefix = '0o';
      break;
    case 'x':
      digits = abs.toString(16);
      if (spec.sharp) prefix = '0x';
      break;
    case 'X':
      digits = abs.toString(16).toUpperCase();
      if (spec.sharp) prefix = '0X';
      break;
    default:
      digits = abs.toString(10);
  }
  if (spec.prec !== undefined) {
    if (spec.prec === 0 && v === 0n) digits = '';
    else if (digits.length < spec.prec) digits = '0'.repeat(spec.prec - digits.length) + digits;
  } else if (spec.zero && !spec.minus && spec.width !== undefined) {
    const sign = neg || spec.plus || spec.space ? 1 : 0;
    const want = spec.width - sign - prefix.length;
    if (digits.length < want) digits = '0'.repeat(want - digits.length) + digits;
  }
  if (prefix === '0' && digits.startsWith('0')) prefix = '';
  const sign = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return pad(sign + prefix + digits, { ...spec, zero: false }, false);
}

function fmtRune(v: bigint, verb: string, spec: Spec): string {
  const cp = v >= 0n && v <= 0x10ffffn && !(v >= 0xd800n && v <= 0xdfffn) ? Number(v) : 0xfffd;
  const ch = String.fromCodePoint(cp);
  if (verb === 'c') return pad(ch, spec, false);
  if (verb === 'U') {
    let hex = v.toString(16).toUpperCase();
    if (hex.length < 4) hex = hex.padStart(4, '0');
    let s = `U+${hex}`;
    if (spec.sharp) s += ` '${ch}'`;
    return pad(s, spec, false);
  }
  // %q: single-quoted Go character literal
  const q = JSON.stringify(ch).slice(1, -1).replace(/'/g, "\\'").replace(/\\"/g, '"');
  return pad(`'${q}'`, spec, false);
}

// ------------------------------------------------------------------ floats

/** Exact decimal expansion of a finite double: digits (no leading zeros) and decimal point position. */
function exactDigits(x: number): { d: string; dp: number } {
  if (x === 0) return { d: '', dp: 0 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (expBits === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = expBits - 1075;
  }
  let digits: string;
  let dp: number;
  if (e2 >= 0) {
    digits = (mant << BigInt(e2)).toString();
    dp = digits.length;
  } else {
    // mant / 2^k = mant * 5^k / 10^k
    const k = -e2;
    digits = (mant * 5n ** BigInt(k)).toString();
    dp = digits.length - k;
  }
  const trimmed = digits.replace(/0+$/, '');
  return { d: trimmed, dp };
}

/** Round decimal digits to n digits (n may be <= 0) with round-half-even on the exact value. */
function roundDigits(d: string, dp: number, n: number): { d: string; dp: number } {
  if (n >= d.length) return { d, dp };
  if (n < 0) return { d: '', dp };
  const rest = d.slice(n);
  let up: boolean;
  if (rest[0]! > '5') up = true;
  else if (rest[0]! < '5') up = false;
  else if (/[1-9]/.test(rest.slice(1))) up = true;
  else up = n > 0 ? (d.charCodeAt(n - 1) - 48) % 2 === 1 : false; // exact tie: to even
  let kept = d.slice(0, n);
  if (up) {
    let i = kept.length - 1;
    const arr = kept.split('');
    while (i >= 0 && arr[i] === '9') {
      arr[i] = '0';
      i--;
    }
    if (i < 0) {
      arr.unshift('1');
      dp++;
    } else arr[i] = String.fromCharCode(arr[i]!.charCodeAt(0) + 1);
    kept = arr.join('');
  }
  kept = kept.replace(/0+$/, '');
  return { d: kept, dp };
}

/** Shortest round-trip digits (JS and Go agree on these). */
function shortestDigits(x: number): { d: string; dp: number } {
  if (x === 0) return { d: '', dp: 0 };
  const [mant, exp] = Math.abs(x).toExponential().split('e') as [string, string];
  const d = mant.replace('.', '').replace(/0+$/, '');
  return { d, dp: Number(exp) + 1 };
}

function digitAt(d: string, i: number): string {
  return i >= 0 && i < d.length ? d[i]! : '0';
}

function fmtE(d: string, dp: number, prec: number, upper: boolean): string {
  let s = digitAt(d, 0);
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += digitAt(d, i);
  }
  const exp = d === '' ? 0 : dp - 1;
  const ae = Math.abs(exp);
  return `${s}${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
}

function fmtF(d: string, dp: number, prec: number): string {
  let s = '';
  if (dp > 0) for (let i = 0; i < dp; i++) s += digitAt(d, i);
  else s = '0';
  if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) s += digitAt(d, dp + i);
  }
  return s;
}

/** strconv.FormatFloat(x, fmt, prec, 64) for e, E, f, F, g, G. */
export function formatFloat(x: number, fmt: string, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const shortest = prec < 0;
  let digs: { d: string; dp: number };
  const lower = fmt.toLowerCase();
  if (shortest) {
    digs = shortestDigits(x);
    const nd = Math.max(digs.d.length, 1);
    if (lower === 'e') prec = nd - 1;
    else if (lower === 'f') prec = Math.max(digs.d.length - digs.dp, 0);
    else prec = digs.d.length;
  } else {
    const ex = exactDigits(x);
    if (lower === 'e') digs = roundDigits(ex.d, ex.dp, prec + 1);
    else if (lower === 'f') digs = roundDigits(ex.d, ex.dp, ex.dp + prec);
    else {
      if (prec === 0) prec = 1;
      digs = roundDigits(ex.d, ex.dp, prec);
    }
    if (digs.d === '') digs = { d: '', dp: ex.d === '' ? 0 : digs.dp };
  }
  let body: string;
  if (lower === 'e') body = fmtE(digs.d, digs.dp, prec, fmt === 'E');
  else if (lower === 'f') body = fmtF(digs.d, digs.dp, prec);
  else {
    const nd = digs.d.length;
    const dp = nd === 0 ? 1 : digs.dp;
    let eprec = prec;
    if (eprec > nd && nd >= dp) eprec = nd;
    if (shortest) eprec = 6;
    const exp = dp - 1;
    if (nd > 0 && (exp < -4 || exp >= eprec)) {
      let p = prec;
      if (p > nd) p = nd;
      body = fmtE(digs.d, digs.dp, Math.max(p - 1, 0), fmt === 'G');
    } else {
      let p = prec;
      if (p > dp) p = nd;
      body = fmtF(digs.d, nd === 0 ? 0 : digs.dp, Math.max(p - dp, 0));
    }
  }
  return (neg ? '-' : '') + body;
}

function fmtFloatVerb(x: number, verb: string, spec: Spec): string {
  let fmt = verb === 'v' ? 'g' : verb === 'F' ? 'f' : verb;
  const prec = spec.prec ?? (fmt === 'e' || fmt === 'E' || fmt === 'f' ? 6 : -1);
  let s = formatFloat(x, fmt, prec);
  if (spec.sharp && (fmt === 'g' || fmt === 'G') && !/[.eEn]/.test(s.replace(/e.*/, ''))) s = s.replace(/^(-?\d+)/, '$1.');
  if (!s.startsWith('-') && !s.startsWith('+')) {
    if (spec.plus) s = '+' + s;
    else if (spec.space) s = ' ' + s;
  } else if (s === '+Inf' && !spec.plus) s = spec.space ? ' Inf' : 'Inf';
  const finite = Number.isFinite(x);
  return pad(s, spec, finite);
}

// ------------------------------------------------------------------ strings

function quoteGo(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (cp === 7) out += '\\a';
    else if (cp === 8) out += '\\b';
    else if (cp === 12) out += '\\f';
    else if (cp === 10) out += '\\n';
    else if (cp === 13) out += '\\r';
    else if (cp === 9) out += '\\t';
    else if (cp === 11) out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0x80 && cp < 0xa0) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else if (cp === 0xfffd || (cp >= 0xd800 && cp <= 0xdfff)) out += cp === 0xfffd ? ch : '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

function fmtString(s: string, verb: string, spec: Spec): string {
  switch (verb) {
    case 's':
    case 'v': {
      const t = spec.prec !== undefined ? [...s].slice(0, spec.prec).join('') : s;
      return pad(t, spec, true);
    }
    case 'q': {
      const t = spec.prec !== undefined ? [...s].slice(0, spec.prec).join('') : s;
      const q = spec.sharp && !/[`\u0000-\u0008\u000a-\u001f\u007f]/.test(t) ? `\`${t}\`` : quoteGo(t);
      return pad(q, spec, true);
    }
    case 'x':
    case 'X': {
      let bytes = [...Buffer.from(s, 'utf8')];
      if (spec.prec !== undefined) bytes = bytes.slice(0, spec.prec);
      const hex = bytes.map((b) => {
        let h = b.toString(16).padStart(2, '0');
        if (verb === 'X') h = h.toUpperCase();
        return h;
      });
      const px = spec.sharp ? (verb === 'X' ? '0X' : '0x') : '';
      const out = spec.space ? hex.map((h) => px + h).join(' ') : px + hex.join('');
      return pad(out, spec, true);
    }
  }
  return '';
}

// ------------------------------------------------------------------ dispatcher

function badVerb(verb: string, a: GoArg): string {
  if (a.kind === 'big') return `%!${verb}(big.Int=${a.v.toString()})`;
  return `%!${verb}(${goTypeName(a)}=${plainValue(a)})`;
}

function plainValue(a: GoArg): string {
  switch (a.kind) {
    case 'int':
    case 'big':
      return a.v.toString();
    case 'float':
      return formatFloat(a.v, 'g', -1);
    case 'string':
      return a.v;
  }
}

function formatArg(a: GoArg, verb: string, spec: Spec): string {
  if (verb === 'T') return pad(goTypeName(a), spec, false);
  switch (a.kind) {
    case 'int':
      if ('bdoOxXv'.includes(verb)) return fmtInteger(a.v, verb, spec);
      if ('cqU'.includes(verb)) return fmtRune(a.v, verb, spec);
      return badVerb(verb, a);
    case 'big':
      if ('bdoOxXvs'.includes(verb)) return fmtInteger(a.v, verb, spec);
      return badVerb(verb, a);
    case 'float':
      if ('eEfFgGv'.includes(verb)) return fmtFloatVerb(a.v, verb, spec);
      return badVerb(verb, a);
    case 'string':
      if ('svqxX'.includes(verb)) return fmtString(a.v, verb, spec);
      return badVerb(verb, a);
  }
}

// Formats made of literal text and plain %s/%v/%d verbs (what policies mostly use) are split
// once and cached, so the common call skips the verb parser.
const PLAIN_SPEC: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false };
const plainCache = new Map<string, { lits: string[]; verbs: string[] } | null>();

function plainFormat(format: string): { lits: string[]; verbs: string[] } | null {
  let hit = plainCache.get(format);
  if (hit !== undefined) return hit;
  const lits: string[] = [];
  const verbs: string[] = [];
  let lit = '';
  hit = { lits, verbs };
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      lit += c;
      continue;
    }
    const v = format[i + 1];
    if (v === '%') lit += '%';
    else if (v === 's' || v === 'v' || v === 'd') {
      lits.push(lit);
      verbs.push(v);
      lit = '';
    } else {
      hit = null;
      break;
    }
    i++;
  }
  if (hit) lits.push(lit);
  if (plainCache.size >= 1000) plainCache.delete(plainCache.keys().next().value!);
  plainCache.set(format, hit);
  return hit;
}

/** fmt.Sprintf(format, args...) with OPA's argument conversion. */
export function goSprintf(format: string, values: readonly Value[]): string {
  const plain = plainFormat(format);
  if (plain && plain.verbs.length === values.length) {
    let out = plain.lits[0]!;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      // strings and small integers need no Go-value conversion
      const piece =
        typeof v === 'string' && plain.verbs[i] !== 'd'
          ? v
          : typeof v === 'number' && Number.isSafeInteger(v) && plain.verbs[i] !== 's'
            ? String(v)
            : formatArg(toGoArg(v), plain.verbs[i]!, PLAIN_SPEC);
      out += piece + plain.lits[i + 1]!;
    }
    return out;
  }
  const args = values.map(toGoArg);
  let out = '';
  let argNum = 0;
  let reordered = false;
  let goodArgNum = true;
  const n = format.length;
  let i = 0;
  while (i < n) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const spec: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false };
    // flags
    flags: for (; i < n; i++) {
      switch (format[i]) {
        case '#':
          spec.sharp = true;
          break;
        case '0':
          spec.zero = !spec.minus;
          break;
        case '+':
          spec.plus = true;
          break;
        case '-':
          spec.minus = true;
          spec.zero = false;
          break;
        case ' ':
          spec.space = true;
          break;
        default:
          break flags;
      }
    }
    // explicit argument index [n]
    const argIndex = (): void => {
      if (format[i] !== '[') return;
      reordered = true;
      const close = format.indexOf(']', i);
      const idx = close > i ? Number(format.slice(i + 1, close)) : NaN;
      if (close < 0 || !Number.isInteger(idx) || idx < 1 || format.slice(i + 1, close) === '') {
        goodArgNum = false;
        i = close < 0 ? n : close + 1;
        return;
      }
      argNum = idx - 1;
      i = close + 1;
    };
    const readNum = (): number | undefined => {
      const m = /^\d+/.exec(format.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      return Number(m[0]);
    };
    argIndex();
    // width
    if (format[i] === '*') {
      i++;
      const a = args[argNum];
      argNum++;
      if (a?.kind === 'int') {
        let w = Number(a.v);
        if (w < 0) {
          spec.minus = true;
          spec.zero = false;
          w = -w;
        }
        spec.width = w;
      } else out += '%!(BADWIDTH)';
      reordered = false;
    } else {
      const w = readNum();
      if (w !== undefined) spec.width = w;
    }
    // precision
    if (format[i] === '.') {
      i++;
      argIndex();
      if (format[i] === '*') {
        i++;
        const a = args[argNum];
        argNum++;
        if (a?.kind === 'int' && a.v >= 0n) spec.prec = Number(a.v);
        else out += '%!(BADPREC)';
        reordered = false;
      } else spec.prec = readNum() ?? 0;
    }
    argIndex();
    if (i >= n) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!goodArgNum) {
      out += `%!${verb}(BADINDEX)`;
      goodArgNum = true;
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatArg(args[argNum]!, verb, spec);
    argNum++;
  }
  if (!reordered && argNum < args.length) {
    out += `%!(EXTRA ${args
      .slice(argNum)
      .map((a) => `${goTypeName(a)}=${a.kind === 'string' ? a.v : plainValue(a)}`)
      .join(', ')})`;
  }
  return out;
}
