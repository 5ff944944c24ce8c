/**
 * semver.is_valid and semver.compare with OPA's rules (internal/semver): an
 * optional "v" prefix, MAJOR.MINOR.PATCH as int64 decimals (leading zeros and a
 * sign accepted, as strconv.ParseInt does), "-pre.release" and "+build"
 * identifiers of [0-9A-Za-z-]; precedence per SemVer 2.0 (build ignored).
 */
import { isString, type Value } from '../value.js';
import { argString, BuiltinError, type BuiltinDef } from './registry.js';

const IDENTIFIERS = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;
const INT64 = /^[+-]?\d+$/;
const MAX = (1n << 63n) - 1n;
const MIN = -(1n << 63n);

interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string;
}

function cut(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

function int64(s: string): bigint | undefined {
  if (!INT64.test(s)) return undefined;
  const n = BigInt(s);
  return n < MIN || n > MAX ? undefined : n;
}

export function parseSemver(text: string): Version | undefined {
  let s = text.startsWith('v') ? text.slice(1) : text;
  let meta: string;
  let pre: string;
  [s, meta] = cut(s, '+');
  if (meta !== '' && !IDENTIFIERS.test(meta)) return undefined;
  [s, pre] = cut(s, '-');
  if (pre !== '' && !IDENTIFIERS.test(pre)) return undefined;
  const parts = s.split('.');
  if (parts.length !== 3) return undefined;
  const [major, minor, patch] = parts.map(int64);
  if (major === undefined || minor === undefined || patch === undefined) return undefined;
  return { major, minor, patch, pre };
}

const sign = (a: bigint, b: bigint): number => (a > b ? 1 : a < b ? -1 : 0);
const isDecimal = (s: string): boolean => /^\d+$/.test(s);

export function compareSemver(v: Version, o: Version): number {
  const core = sign(v.major, o.major) || sign(v.minor, o.minor) || sign(v.patch, o.patch);
  if (core !== 0) return core;
  if (v.pre === o.pre) return 0;
  // a release is greater than any of its pre-releases
  if (v.pre === '') return 1;
  if (o.pre === '') return -1;
  const a = v.pre.split('.');
  const b = o.pre.split('.');
  for (let i = 0; ; i++) {
    if (i >= a.length || i >= b.length) return sign(BigInt(a.length), BigInt(b.length));
    const x = a[i]!;
    const y = b[i]!;
    const xn = isDecimal(x);
    const yn = isDecimal(y);
    if (xn && !yn) return -1;
    if (!xn && yn) return 1;
    const c = xn ? sign(BigInt(x), BigInt(y)) : x > y ? 1 : x < y ? -1 : 0;
    if (c !== 0) return c;
  }
}

function versionArg(args: Value[], i: number): Version {
  const s = argString(args, i);
  const v = parseSemver(s);
  if (!v) throw new BuiltinError(`operand ${i + 1}: string ${JSON.stringify(s)} is not a valid SemVer`);
  return v;
}

export const semverBuiltins: BuiltinDef[] = [
  {
    name: 'semver.is_valid',
    args: ['any'],
    result: 'boolean',
    impl: (args) => isString(args[0]) && parseSemver(args[0]) !== undefined,
  },
  {
    name: 'semver.compare',
    args: ['string', 'string'],
    result: 'number',
    impl: (args) => {
      const a = versionArg(args, 0);
      const b = versionArg(args, 1);
      return compareSemver(a, b);
    },
  },
];
