/**
 * net.cidr_* builtins (OPA topdown/cidr.go) with Go's net parsing rules:
 * strict dotted IPv4 (no leading zeros), IPv6 with `::` and embedded IPv4, no
 * zones; IPv4-mapped IPv6 addresses behave as IPv4; output as Go prints IPs
 * (RFC 5952 for IPv6). Addresses are bigints within their family.
 */
import { isArray, isObject, isSet, isString, SetValue, type Value } from '../value.js';
import { argString, BuiltinError, BuiltinHalt, type BuiltinContext, type BuiltinDef } from './registry.js';
import { lookupIPs } from './sync-io.js';

interface IP {
  v6: boolean;
  n: bigint;
}

interface Net {
  ip: IP; // network address (masked)
  bits: number; // prefix length
}

const width = (v6: boolean): number => (v6 ? 128 : 32);

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

function parseIPv6(s: string): bigint | undefined {
  if (s.includes('%')) return undefined;
  let tail: bigint | undefined;
  let text = s;
  // embedded IPv4 in the last 32 bits
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
    tail = parseIPv4(text.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): string[] | undefined => {
    if (h === '') return [];
    const g = h.split(':');
    return g.every((x) => /^[0-9a-fA-F]{1,4}$/.test(x)) ? g : undefined;
  };
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const total = head.length + rest.length;
  if (halves.length === 2 ? total > 7 : total !== 8) return undefined;
  const all = [...head, ...Array<string>(8 - total).fill('0'), ...rest];
  let n = 0n;
  for (const g of all) n = (n << 16n) | BigInt(parseInt(g, 16));
  if (tail !== undefined) n = (n & ~0xffffffffn) | tail;
  return n;
}


/** Go net.ParseIP, with IPv4-mapped addresses folded to IPv4 (To4). */
function parseIP(s: string): IP | undefined {
  const v4 = parseIPv4(s);
  if (v4 !== undefined) return { v6: false, n: v4 };
  const v6 = parseIPv6(s);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { v6: false, n: v6 & 0xffffffffn };
  return { v6: true, n: v6 };
}

function mask(ip: IP, bits: number): IP {
  const w = width(ip.v6);
  const host = BigInt(w - bits);
  return { v6: ip.v6, n: (ip.n >> host) << host };
}

// policies test many addresses against the same few networks: parse each network once
const cidrCache = new Map<string, Net | null>();

/** Go net.ParseCIDR (cached); undefined when invalid. */
function parseCIDR(s: string): Net | undefined {
  let hit = cidrCache.get(s);
  if (hit === undefined) {
    hit = parseCIDRText(s) ?? null;
    if (cidrCache.size >= 1000) cidrCache.delete(cidrCache.keys().next().value!);
    cidrCache.set(s, hit);
  }
  return hit ?? undefined;
}

function parseCIDRText(s: string): Net | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const len = s.slice(slash + 1);
  const v4 = parseIPv4(addr);
  let ip: IP;
  let w: number;
  if (v4 !== undefined) {
    ip = { v6: false, n: v4 };
    w = 32;
  } else {
    const v6 = parseIPv6(addr);
    if (v6 === undefined) return undefined;
    ip = { v6: true, n: v6 };
    w = 128;
  }
  if (!/^\d+$/.test(len) || len.length > 3 || Number(len) > w) return undefined;
  let bits = Number(len);
  // an IPv4-mapped IPv6 network acts on IPv4 addresses (Go compares via To4)
  if (ip.v6 && ip.n >> 32n === 0xffffn && bits >= 96) {
    ip = { v6: false, n: ip.n & 0xffffffffn };
    bits -= 96;
  }
  return { ip: mask(ip, bits), bits };
}

function invalidCIDR(s: string): BuiltinError {
  return new BuiltinError(`invalid CIDR address: ${s}`);
}

function netOf(s: string): Net {
  const n = parseCIDR(s);
  if (!n) throw invalidCIDR(s);
  return n;
}

function contains(net: Net, ip: IP): boolean {
  if (net.ip.v6 !== ip.v6) return false;
  return mask(ip, net.bits).n === net.ip.n;
}

function lastIP(net: Net): IP {
  const host = BigInt(width(net.ip.v6) - net.bits);
  return { v6: net.ip.v6, n: net.ip.n | ((1n << host) - 1n) };
}

export function formatIP(ip: IP): string {
  if (!ip.v6) return [24n, 16n, 8n, 0n].map((s) => String((ip.n >> s) & 0xffn)).join('.');
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((ip.n >> BigInt(i * 16)) & 0xffffn));
  // longest run of at least two zero groups, first one on ties
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

const formatNet = (n: Net): string => `${formatIP(n.ip)}/${n.bits}`;

function cidrContains(a: string, b: string): boolean {
  const net = netOf(a);
  const ip = parseIP(b);
  if (ip) return contains(net, ip);
  const other = parseCIDR(b);
  if (!other) throw new BuiltinError(`not a valid textual representation of an IP address or CIDR: ${b}`);
  return contains(net, other.ip) && contains(net, lastIP(other));
}

/** Elements of a cidr_contains_matches operand: [cidr, key] pairs. */
function matchOperand(operand: number, v: Value): [string, Value][] {
  const term = (x: Value): string => {
    const cidr = isString(x) ? x : isArray(x) && x.length > 0 ? x[0]! : undefined;
    if (cidr === undefined) throw new BuiltinError(`operand ${operand}: element must be string or non-empty array`);
    if (!isString(cidr)) throw invalidCIDR(String(cidr));
    return cidr;
  };
  if (isString(v)) return [[v, v]];
  if (isArray(v)) return v.map((x, i) => [term(x), i]);
  if (isSet(v)) return v.sorted().map((x) => [term(x), x]);
  if (isObject(v)) return [...v.entries()].map(([k, x]) => [term(x), k]);
  return [];
}

function containsMatches(a: Value, b: Value): SetValue {
  const out = new SetValue();
  const left = matchOperand(1, a);
  const right = matchOperand(2, b);
  for (const [c1, k1] of left) for (const [c2, k2] of right) if (cidrContains(c1, c2)) out.add([k1, k2]);
  return out;
}

function expand(s: string): SetValue {
  const net = netOf(s);
  const out = new SetValue();
  const last = lastIP(net).n;
  for (let n = net.ip.n; n <= last; n++) out.add(formatIP({ v6: net.ip.v6, n }));
  return out;
}

/** Smallest list of CIDRs covering [first, last]. */
function rangeToCIDRs(first: bigint, last: bigint, v6: boolean): Net[] {
  const w = width(v6);
  const out: Net[] = [];
  let cur = first;
  while (cur <= last) {
    let bits = w;
    // grow the block while it stays aligned and inside the range
    while (bits > 0) {
      const size = 1n << BigInt(w - bits + 1);
      if (cur % size !== 0n || cur + size - 1n > last) break;
      bits--;
    }
    out.push({ ip: { v6, n: cur }, bits });
    cur += 1n << BigInt(w - bits);
  }
  return out;
}

function classfulBits(ip: IP): number {
  const first = Number(ip.n >> 24n);
  return first < 0x80 ? 8 : first < 0xc0 ? 16 : 24;
}

function merge(v: Value): SetValue {
  const items = isArray(v) ? v : isSet(v) ? v.sorted() : undefined;
  if (!items) throw new BuiltinError('operand must be an array');
  const nets: Net[] = items.map((x) => {
    if (!isString(x)) throw new BuiltinError('element must be string');
    const ip = parseIP(x);
    if (!ip) return netOf(x);
    if (ip.v6) throw new BuiltinError('IPv6 invalid: needs prefix length');
    const bits = classfulBits(ip);
    return { ip: mask(ip, bits), bits };
  });
  const out = new SetValue();
  for (const v6 of [false, true]) {
    type Range = { first: bigint; last: bigint; net?: Net };
    const ranges: Range[] = nets.filter((n) => n.ip.v6 === v6).map((n) => ({ first: n.ip.n, last: lastIP(n).n, net: n }));
    ranges.sort((a, b) => (a.last < b.last ? -1 : a.last > b.last ? 1 : a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    for (let i = ranges.length - 1; i > 0; i--) {
      const cur = ranges[i]!;
      const prev = ranges[i - 1]!;
      if (cur.first - 1n <= prev.last) {
        ranges[i - 1] = { first: prev.first < cur.first ? prev.first : cur.first, last: cur.last };
        ranges.splice(i, 1);
      }
    }
    for (const r of ranges) {
      const list = r.net ? [r.net] : rangeToCIDRs(r.first, r.last, v6);
      for (const n of list) out.add(formatNet(n));
    }
  }
  return out;
}

export const netBuiltins: BuiltinDef[] = [
  {
    name: 'net.cidr_contains',
    args: ['string', 'string'],
    result: 'boolean',
    impl: (args) => cidrContains(argString(args, 0), argString(args, 1)),
  },
  {
    name: 'net.cidr_overlap',
    args: ['string', 'string'],
    result: 'boolean',
    deprecated: true,
    impl: (args) => cidrContains(argString(args, 0), argString(args, 1)),
  },
  {
    name: 'net.cidr_intersects',
    args: ['string', 'string'],
    result: 'boolean',
    impl: (args) => {
      const a = netOf(argString(args, 0));
      const b = netOf(argString(args, 1));
      return contains(a, b.ip) || contains(b, a.ip);
    },
  },
  {
    name: 'net.cidr_contains_matches',
    args: [['string', 'array', 'set', 'object'], ['string', 'array', 'set', 'object']],
    result: 'set',
    impl: (args) => containsMatches(args[0]!, args[1]!),
  },
  { name: 'net.cidr_expand', args: ['string'], result: 'set', impl: (args) => expand(argString(args, 0)) },
  {
    name: 'net.cidr_is_valid',
    args: ['string'],
    result: 'boolean',
    impl: (args) => isString(args[0]) && parseCIDR(args[0]) !== undefined,
  },
  { name: 'net.cidr_merge', args: [['array', 'set']], result: 'set', impl: (args) => merge(args[0]!) },
  {
    name: 'net.lookup_ip_addr',
    args: ['string'],
    result: 'set',
    nondeterministic: true,
    // not flagged `network`: literal addresses and localhost names resolve without it, so the gate is checked here
    impl: (args, ctx: BuiltinContext) => {
      const s = argString(args, 0);
      const ip = parseIP(s);
      if (ip) return SetValue.of([formatIP(ip)]);
      const local = /^(?:[^.]+\.)*localhost\.?$/i.test(s); // RFC 6761: never leaves the machine
      if (!local && !ctx.allowNetwork) throw new BuiltinHalt('network access is disabled (enable it to use net.lookup_ip_addr)');
      // the system resolver, synchronously
      const r = lookupIPs(s);
      if (!r.ok) throw new BuiltinError(`lookup ${s}: ${r.error ?? 'failed'}`);
      return SetValue.of(
        (r.addresses ?? []).map((a) => {
          const p = parseIP(a);
          return p ? formatIP(p) : a;
        }),
      );
    },
  },
];
