/**
 * json.filter, json.remove and json.patch (OPA topdown/json.go): paths are
 * "a/b/0" strings (JSON-pointer escapes ~0 ~1, leading slashes ignored) or
 * arrays of segments. Patch errors make the call undefined, as in OPA.
 */
import { compare, equals, isArray, isObject, isSet, isString, ObjectValue, SetValue, typeName, type Value } from '../value.js';
import { isIntegerNum } from '../number.js';
import { argArray, BuiltinError, operandTypeError, type BuiltinDef } from './registry.js';

type Path = Value[];

function parsePath(p: Value): Path {
  if (isString(p)) {
    if (p === '') return [];
    return p
      .replace(/^\/+/, '')
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  if (isArray(p)) return p;
  throw new BuiltinError(
    `operand 2 must be one of {set, array} containing string paths or array of path segments but got ${typeName(p)}`,
    'eval_type_error',
  );
}

function jsonPaths(v: Value): Path[] {
  if (isArray(v)) return v.map(parsePath);
  if (isSet(v)) return v.sorted().map(parsePath);
  throw operandTypeError(2, v, 'set', 'array');
}

/** Paths as a tree of objects with null leaves (OPA pathsToObject). */
function pathsToTree(paths: Path[]): ObjectValue {
  const root = new ObjectValue();
  for (const path of paths) {
    if (path.length === 0) continue;
    let node = root;
    let done = false;
    for (let i = 0; i < path.length - 1 && !done; i++) {
      const child = node.get(path[i]!);
      if (child === undefined) {
        const o = new ObjectValue();
        node.set(path[i]!, o);
        node = o;
      } else if (child === null) done = true;
      else node = child as ObjectValue;
    }
    if (!done) node.set(path[path.length - 1]!, null);
  }
  return root;
}

function filterValue(v: Value, filter: Value): Value {
  if (filter === null) return v;
  const f = filter as ObjectValue;
  if (isArray(v)) {
    const out: Value[] = [];
    v.forEach((e, i) => {
      const sub = f.get(String(i));
      if (sub !== undefined) out.push(filterValue(e, sub));
    });
    return out;
  }
  if (isSet(v)) {
    const out = new SetValue();
    for (const e of v.sorted()) {
      const sub = f.get(e);
      if (sub !== undefined) out.add(filterValue(e, sub));
    }
    return out;
  }
  if (isObject(v)) {
    const out = new ObjectValue();
    for (const [k, val] of v.entries()) {
      const sub = f.get(k);
      if (sub !== undefined) out.set(k, filterValue(val, sub));
    }
    return out;
  }
  return v;
}

/** undefined = drop the value (a leaf of the removal tree). */
function removeValue(v: Value, tree: Value | undefined): Value | undefined {
  if (tree === undefined) return v;
  if (tree === null) return undefined;
  if (!isObject(tree)) return v;
  if (isObject(v)) {
    const out = new ObjectValue();
    for (const [k, val] of v.entries()) {
      const r = removeValue(val, tree.get(k));
      if (r !== undefined) out.set(k, r);
    }
    return out;
  }
  if (isSet(v)) {
    const out = new SetValue();
    for (const e of v.sorted()) {
      const r = removeValue(e, tree.get(e));
      if (r !== undefined) out.add(r);
    }
    return out;
  }
  if (isArray(v)) {
    const out: Value[] = [];
    v.forEach((e, i) => {
      const r = removeValue(e, tree.get(String(i)));
      if (r !== undefined) out.push(r);
    });
    return out;
  }
  return v;
}

// ------------------------------------------------------------------ patch

class PatchError extends Error {}

function arrayIndex(seg: Value, len: number, allowEnd: boolean): number {
  let i: number;
  if (isString(seg)) {
    if (allowEnd && seg === '-') return len;
    if (!/^(0|[1-9]\d*)$/.test(seg)) throw new PatchError(`invalid array index ${seg}`);
    i = Number(seg);
  } else if (typeof seg === 'number' && isIntegerNum(seg)) i = seg;
  else throw new PatchError('invalid array index');
  if (i < 0 || i > len || (!allowEnd && i === len)) throw new PatchError('index out of range');
  return i;
}

function getAt(doc: Value, path: Path): Value {
  let cur = doc;
  for (const seg of path) {
    if (isObject(cur)) {
      const next = cur.get(seg);
      if (next === undefined) throw new PatchError('path does not exist');
      cur = next;
    } else if (isArray(cur)) cur = cur[arrayIndex(seg, cur.length, false)]!;
    else if (isSet(cur)) {
      if (!cur.has(seg)) throw new PatchError('path does not exist');
      cur = seg;
    } else throw new PatchError('path does not exist');
  }
  return cur;
}

/** Rebuild doc with the container at path[..-1] changed by `edit`. */
function editParent(doc: Value, path: Path, edit: (parent: Value, last: Value) => Value): Value {
  if (path.length === 0) throw new PatchError('empty path');
  const [seg, ...rest] = path as [Value, ...Value[]];
  if (rest.length === 0) return edit(doc, seg);
  if (isObject(doc)) {
    const child = doc.get(seg);
    if (child === undefined) throw new PatchError('path does not exist');
    return doc.copy().set(seg, editParent(child, rest, edit));
  }
  if (isArray(doc)) {
    const i = arrayIndex(seg, doc.length, false);
    const out = doc.slice();
    out[i] = editParent(doc[i]!, rest, edit);
    return out;
  }
  if (isSet(doc)) {
    if (!doc.has(seg)) throw new PatchError('path does not exist');
    const out = doc.copy();
    out.delete(seg);
    out.add(editParent(seg, rest, edit));
    return out;
  }
  throw new PatchError('path does not exist');
}

function insertAt(doc: Value, path: Path, value: Value): Value {
  if (path.length === 0) return value;
  return editParent(doc, path, (parent, last) => {
    if (isObject(parent)) return parent.copy().set(last, value);
    if (isArray(parent)) {
      const i = arrayIndex(last, parent.length, true);
      return [...parent.slice(0, i), value, ...parent.slice(i)];
    }
    if (isSet(parent)) {
      if (!equals(last, value)) throw new PatchError('set member and value differ');
      const out = parent.copy();
      out.add(value);
      return out;
    }
    throw new PatchError('cannot insert into a scalar');
  });
}

function deleteAt(doc: Value, path: Path): Value {
  if (path.length === 0) return null; // the whole document goes
  return editParent(doc, path, (parent, last) => {
    if (isObject(parent)) {
      if (!parent.has(last)) throw new PatchError('path does not exist');
      const out = parent.copy();
      out.delete(last);
      return out;
    }
    if (isArray(parent)) {
      const i = arrayIndex(last, parent.length, false);
      return [...parent.slice(0, i), ...parent.slice(i + 1)];
    }
    if (isSet(parent)) {
      if (!parent.has(last)) throw new PatchError('path does not exist');
      const out = parent.copy();
      out.delete(last);
      return out;
    }
    throw new PatchError('cannot delete from a scalar');
  });
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function applyPatch(doc: Value, ops: Value[]): Value {
  for (const op of ops) {
    if (!isObject(op)) throw new PatchError('not an object');
    const attr = (name: string): Value => {
      const v = op.get(name);
      if (v === undefined) throw new PatchError(`missing '${name}' attribute`);
      return v;
    };
    const kind = attr('op');
    if (!isString(kind) || !OPS.has(kind)) throw new PatchError('bad op');
    const path = parsePathOrFail(attr('path'));
    switch (kind) {
      case 'add':
        doc = insertAt(doc, path, attr('value'));
        break;
      case 'remove':
        doc = deleteAt(doc, path);
        break;
      case 'replace': {
        const value = attr('value');
        doc = insertAt(deleteAt(doc, path), path, value);
        break;
      }
      case 'move': {
        const from = parsePathOrFail(attr('from'));
        const chunk = getAt(doc, from);
        doc = insertAt(deleteAt(doc, from), path, chunk);
        break;
      }
      case 'copy': {
        const from = parsePathOrFail(attr('from'));
        doc = insertAt(doc, path, getAt(doc, from));
        break;
      }
      case 'test': {
        const value = attr('value');
        if (compare(getAt(doc, path), value) !== 0) throw new PatchError('test failed');
        break;
      }
    }
  }
  return doc;
}

function parsePathOrFail(p: Value): Path {
  try {
    return parsePath(p);
  } catch {
    throw new PatchError('bad path');
  }
}

export const jsonPathBuiltins: BuiltinDef[] = [
  {
    name: 'json.filter',
    args: ['object', ['array', 'set']],
    result: 'object',
    impl: (args) => {
      const obj = args[0]!;
      if (!isObject(obj)) throw operandTypeError(1, obj, 'object');
      return filterValue(obj, pathsToTree(jsonPaths(args[1]!)));
    },
  },
  {
    name: 'json.remove',
    args: ['object', ['array', 'set']],
    result: 'object',
    impl: (args) => {
      const obj = args[0]!;
      if (!isObject(obj)) throw operandTypeError(1, obj, 'object');
      return removeValue(obj, pathsToTree(jsonPaths(args[1]!)));
    },
  },
  {
    name: 'json.patch',
    args: ['any', 'array'],
    result: 'any',
    impl: (args) => {
      const ops = argArray(args, 1);
      try {
        return applyPatch(args[0]!, ops);
      } catch (e) {
        if (e instanceof PatchError) return undefined;
        throw e;
      }
    },
  },
];
