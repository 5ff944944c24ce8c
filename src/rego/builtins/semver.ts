/**
 * semver.is_valid and semver.compare: Semantic Versioning 2.0.0 (no "v" prefix,
 * no leading zeros in numeric identifiers; build metadata ignored for precedence).
 */
import { isString, type Value } from '../value.js';
import { argString, BuiltinError, type BuiltinDef } from './registry.js';

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

interface Version {
  core: [bigint, bigint, bigint];
  pre: string[];
}

function parse(s: string): Version | undefined {
  const m = SEMVER.exec(s);
  if (!m) return undefined;
  return { core: [BigInt(m[1]!), BigInt(m[2]!), BigInt(m[3]!)], pre: m[4] ? m[4].split('.') : [] };
}

const cmp = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

function compareIdent(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return cmp(BigInt(a), BigInt(b));
  if (an) return -1; // numeric identifiers have lower precedence
  if (bn) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareSemver(x: Version, y: Version): number {
  for (let i = 0; i < 3; i++) {
    const c = cmp(x.core[i]!, y.core[i]!);
    if (c !== 0) return c;
  }
  // a pre-release has lower precedence than the release
  if (x.pre.length === 0 || y.pre.length === 0) return x.pre.length === y.pre.length ? 0 : x.pre.length === 0 ? 1 : -1;
  const n = Math.min(x.pre.length, y.pre.length);
  for (let i = 0; i < n; i++) {
    const c = compareIdent(x.pre[i]!, y.pre[i]!);
    if (c !== 0) return c;
  }
  return cmp(BigInt(x.pre.length), BigInt(y.pre.length));
}

function versionArg(args: Value[], i: number): Version {
  const s = argString(args, i);
  const v = parse(s);
  if (!v) throw new BuiltinError(`operand ${i + 1}: string ${JSON.stringify(s)} is not a valid SemVer`);
  return v;
}

export const semverBuiltins: BuiltinDef[] = [
  {
    name: 'semver.is_valid',
    args: ['any'],
    result: 'boolean',
    impl: (args) => isString(args[0]) && parse(args[0]) !== undefined,
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
