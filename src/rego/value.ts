/**
 * Rego values, with OPA's semantics.
 *
 * Representation (immutable by convention once built):
 *   null                 -> JS `null`
 *   boolean              -> JS `boolean`
 *   number               -> JS `number` (fast path) or `BigNum` (exact decimal); see number.ts
 *   string               -> JS `string` (compared and counted by code point where OPA does)
 *   array                -> JS `Value[]` (plain array; never mutate a shared one)
 *   object               -> `ObjectValue` (any Value as key; iterates in OPA's sorted key order)
 *   set                  -> `SetValue` (iterates in sorted order)
 *
 * `undefined` is never a Value: it means "no result" throughout the engine.
 * Total order (OPA ast/compare.go): null < boolean < number < string < array < object < set.
 * Build objects/sets with `new ObjectValue()` + `set()`/`add()` and stop mutating once
 * shared. `key(v)` is a canonical string for hashing: equal values have equal keys.
 */
import { BigNum, numCompare, numEquals, numToString, parseNumber, type Num } from './number.js';

export { BigNum } from './number.js';
export type { Num } from './number.js';

export type Value = null | boolean | number | BigNum | string | Value[] | ObjectValue | SetValue;

export type TypeName = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | 'set';

export function typeName(v: Value): TypeName {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
  }
  if (Array.isArray(v)) return 'array';
  if (v instanceof ObjectValue) return 'object';
  if (v instanceof SetValue) return 'set';
  return 'number';
}

export function isNumber(v: Value | undefined): v is Num {
  return typeof v === 'number' || v instanceof BigNum;
}
export function isBoolean(v: Value | undefined): v is boolean {
  return typeof v === 'boolean';
}
export function isString(v: Value | undefined): v is string {
  return typeof v === 'string';
}
export function isArray(v: Value | undefined): v is Value[] {
  return Array.isArray(v);
}
export function isObject(v: Value | undefined): v is ObjectValue {
  return v instanceof ObjectValue;
}
export function isSet(v: Value | undefined): v is SetValue {
  return v instanceof SetValue;
}

const TYPE_RANK: Record<TypeName, number> = {
  null: 0,
  boolean: 1,
  number: 2,
  string: 3,
  array: 4,
  object: 5,
  set: 6,
};

/** Compare strings by Unicode code point (JS `<` compares UTF-16 units). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // surrogates encode code points above U+FFFF: move them above U+E000..U+FFFF
        x = x < 0xe000 ? x + 0x2000 : x - 0x800;
        y = y < 0xe000 ? y + 0x2000 : y - 0x800;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** OPA's total order over values. */
export function compare(a: Value, b: Value): number {
  if (a === b) return 0;
  const ta = typeName(a);
  const tb = typeName(b);
  if (ta !== tb) return TYPE_RANK[ta] < TYPE_RANK[tb] ? -1 : 1;
  switch (ta) {
    case 'null':
      return 0;
    case 'boolean':
      return a === b ? 0 : a === false ? -1 : 1;
    case 'number':
      return numCompare(a as Num, b as Num);
    case 'string':
      return compareStrings(a as string, b as string);
    case 'array': {
      const x = a as Value[];
      const y = b as Value[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compare(x[i]!, y[i]!);
        if (c !== 0) return c;
      }
      return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
    }
    case 'object': {
      // OPA: compare sorted keys pairwise, then values, then length
      const x = (a as ObjectValue).sortedKeys();
      const y = (b as ObjectValue).sortedKeys();
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compare(x[i]!, y[i]!);
        if (c !== 0) return c;
        const d = compare((a as ObjectValue).get(x[i]!)!, (b as ObjectValue).get(y[i]!)!);
        if (d !== 0) return d;
      }
      return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
    }
    case 'set': {
      const x = (a as SetValue).sorted();
      const y = (b as SetValue).sorted();
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compare(x[i]!, y[i]!);
        if (c !== 0) return c;
      }
      return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
    }
  }
}

export function equals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof BigNum) return b instanceof BigNum && numEquals(a, b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equals(a[i]!, b[i]!)) return false;
    return true;
  }
  if (a instanceof ObjectValue) {
    if (!(b instanceof ObjectValue) || a.size !== b.size) return false;
    for (const [k, v] of a.strEntries()) {
      const w = b.strs.get(k);
      if (w === undefined || !equals(v, w)) return false;
    }
    if (a.others) {
      for (const [, [k, v]] of a.others) {
        const w = b.get(k);
        if (w === undefined || !equals(v, w)) return false;
      }
    }
    return true;
  }
  if (a instanceof SetValue) {
    if (!(b instanceof SetValue) || a.size !== b.size) return false;
    for (const s of a.strs) if (!b.strs.has(s)) return false;
    if (a.others) for (const k of a.others.keys()) if (!b.others?.has(k)) return false;
    return true;
  }
  return false;
}

const keyCache = new WeakMap<Value[], string>();

/** Canonical hash key: equal values <=> equal keys. Strings are prefixed to keep kinds apart. */
export function key(v: Value): string {
  if (v === null) return 'n';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 't' : 'f';
    case 'number':
      return `#${v}`;
  }
  if (v instanceof BigNum) return `#B${v.m}e${v.e}`;
  if (Array.isArray(v)) {
    let k = keyCache.get(v);
    if (k === undefined) {
      k = `[${v.map(key).join(',')}]`;
      keyCache.set(v, k);
    }
    return k;
  }
  return (v as ObjectValue | SetValue).hashKey();
}

/** Key used inside maps for non-string members (strings are stored by themselves). */
function otherKey(v: Value): string {
  return key(v);
}

export class ObjectValue {
  /** string keys (the common case) */
  readonly strs = new Map<string, Value>();
  /** non-string keys by canonical key */
  others: Map<string, [Value, Value]> | undefined;
  private _sorted: Value[] | undefined;
  private _hash: string | undefined;

  static fromEntries(entries: Iterable<[Value, Value]>): ObjectValue {
    const o = new ObjectValue();
    for (const [k, v] of entries) o.set(k, v);
    return o;
  }

  /** Object from a JS record of string keys (values already Values). */
  static fromRecord(record: Record<string, Value>): ObjectValue {
    const o = new ObjectValue();
    for (const k of Object.keys(record)) o.strs.set(k, record[k]!);
    return o;
  }

  get size(): number {
    return this.strs.size + (this.others ? this.others.size : 0);
  }

  get(k: Value): Value | undefined {
    if (typeof k === 'string') return this.strs.get(k);
    return this.others?.get(otherKey(k))?.[1];
  }

  has(k: Value): boolean {
    return this.get(k) !== undefined;
  }

  /** Mutating insert; only while building. */
  set(k: Value, v: Value): this {
    this._sorted = undefined;
    this._hash = undefined;
    if (typeof k === 'string') this.strs.set(k, v);
    else (this.others ??= new Map()).set(otherKey(k), [k, v]);
    return this;
  }

  delete(k: Value): void {
    this._sorted = undefined;
    this._hash = undefined;
    if (typeof k === 'string') this.strs.delete(k);
    else this.others?.delete(otherKey(k));
  }

  strEntries(): IterableIterator<[string, Value]> {
    return this.strs.entries();
  }

  /** Keys in OPA's sorted order (cached). */
  sortedKeys(): Value[] {
    if (this._sorted) return this._sorted;
    let keys: Value[];
    if (!this.others || this.others.size === 0) {
      const s = [...this.strs.keys()];
      s.sort(compareStrings);
      keys = s;
    } else {
      keys = [...this.strs.keys(), ...[...this.others.values()].map((e) => e[0])];
      keys.sort(compare);
    }
    this._sorted = keys;
    return keys;
  }

  /** Entries in sorted key order. */
  *entries(): IterableIterator<[Value, Value]> {
    for (const k of this.sortedKeys()) yield [k, this.get(k)!];
  }

  /** Unordered iteration (faster; use when order cannot be observed). */
  forEachUnordered(fn: (k: Value, v: Value) => void): void {
    for (const [k, v] of this.strs) fn(k, v);
    if (this.others) for (const [, [k, v]] of this.others) fn(k, v);
  }

  copy(): ObjectValue {
    const o = new ObjectValue();
    for (const [k, v] of this.strs) o.strs.set(k, v);
    if (this.others) o.others = new Map(this.others);
    return o;
  }

  hashKey(): string {
    if (this._hash === undefined) {
      const parts: string[] = [];
      for (const k of this.sortedKeys()) parts.push(`${key(k)}:${key(this.get(k)!)}`);
      this._hash = `{${parts.join(',')}}`;
    }
    return this._hash;
  }
}

export class SetValue {
  /** string members */
  readonly strs = new Set<string>();
  /** non-string members by canonical key */
  others: Map<string, Value> | undefined;
  private _sorted: Value[] | undefined;
  private _hash: string | undefined;

  static of(values: Iterable<Value>): SetValue {
    const s = new SetValue();
    for (const v of values) s.add(v);
    return s;
  }

  get size(): number {
    return this.strs.size + (this.others ? this.others.size : 0);
  }

  has(v: Value): boolean {
    if (typeof v === 'string') return this.strs.has(v);
    return this.others !== undefined && this.others.has(otherKey(v));
  }

  /** Mutating insert; only while building. Returns true when newly added. */
  add(v: Value): boolean {
    if (typeof v === 'string') {
      if (this.strs.has(v)) return false;
      this.strs.add(v);
    } else {
      const k = otherKey(v);
      this.others ??= new Map();
      if (this.others.has(k)) return false;
      this.others.set(k, v);
    }
    this._sorted = undefined;
    this._hash = undefined;
    return true;
  }

  delete(v: Value): void {
    this._sorted = undefined;
    this._hash = undefined;
    if (typeof v === 'string') this.strs.delete(v);
    else this.others?.delete(otherKey(v));
  }

  /** Members in sorted order (cached). */
  sorted(): Value[] {
    if (this._sorted) return this._sorted;
    let vals: Value[];
    if (!this.others || this.others.size === 0) {
      const s = [...this.strs];
      s.sort(compareStrings);
      vals = s;
    } else {
      vals = [...this.strs, ...this.others.values()];
      vals.sort(compare);
    }
    this._sorted = vals;
    return vals;
  }

  [Symbol.iterator](): IterableIterator<Value> {
    return this.sorted()[Symbol.iterator]();
  }

  forEachUnordered(fn: (v: Value) => void): void {
    for (const s of this.strs) fn(s);
    if (this.others) for (const v of this.others.values()) fn(v);
  }

  copy(): SetValue {
    const s = new SetValue();
    for (const v of this.strs) s.strs.add(v);
    if (this.others) s.others = new Map(this.others);
    return s;
  }

  hashKey(): string {
    if (this._hash === undefined) this._hash = `<${this.sorted().map(key).join(',')}>`;
    return this._hash;
  }
}

/** Number of code points (OPA counts strings in runes). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

// ---------------------------------------------------------------- JSON bridge

/**
 * Convert a plain JS value (as from JSON.parse or a YAML parser) into a Value.
 * bigint becomes an exact number; Map becomes an object; JS Set becomes a set.
 * Keys named __proto__ are kept as data (Map based), never touching prototypes.
 */
export function fromJSON(x: unknown): Value {
  if (x === null || x === undefined) return null;
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return x;
    case 'number':
      return Number.isFinite(x) ? (x === 0 ? 0 : x) : null;
    case 'bigint':
      return parseNumber(x.toString())!;
  }
  if (Array.isArray(x)) {
    const out = new Array<Value>(x.length);
    for (let i = 0; i < x.length; i++) out[i] = fromJSON(x[i]);
    return out;
  }
  if (x instanceof ObjectValue || x instanceof SetValue || x instanceof BigNum) return x;
  if (x instanceof Map) {
    const o = new ObjectValue();
    for (const [k, v] of x) o.set(fromJSON(k), fromJSON(v));
    return o;
  }
  if (x instanceof Set) return SetValue.of([...x].map(fromJSON));
  if (x instanceof Date) return x.toISOString();
  const o = new ObjectValue();
  const rec = x as Record<string, unknown>;
  for (const k of Object.keys(rec)) {
    const v = rec[k];
    if (v !== undefined) o.strs.set(k, fromJSON(v));
  }
  return o;
}

export interface ToJSONOptions {
  /** keep numbers that a JS number cannot hold as bigint (integers) instead of a lossy number */
  bigints?: boolean;
}

/**
 * Convert a Value to plain JS (what OPA's JSON output holds): sets become sorted
 * arrays, non-string object keys are printed as Rego terms, BigNum becomes a
 * (lossy) number unless `bigints` is set.
 */
export function toJSON(v: Value, options: ToJSONOptions = {}): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof BigNum) {
    if (options.bigints && v.e >= 0) return v.m * 10n ** BigInt(v.e);
    return Number(v.toString());
  }
  if (Array.isArray(v)) return v.map((x) => toJSON(x, options));
  if (v instanceof SetValue) return v.sorted().map((x) => toJSON(x, options));
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const k of v.sortedKeys()) out[typeof k === 'string' ? k : formatValue(k)] = toJSON(v.get(k)!, options);
  return out;
}

/** Exact JSON text of a value (numbers keep every digit). Sets become sorted arrays. */
export function toJSONText(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return numToString(v);
    case 'string':
      return JSON.stringify(v);
  }
  if (v instanceof BigNum) return numToString(v);
  if (Array.isArray(v)) return `[${v.map(toJSONText).join(',')}]`;
  if (v instanceof SetValue) return `[${v.sorted().map(toJSONText).join(',')}]`;
  const parts: string[] = [];
  for (const k of v.sortedKeys()) {
    parts.push(`${JSON.stringify(typeof k === 'string' ? k : formatValue(k))}:${toJSONText(v.get(k)!)}`);
  }
  return `{${parts.join(',')}}`;
}

// ---------------------------------------------------------------- printer

/** Quote a string like Go's strconv.Quote (as OPA prints string terms). */
export function quoteString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Format a value as OPA prints a term: `["a", 1]`, `{"a": 1}`, `{1, 2}`, `set()`. */
export function formatValue(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return numToString(v);
    case 'string':
      return quoteString(v);
  }
  if (v instanceof BigNum) return numToString(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  if (v instanceof SetValue) return v.size === 0 ? 'set()' : `{${v.sorted().map(formatValue).join(', ')}}`;
  const parts: string[] = [];
  for (const k of v.sortedKeys()) parts.push(`${formatValue(k)}: ${formatValue(v.get(k)!)}`);
  return `{${parts.join(', ')}}`;
}

// ---------------------------------------------------------------- exact JSON parser

/**
 * Parse JSON text into a Value without losing number precision (JSON.parse turns
 * 12345678901234567890 into 12345678901234567000).
 */
export function parseJSON(text: string): Value {
  let i = 0;
  const fail = (msg: string): never => {
    throw new SyntaxError(`invalid JSON at offset ${i}: ${msg}`);
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  const str = (): string => {
    // find the closing quote; delegate escapes to JSON.parse on the slice
    const start = i;
    i++;
    let escaped = false;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 92) {
        escaped = true;
        i++;
      } else if (c === 34) break;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
    const raw = text.slice(start, i);
    return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  };
  const val = (depth: number): Value => {
    if (depth > 10000) fail('nesting too deep');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const o = new ObjectValue();
      ws();
      if (text[i] === '}') {
        i++;
        return o;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected string key');
        const k = str();
        ws();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        o.strs.set(k, val(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return o;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const a: Value[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(val(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return a;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    const m = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
    m.lastIndex = i;
    const r = m.exec(text);
    if (!r) return fail('unexpected character');
    i += r[0].length;
    return parseNumber(r[0])!;
  };
  const out = val(0);
  ws();
  if (i < text.length) fail('trailing data');
  return out;
}
