/**
 * Number helpers for builtin families. A JS number stands for the decimal that
 * String(n) writes (number.ts invariant), so an integer above 2^53 must be read
 * through its decimal text, not through BigInt(n) (which gives the binary value).
 */
import { toDec, type Num } from '../number.js';

/** Exact integer value of an integral Num. */
export function exactBigInt(n: Num): bigint {
  if (typeof n === 'number' && Number.isSafeInteger(n)) return BigInt(n);
  const d = toDec(n);
  return d.e >= 0 ? d.m * 10n ** BigInt(d.e) : d.m / 10n ** BigInt(-d.e);
}
