/**
 * units.parse and units.parse_bytes (OPA topdown/parse_units.go, parse_bytes.go).
 * units.parse computes with exact rationals (milli is the float64 0.001, as in OPA)
 * and prints non-integers with 10 decimals; units.parse_bytes computes like
 * big.Float at 64-bit precision and truncates to an integer.
 */
import { fromBigInt, parseNumber } from '../number.js';
import { argString, BuiltinError, type BuiltinDef } from './registry.js';
import type { Value } from '../value.js';

const KI = 1024n;
const BIN: Record<string, bigint> = { k: KI, m: KI ** 2n, g: KI ** 3n, t: KI ** 4n, p: KI ** 5n, e: KI ** 6n };
const SI: Record<string, bigint> = { k: 10n ** 3n, m: 10n ** 6n, g: 10n ** 9n, t: 10n ** 12n, p: 10n ** 15n, e: 10n ** 18n };

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Split "10.5Gi" into number text and unit text; undefined when an exponent has too many digits. */
function extractNumAndUnit(s: string): [string, string] | undefined {
  let cut = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (!isDigit(c) && c !== '.' && c !== 'e' && c !== 'E' && c !== '+' && c !== '-') {
      cut = i;
      break;
    }
    if (c === 'e' || c === 'E') {
      const next = s[i + 1];
      if (next === undefined || (!isDigit(next) && next !== '+' && next !== '-')) {
        cut = i;
        break;
      }
      if (next === '+' || next === '-') i++;
      let end = i + 1;
      while (end < s.length && isDigit(s[end])) end++;
      if (end - (i + 1) > 6) return undefined;
    }
  }
  if (cut === -1) return [s, ''];
  return [s.slice(0, cut), s.slice(cut)];
}

interface Rat {
  p: bigint;
  q: bigint;
}

const DEC_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Exact rational of decimal text as big.Rat/big.Float SetString accept it. */
function parseRat(text: string): Rat | undefined {
  const m = DEC_RE.exec(text);
  if (!m) return undefined;
  const [, sign, int = '', frac = '', exp] = m;
  if (int === '' && frac === '') return undefined;
  let p = BigInt((int + frac) || '0');
  if (sign === '-') p = -p;
  const e = (exp ? Number(exp) : 0) - frac.length;
  return e >= 0 ? { p: p * 10n ** BigInt(e), q: 1n } : { p, q: 10n ** BigInt(-e) };
}

/** The float64 0.001 as an exact rational (OPA multiplies by it for "m"). */
const MILLI: Rat = (() => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, 0.001);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exp = ((hi >>> 20) & 0x7ff) - 1075;
  const mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo) | (1n << 52n);
  return { p: mant, q: 1n << BigInt(-exp) };
})();

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** big.Rat.FloatString(10): rounded half away from zero to 10 decimals. */
function ratToNumber(r: Rat): Value {
  const g = gcd(r.p, r.q) || 1n;
  const p = r.p / g;
  const q = r.q / g;
  if (q === 1n) return fromBigInt(p);
  const scale = 10n ** 10n;
  const neg = p < 0n;
  let n = (abs(p) * scale) / q;
  const rem = (abs(p) * scale) % q;
  if (rem * 2n >= q) n += 1n;
  const digits = n.toString().padStart(11, '0');
  const text = `${neg ? '-' : ''}${digits.slice(0, -10)}.${digits.slice(-10)}`;
  return parseNumber(text)!;
}

function unitsParse(args: Value[]): Value {
  const s = argString(args, 0).replaceAll('"', '');
  const fail = (msg: string): never => {
    throw new BuiltinError(`units.parse: ${msg}`);
  };
  if (s.includes(' ')) fail('spaces not allowed in resource strings');
  const split = extractNumAndUnit(s);
  if (!split) return fail('exponent too large');
  const [num] = split;
  let unit = split[1];
  if (num === '') fail('no amount provided');
  if (unit.length > 1) unit = unit[0] + unit.slice(1).toLowerCase();
  let mul: Rat;
  if (unit === 'm') mul = MILLI;
  else if (unit === '') mul = { p: 1n, q: 1n };
  else if (unit === 'M') mul = { p: SI.m!, q: 1n };
  else {
    const base = unit[0]!.toLowerCase();
    const binary = unit.length === 2 && unit[1] === 'i';
    const table = binary ? BIN : SI;
    const ok = binary ? base in BIN : unit.length === 1 && base in SI && base !== 'm';
    if (!ok) fail(`unit ${unit} not recognized`);
    mul = { p: table[base]!, q: 1n };
  }
  const r = parseRat(num);
  if (!r) return fail('could not parse amount to a number');
  return ratToNumber({ p: r.p * mul.p, q: r.q * mul.q });
}

/** Round a positive rational to 64 significant bits (big.Float default precision), half to even. */
function toFloat64Bits(r: Rat): { mant: bigint; exp: number } {
  // value = mant * 2^exp with 2^63 <= mant < 2^64
  if (r.p === 0n) return { mant: 0n, exp: 0 };
  let exp = r.p.toString(2).length - r.q.toString(2).length - 64;
  for (;;) {
    const num = exp < 0 ? r.p << BigInt(-exp) : r.p;
    const den = exp > 0 ? r.q << BigInt(exp) : r.q;
    let mant = num / den;
    if (mant >= 1n << 64n) {
      exp++;
      continue;
    }
    if (mant < 1n << 63n) {
      exp--;
      continue;
    }
    const rem = num % den;
    if (rem * 2n > den || (rem * 2n === den && (mant & 1n) === 1n)) mant += 1n;
    if (mant === 1n << 64n) return { mant: 1n << 63n, exp: exp + 1 };
    return { mant, exp };
  }
}

function unitsParseBytes(args: Value[]): Value {
  const s = argString(args, 0).toLowerCase().replaceAll('"', '');
  const fail = (msg: string): never => {
    throw new BuiltinError(`units.parse_bytes: ${msg}`);
  };
  if (s.includes(' ')) fail('spaces not allowed in resource strings');
  const split = extractNumAndUnit(s);
  if (!split) return fail('exponent too large');
  const [num, unit] = split;
  if (num === '') fail('no byte amount provided');
  let mul: bigint;
  const m = /^([kmgtpe])(i?)b?$/.exec(unit);
  if (unit === '') mul = 1n;
  else if (m) mul = (m[2] ? BIN : SI)[m[1]!]!;
  else return fail(`byte unit ${unit} not recognized`);
  const r = parseRat(num);
  if (!r) return fail('could not parse byte amount to a number');
  const neg = r.p < 0n;
  const x = toFloat64Bits({ p: abs(r.p), q: r.q });
  const y = toFloat64Bits({ p: x.mant * mul, q: 1n });
  const e = y.exp + x.exp;
  const total = e >= 0 ? y.mant << BigInt(e) : y.mant >> BigInt(-e);
  return fromBigInt(neg ? -total : total);
}

export const unitsBuiltins: BuiltinDef[] = [
  { name: 'units.parse', args: ['string'], result: 'number', impl: unitsParse },
  { name: 'units.parse_bytes', args: ['string'], result: 'number', impl: unitsParseBytes },
];
