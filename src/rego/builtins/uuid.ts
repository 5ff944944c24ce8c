/**
 * uuid.rfc4122 (a random version-4 UUID, the same for the same key within a
 * query) and uuid.parse (google/uuid formats; version, variant and the fields
 * of version 1 and 2 UUIDs).
 */
import { randomBytes } from 'node:crypto';
import { ObjectValue, isString, type Value } from '../value.js';
import { fromBigInt } from '../number.js';
import { argString, type BuiltinContext, type BuiltinDef } from './registry.js';

function newV4(): string {
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The 16 bytes of a UUID in one of google/uuid's accepted spellings. */
function parseBytes(s: string): Buffer | undefined {
  let t = s;
  if (t.length === 36 + 9) {
    if (t.slice(0, 9).toLowerCase() !== 'urn:uuid:') return undefined;
    t = t.slice(9);
  } else if (t.length === 36 + 2) {
    if (t[0] !== '{' || t[37] !== '}') return undefined;
    t = t.slice(1, 37);
  } else if (t.length === 32) {
    return /^[0-9a-fA-F]{32}$/.test(t) ? Buffer.from(t, 'hex') : undefined;
  }
  if (t.length !== 36) return undefined;
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(t)) return undefined;
  return Buffer.from(t.replaceAll('-', ''), 'hex');
}

function variant(b: number): string {
  if ((b & 0xc0) === 0x80) return 'RFC4122';
  if ((b & 0xe0) === 0xc0) return 'Microsoft';
  if ((b & 0xe0) === 0xe0) return 'Future';
  return 'Reserved';
}

function macVariables(b: number): string {
  if ((b & 3) === 3) return 'local:multicast';
  if ((b & 1) === 1) return 'global:multicast';
  if ((b & 2) === 2) return 'local:unicast';
  return 'global:unicast';
}

// 100-ns intervals between 1582-10-15 and 1970-01-01
const GREGORIAN_OFFSET = 122192928000000000n;

function parseUUID(s: string): ObjectValue | undefined {
  const u = parseBytes(s);
  if (!u) return undefined;
  const version = u[6]! >> 4;
  const out = new ObjectValue();
  out.set('version', version);
  out.set('variant', variant(u[8]!));
  if (version === 1 || version === 2) {
    const low = BigInt(u.readUInt32BE(0));
    const t = low | (BigInt(u.readUInt16BE(4)) << 32n) | (BigInt(u.readUInt16BE(6) & 0xfff) << 48n);
    const since = t - GREGORIAN_OFFSET;
    out.set('time', fromBigInt((since / 10_000_000n) * 1_000_000_000n + (since % 10_000_000n) * 100n));
    out.set('clocksequence', u.readUInt16BE(8) & 0x3fff);
    out.set('nodeid', [...u.subarray(10)].map((b) => b.toString(16).padStart(2, '0')).join('-'));
    out.set('macvariables', macVariables(u[10]!));
    if (version === 2) {
      out.set('id', u.readUInt32BE(0));
      const d = u[9]!;
      out.set('domain', d === 0 ? 'Person' : d === 1 ? 'Group' : d === 2 ? 'Org' : `Domain${d}`);
    }
  }
  return out;
}

export const uuidBuiltins: BuiltinDef[] = [
  {
    name: 'uuid.rfc4122',
    args: ['string'],
    result: 'string',
    nondeterministic: true,
    impl: (args, ctx: BuiltinContext) => {
      const key = `uuid.rfc4122:${argString(args, 0)}`;
      let v = ctx.cache.get(key) as string | undefined;
      if (v === undefined) ctx.cache.set(key, (v = newV4()));
      return v;
    },
  },
  {
    name: 'uuid.parse',
    args: ['string'],
    result: 'object',
    impl: (args: Value[]) => (isString(args[0]) ? parseUUID(args[0]) : undefined),
  },
];
