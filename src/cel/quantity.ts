/**
 * Kubernetes resource quantities for CEL's quantity library (`quantity("1.5Gi")`,
 * `isQuantity`, `compareTo`, `add`, ...), as exact fractions so that `1Gi` equals `1024Mi` and
 * `100m` is a tenth. The format is Kubernetes' (resource.Quantity): a decimal number and an
 * optional binary (Ki..Ei), decimal (n, u, m, k..E) or exponent (e3, E-2) suffix.
 */
export class Quantity {
  /** value = num / den, den > 0 */
  constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}
}

const FORMAT = /^([+-]?)(\d+)?(?:\.(\d*))?([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;
const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
/** Exponents beyond this cannot be a resource amount and would make huge numbers. */
const MAX_EXPONENT = 64;

export function parseQuantity(text: string): Quantity | undefined {
  const m = FORMAT.exec(text.trim());
  if (!m || (m[2] === undefined && !m[3])) return undefined;
  const [, sign, whole = '', fraction = '', suffix = ''] = m;
  let num = BigInt(`${whole}${fraction}` || '0');
  let den = 10n ** BigInt(fraction.length);
  let exponent = 0;
  if (suffix in BINARY) num *= 1024n ** BigInt(BINARY[suffix]!);
  else if (suffix in DECIMAL) exponent = DECIMAL[suffix]!;
  else if (suffix) exponent = Number(suffix.slice(1));
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  if (exponent > 0) num *= 10n ** BigInt(exponent);
  else if (exponent < 0) den *= 10n ** BigInt(-exponent);
  return new Quantity(sign === '-' ? -num : num, den);
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function addQuantities(a: Quantity, b: Quantity, sign: 1n | -1n = 1n): Quantity {
  return new Quantity(a.num * b.den + sign * b.num * a.den, a.den * b.den);
}

export function isIntegral(q: Quantity): boolean {
  return q.num % q.den === 0n;
}
