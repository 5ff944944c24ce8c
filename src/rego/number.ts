/**
 * Rego numbers: arbitrary-precision decimals with a fast path.
 *
 * A Rego number is either a plain JS `number` or a `BigNum`.
 * Invariant (keep it when creating numbers, use `normalizeDecimal`/`parseNumber`):
 *   a JS number `n` stands for the decimal written by `String(n)`; a value is a
 *   `BigNum` only when no JS number denotes exactly that decimal (integers beyond
 *   2^53, 1e400, decimals with more than ~16 significant digits). So two equal
 *   numbers always have the same representation kind, and equality of JS numbers
 *   is plain `===`.
 *
 * BigNum = m * 10^e with `m` a bigint without trailing zeros (m = 0 only as 0n,0).
 */
export class BigNum {
  constructor(
    readonly m: bigint,
    readonly e: number,
  ) {}
  toString(): string {
    return formatDecimal(this.m, this.e);
  }
}

export type Num = number | BigNum;

interface Dec {
  m: bigint;
  e: number;
}

const DECIMAL_RE = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/;

/** Parse decimal text into an exact (m, e); undefined when not a number literal. */
export function parseDecimal(text: string): Dec | undefined {
  const match = DECIMAL_RE.exec(text);
  if (!match) return undefined;
  const [, sign, intPart = '', fracPart = '', expPart] = match;
  if (intPart === '' && fracPart === '') return undefined;
  let digits = (intPart + fracPart).replace(/^0+/, '');
  let e = (expPart ? parseInt(expPart, 10) : 0) - fracPart.length;
  if (digits === '') return { m: 0n, e: 0 };
  let strip = 0;
  while (digits.charCodeAt(digits.length - 1 - strip) === 48) strip++;
  if (strip) {
    digits = digits.slice(0, digits.length - strip);
    e += strip;
  }
  const m = BigInt(digits);
  return { m: sign === '-' ? -m : m, e };
}

function normalizeDec(m: bigint, e: number): Dec {
  if (m === 0n) return { m: 0n, e: 0 };
  while (m % 10n === 0n) {
    m /= 10n;
    e += 1;
  }
  return { m, e };
}

function formatDecimal(m: bigint, e: number): string {
  const neg = m < 0n;
  let digits = (neg ? -m : m).toString();
  let out: string;
  if (e >= 0) {
    out = digits.length + e <= 400 ? digits + '0'.repeat(e) : `${digits}e${e}`;
  } else if (-e < digits.length) {
    out = `${digits.slice(0, digits.length + e)}.${digits.slice(digits.length + e)}`;
  } else if (-e - digits.length <= 20) {
    out = `0.${'0'.repeat(-e - digits.length)}${digits}`;
  } else {
    // scientific: d.ddd e-N
    const exp = e + digits.length - 1;
    digits = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${digits}e${exp}`;
  }
  return neg ? `-${out}` : out;
}

/** The exact decimal of a number (JS numbers read as their shortest text). */
export function toDec(n: Num): Dec {
  if (n instanceof BigNum) return { m: n.m, e: n.e };
  if (Number.isSafeInteger(n)) return normalizeDec(BigInt(n), 0);
  return parseDecimal(String(n))!;
}

/** Build the canonical Num for an exact decimal. */
export function fromDec(m: bigint, e: number): Num {
  const d = normalizeDec(m, e);
  m = d.m;
  e = d.e;
  if (e >= 0 && e < 16) {
    const i = m * 10n ** BigInt(e);
    if (i <= 9007199254740991n && i >= -9007199254740991n) return Number(i);
  }
  const text = `${m}e${e}`;
  const n = Number(text);
  if (Number.isFinite(n) && n !== 0) {
    const abs = m < 0n ? -m : m;
    if (abs < 1000000000000000n) return n; // <= 15 significant digits round-trip
    const back = toDec(n);
    if (back.m === m && back.e === e) return n;
  }
  return new BigNum(m, e);
}

/** Parse a Rego/JSON number literal into its canonical Num. */
export function parseNumber(text: string): Num | undefined {
  if (/^-?\d{1,15}$/.test(text)) return Number(text);
  const d = parseDecimal(text);
  if (!d) return undefined;
  return fromDec(d.m, d.e);
}

export function fromBigInt(i: bigint): Num {
  if (i <= 9007199254740991n && i >= -9007199254740991n) return Number(i);
  return fromDec(i, 0);
}

export function isBigNum(v: unknown): v is BigNum {
  return v instanceof BigNum;
}

export function isIntegerNum(n: Num): boolean {
  if (typeof n === 'number') return Number.isInteger(n);
  return n.e >= 0;
}

/** Integer value as bigint (caller checked isIntegerNum). */
export function toBigInt(n: Num): bigint {
  if (typeof n === 'number') return BigInt(n);
  return n.m * 10n ** BigInt(n.e);
}

/** Approximate JS number (may lose precision or overflow to Infinity). */
export function toJSNumber(n: Num): number {
  if (typeof n === 'number') return n;
  return Number(`${n.m}e${n.e}`);
}

export function numToString(n: Num): string {
  if (typeof n === 'number') {
    if (Number.isInteger(n) && Math.abs(n) < 1e21) return Object.is(n, -0) ? '0' : String(n);
    const d = toDec(n);
    return formatDecimal(d.m, d.e);
  }
  return formatDecimal(n.m, n.e);
}

function alignedAdd(a: Dec, b: Dec, negateB: boolean): Num {
  const e = Math.min(a.e, b.e);
  const am = a.m * 10n ** BigInt(a.e - e);
  const bm = b.m * 10n ** BigInt(b.e - e);
  return fromDec(negateB ? am - bm : am + bm, e);
}

export function numAdd(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(a) && Number.isSafeInteger(b) && Number.isSafeInteger(r)) return r;
  }
  return alignedAdd(toDec(a), toDec(b), false);
}

export function numSub(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(a) && Number.isSafeInteger(b) && Number.isSafeInteger(r)) return r;
  }
  return alignedAdd(toDec(a), toDec(b), true);
}

export function numMul(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isSafeInteger(a) && Number.isSafeInteger(b) && Number.isSafeInteger(r)) return r;
  }
  const x = toDec(a);
  const y = toDec(b);
  return fromDec(x.m * y.m, x.e + y.e);
}

/** Division; undefined on division by zero (callers raise "divide by zero"). */
export function numDiv(a: Num, b: Num): Num | undefined {
  if (numSign(b) === 0) return undefined;
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a / b;
    if (Number.isSafeInteger(a) && Number.isSafeInteger(b) && Number.isInteger(r)) return r;
    if (Number.isFinite(r) && r !== 0 && Math.abs(r) < 1e15 && Math.abs(r) > 1e-15) {
      // exact when the quotient terminates within double precision; otherwise a double as OPA's float path
      return fromDec(toDec(r).m, toDec(r).e);
    }
  }
  const x = toDec(a);
  const y = toDec(b);
  // exact long division to 40 significant digits
  const PREC = 40n;
  const scale = 10n ** PREC;
  let q = (x.m * scale) / y.m;
  const exact = (x.m * scale) % y.m === 0n;
  let e = x.e - y.e - Number(PREC);
  if (!exact) {
    // round to 17 significant digits like a double result would carry
    const s = (q < 0n ? -q : q).toString();
    const drop = Math.max(0, s.length - 17);
    if (drop > 0) {
      const p = 10n ** BigInt(drop);
      q = q / p;
      e += drop;
    }
  }
  return fromDec(q, e);
}

export function numSign(n: Num): number {
  if (typeof n === 'number') return n > 0 ? 1 : n < 0 ? -1 : 0;
  return n.m > 0n ? 1 : n.m < 0n ? -1 : 0;
}

export function numNeg(n: Num): Num {
  if (typeof n === 'number') return n === 0 ? 0 : -n;
  return new BigNum(-n.m, n.e);
}

export function numAbs(n: Num): Num {
  return numSign(n) < 0 ? numNeg(n) : n;
}

export function numCompare(a: Num, b: Num): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = toDec(a);
  const y = toDec(b);
  const sx = x.m > 0n ? 1 : x.m < 0n ? -1 : 0;
  const sy = y.m > 0n ? 1 : y.m < 0n ? -1 : 0;
  if (sx !== sy) return sx < sy ? -1 : 1;
  if (sx === 0) return 0;
  // compare magnitudes by order of magnitude first (avoids huge powers for 1e400 vs 1)
  const magX = (x.m < 0n ? -x.m : x.m).toString().length + x.e;
  const magY = (y.m < 0n ? -y.m : y.m).toString().length + y.e;
  if (magX !== magY) return (magX < magY ? -1 : 1) * sx;
  const e = Math.min(x.e, y.e);
  const xm = x.m * 10n ** BigInt(x.e - e);
  const ym = y.m * 10n ** BigInt(y.e - e);
  return xm < ym ? -1 : xm > ym ? 1 : 0;
}

export function numEquals(a: Num, b: Num): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (typeof a === 'number' || typeof b === 'number') return false; // invariant: kinds match when equal
  return a.m === b.m && a.e === b.e;
}

/** Integer remainder with the dividend's sign; undefined when b is zero. */
export function numRem(a: Num, b: Num): Num | undefined {
  if (numSign(b) === 0) return undefined;
  if (typeof a === 'number' && typeof b === 'number') return a % b === 0 ? 0 : a % b;
  return fromBigInt(toBigInt(a) % toBigInt(b));
}

/** Rounding helpers (half away from zero for round). */
export function numFloor(n: Num): Num {
  if (typeof n === 'number') return Math.floor(n);
  if (n.e >= 0) return n;
  const p = 10n ** BigInt(-n.e);
  let q = n.m / p;
  if (n.m < 0n && n.m % p !== 0n) q -= 1n;
  return fromBigInt(q);
}

export function numCeil(n: Num): Num {
  return numNeg(numFloor(numNeg(n)));
}

export function numRound(n: Num): Num {
  if (typeof n === 'number') {
    const r = Math.sign(n) * Math.round(Math.abs(n));
    return r === 0 ? 0 : r;
  }
  if (n.e >= 0) return n;
  const neg = n.m < 0n;
  const abs = neg ? -n.m : n.m;
  const p = 10n ** BigInt(-n.e);
  let q = abs / p;
  if ((abs % p) * 2n >= p) q += 1n;
  return fromBigInt(neg ? -q : q);
}
