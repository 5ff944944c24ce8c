/** Aggregates: count, sum, product, max, min, sort (and v0's all/any). */
import { BuiltinError, operandTypeError, type BuiltinDef } from './registry.js';
import { numAdd, numMul } from '../number.js';
import { codePointLength, compare, isArray, isNumber, isObject, isSet, type Num, type Value } from '../value.js';

/** Members of an array or set (sets in sorted order). */
function members(v: Value, pos: number): Value[] {
  if (isArray(v)) return v;
  if (isSet(v)) return v.sorted();
  throw operandTypeError(pos, v, 'set', 'array');
}

function numbers(v: Value, name: string): Num[] {
  const xs = members(v, 1);
  for (const x of xs) if (!isNumber(x)) throw new BuiltinError(`operand 1 must be one of {set, array} containing numbers but got ${name}`, 'eval_type_error');
  return xs as Num[];
}

export const aggregateBuiltins: BuiltinDef[] = [
  {
    name: 'count',
    args: [['string', 'array', 'object', 'set']],
    result: 'number',
    impl: ([v]) => {
      if (typeof v === 'string') return codePointLength(v);
      if (isArray(v)) return v.length;
      if (isObject(v) || isSet(v)) return v.size;
      throw operandTypeError(1, v!, 'array', 'object', 'set', 'string');
    },
  },
  {
    name: 'sum',
    args: [['array', 'set']],
    result: 'number',
    impl: ([v]) => numbers(v!, 'sum').reduce<Num>((a, b) => numAdd(a, b), 0),
  },
  {
    name: 'product',
    args: [['array', 'set']],
    result: 'number',
    impl: ([v]) => numbers(v!, 'product').reduce<Num>((a, b) => numMul(a, b), 1),
  },
  {
    name: 'max',
    args: [['array', 'set']],
    result: 'any',
    impl: ([v]) => {
      const xs = members(v!, 1);
      if (xs.length === 0) return undefined;
      return xs.reduce((a, b) => (compare(a, b) >= 0 ? a : b));
    },
  },
  {
    name: 'min',
    args: [['array', 'set']],
    result: 'any',
    impl: ([v]) => {
      const xs = members(v!, 1);
      if (xs.length === 0) return undefined;
      return xs.reduce((a, b) => (compare(a, b) <= 0 ? a : b));
    },
  },
  {
    name: 'sort',
    args: [['array', 'set']],
    result: 'array',
    impl: ([v]) => {
      if (isSet(v!)) return v.sorted().slice();
      if (isArray(v!)) return [...v].sort(compare);
      throw operandTypeError(1, v!, 'array', 'set');
    },
  },
  {
    name: 'all',
    args: [['array', 'set']],
    result: 'boolean',
    deprecated: true,
    impl: ([v]) => members(v!, 1).every((x) => x === true),
  },
  {
    name: 'any',
    args: [['array', 'set']],
    result: 'boolean',
    deprecated: true,
    impl: ([v]) => members(v!, 1).some((x) => x === true),
  },
];
