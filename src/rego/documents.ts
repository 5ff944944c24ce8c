/**
 * Operations on documents used by the evaluator: indexing, membership,
 * patching values for `with`, building partial rule objects.
 */
import type { Rule } from './ast.js';
import { RegoError } from './errors.js';
import { isIntegerNum, toJSNumber } from './number.js';
import { equals, isNumber, ObjectValue, SetValue, type Value } from './value.js';

export function conflict(msg: string, r: Rule): RegoError {
  return new RegoError('eval_conflict_error', msg, { file: r.file ?? '', line: r.loc.line, col: r.loc.col });
}

/** Merge a virtual document into the base document at the same path; base wins on conflicts. */
export function mergeBaseVirtual(base: Value, virtual: Value): Value {
  if (!(base instanceof ObjectValue) || !(virtual instanceof ObjectValue)) return base;
  const out = base.copy();
  virtual.forEachUnordered((k, v) => {
    const b = out.get(k);
    out.set(k, b === undefined ? v : mergeBaseVirtual(b, v));
  });
  return out;
}

/** Index a collection: array by integer, object by key, set membership. */
export function index(v: Value, k: Value): Value | undefined {
  if (v instanceof ObjectValue) return v.get(k);
  if (Array.isArray(v)) {
    if (typeof k === 'number') return Number.isInteger(k) && k >= 0 ? v[k] : undefined;
    if (isNumber(k) && isIntegerNum(k)) {
      const n = toJSNumber(k);
      return n >= 0 ? v[n] : undefined;
    }
    return undefined;
  }
  if (v instanceof SetValue) return v.has(k) ? k : undefined;
  return undefined;
}

export function member(x: Value, coll: Value): boolean {
  if (coll instanceof SetValue) return coll.has(x);
  if (Array.isArray(coll)) return coll.some((e) => equals(e, x));
  if (coll instanceof ObjectValue) {
    let found = false;
    coll.forEachUnordered((_k, v) => {
      if (!found && equals(v, x)) found = true;
    });
    return found;
  }
  return false;
}

export function member3(k: Value, x: Value, coll: Value): boolean {
  if (Array.isArray(coll)) {
    const e = index(coll, k);
    return e !== undefined && equals(e, x);
  }
  if (coll instanceof ObjectValue) {
    const e = coll.get(k);
    return e !== undefined && equals(e, x);
  }
  if (coll instanceof SetValue) return equals(k, x) && coll.has(x);
  return false;
}

/** Copy `root` with `value` placed at `path` (creating objects along the way). */
export function patchValue(root: Value | undefined, path: Value[], value: Value): Value {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const obj = root instanceof ObjectValue ? root.copy() : new ObjectValue();
  obj.set(head!, patchValue(obj.get(head!), rest, value));
  return obj;
}

/**
 * Insert a partial rule's value at keys inside obj, detecting conflicts.
 * Objects not in `owned` are shared (cached or base data) and are copied before change.
 */
export function insertAt(obj: ObjectValue, keys: Value[], v: Value, multi: boolean, r: Rule, owned: Set<unknown>): void {
  let cur = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!;
    const next = cur.get(k);
    if (next === undefined) {
      const o = new ObjectValue();
      owned.add(o);
      cur.set(k, o);
      cur = o;
    } else if (next instanceof ObjectValue) {
      if (!owned.has(next)) {
        const c = next.copy();
        owned.add(c);
        cur.set(k, c);
        cur = c;
      } else cur = next;
    } else throw conflict('object keys must be unique', r);
  }
  const lk = keys[keys.length - 1]!;
  const prev = cur.get(lk);
  if (multi) {
    if (prev === undefined) {
      const set = new SetValue();
      owned.add(set);
      set.add(v);
      cur.set(lk, set);
    } else if (prev instanceof SetValue) {
      if (owned.has(prev)) prev.add(v);
      else {
        const c = prev.copy();
        owned.add(c);
        c.add(v);
        cur.set(lk, c);
      }
    } else throw conflict('object keys must be unique', r);
    return;
  }
  if (prev !== undefined && !equals(prev, v)) throw conflict('object keys must be unique', r);
  cur.set(lk, v);
}

