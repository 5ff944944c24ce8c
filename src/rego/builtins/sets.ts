/** Set builtins: intersection, union (of a set of sets). */
import { BuiltinError, operandTypeError, type BuiltinDef } from './registry.js';
import { setIntersection, setUnion } from './operators.js';
import { isSet, SetValue, type Value } from '../value.js';

function setOfSets(v: Value): SetValue[] {
  if (!isSet(v)) throw operandTypeError(1, v, 'set');
  const out: SetValue[] = [];
  for (const x of v.sorted()) {
    if (!isSet(x)) throw new BuiltinError(`operand 1 must be set of sets but got set containing ${x === null ? 'null' : typeof x === 'object' ? (Array.isArray(x) ? 'array' : 'object') : typeof x}`, 'eval_type_error');
    out.push(x);
  }
  return out;
}

export const setBuiltins: BuiltinDef[] = [
  {
    name: 'intersection',
    args: ['set'],
    result: 'set',
    impl: ([v]) => {
      const sets = setOfSets(v!);
      if (sets.length === 0) return new SetValue();
      return sets.slice(1).reduce((a, b) => setIntersection(a, b), sets[0]!);
    },
  },
  {
    name: 'union',
    args: ['set'],
    result: 'set',
    impl: ([v]) => setOfSets(v!).reduce((a, b) => setUnion(a, b), new SetValue()),
  },
  {
    name: 'set_diff',
    args: ['set', 'set'],
    result: 'set',
    deprecated: true,
    impl: ([a, b]) => {
      if (!isSet(a!)) throw operandTypeError(1, a!, 'set');
      if (!isSet(b!)) throw operandTypeError(2, b!, 'set');
      const out = new SetValue();
      a.forEachUnordered((x) => {
        if (!b.has(x)) out.add(x);
      });
      return out;
    },
  },
];
