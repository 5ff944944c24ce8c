/** object.* builtins. */
import { argObject, BuiltinError, operandTypeError, type BuiltinDef } from './registry.js';
import { equals, isArray, isObject, isSet, ObjectValue, SetValue, type Value } from '../value.js';

/** Keys named by an object (its keys), a set or an array. */
function keyList(v: Value, pos: number): Value[] {
  if (isArray(v)) return v;
  if (isSet(v)) return v.sorted();
  if (isObject(v)) return v.sortedKeys();
  throw operandTypeError(pos, v, 'object', 'set', 'array');
}

/** Deep merge: values of b win, objects merged recursively (object.union). */
export function mergeObjects(a: ObjectValue, b: ObjectValue): ObjectValue {
  const out = a.copy();
  b.forEachUnordered((k, bv) => {
    const av = out.get(k);
    if (isObject(av) && isObject(bv)) out.set(k, mergeObjects(av, bv));
    else out.set(k, bv);
  });
  return out;
}

function isSubset(sup: Value, sub: Value): boolean {
  if (isObject(sup) && isObject(sub)) {
    let ok = true;
    sub.forEachUnordered((k, v) => {
      if (!ok) return;
      const sv = sup.get(k);
      if (sv === undefined || !isSubset(sv, v)) ok = false;
    });
    return ok;
  }
  if (isSet(sup) && isSet(sub)) {
    let ok = true;
    sub.forEachUnordered((v) => {
      if (ok && !sup.has(v)) ok = false;
    });
    return ok;
  }
  if (isArray(sup) && isArray(sub)) {
    // contiguous sub-sequence
    if (sub.length === 0) return true;
    for (let i = 0; i + sub.length <= sup.length; i++) {
      let match = true;
      for (let j = 0; j < sub.length; j++) {
        if (!equals(sup[i + j]!, sub[j]!)) {
          match = false;
          break;
        }
      }
      if (match) return true;
    }
    return false;
  }
  if (isArray(sup) && isSet(sub)) {
    let ok = true;
    sub.forEachUnordered((v) => {
      if (ok && !sup.some((x) => equals(x, v))) ok = false;
    });
    return ok;
  }
  return equals(sup, sub);
}

export const objectBuiltins: BuiltinDef[] = [
  {
    name: 'object.get',
    args: ['object', 'any', 'any'],
    result: 'any',
    impl: (args) => {
      const obj = argObject(args, 0);
      const key = args[1]!;
      const dflt = args[2]!;
      if (isArray(key)) {
        // a path into nested collections
        let cur: Value = obj;
        for (const seg of key) {
          let next: Value | undefined;
          if (isObject(cur)) next = cur.get(seg);
          else if (isArray(cur)) next = typeof seg === 'number' && Number.isInteger(seg) && seg >= 0 ? cur[seg] : undefined;
          else if (isSet(cur)) next = cur.has(seg) ? seg : undefined;
          if (next === undefined) return dflt;
          cur = next;
        }
        return cur;
      }
      const v = obj.get(key);
      return v === undefined ? dflt : v;
    },
  },
  {
    name: 'object.keys',
    args: ['object'],
    result: 'set',
    impl: (args) => SetValue.of(argObject(args, 0).sortedKeys()),
  },
  {
    name: 'object.union',
    args: ['object', 'object'],
    result: 'object',
    impl: (args) => mergeObjects(argObject(args, 0), argObject(args, 1)),
  },
  {
    name: 'object.union_n',
    args: ['array'],
    result: 'object',
    impl: ([v]) => {
      if (!isArray(v!)) throw operandTypeError(1, v!, 'array');
      let out = new ObjectValue();
      for (const o of v) {
        if (!isObject(o)) throw new BuiltinError(`operand 1 must be array of objects but got array containing ${o === null ? 'null' : typeof o}`, 'eval_type_error');
        out = mergeObjects(out, o);
      }
      return out;
    },
  },
  {
    name: 'object.remove',
    args: ['object', ['array', 'set', 'object']],
    result: 'object',
    impl: (args) => {
      const obj = argObject(args, 0);
      const keys = keyList(args[1]!, 2);
      const out = obj.copy();
      for (const k of keys) out.delete(k);
      return out;
    },
  },
  {
    name: 'object.filter',
    args: ['object', ['array', 'set', 'object']],
    result: 'object',
    impl: (args) => {
      const obj = argObject(args, 0);
      const keys = keyList(args[1]!, 2);
      const out = new ObjectValue();
      for (const k of keys) {
        const v = obj.get(k);
        if (v !== undefined) out.set(k, v);
      }
      return out;
    },
  },
  {
    name: 'object.subset',
    args: [['object', 'set', 'array'], ['object', 'set', 'array']],
    result: 'boolean',
    impl: ([sup, sub]) => {
      const ok = (v: Value) => isObject(v) || isSet(v) || isArray(v);
      if (!ok(sup!)) throw operandTypeError(1, sup!, 'object', 'set', 'array');
      if (!ok(sub!)) throw operandTypeError(2, sub!, 'object', 'set', 'array');
      if (isObject(sup!) !== isObject(sub!)) {
        throw new BuiltinError('both arguments must be objects, or neither', 'eval_type_error');
      }
      return isSubset(sup!, sub!);
    },
  },
];
