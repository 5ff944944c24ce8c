/** Comparison, arithmetic and set operators (`==`, `+`, `&`, ...) under OPA's builtin names. */
import { argNumber, BuiltinError, operandTypeError, type BuiltinDef } from './registry.js';
import { isIntegerNum, numAdd, numDiv, numMul, numRem, numSub } from '../number.js';
import { compare, equals, isNumber, isSet, SetValue, type Value } from '../value.js';

const cmp = (name: string, test: (c: number) => boolean): BuiltinDef => ({
  name,
  args: ['any', 'any'],
  result: 'boolean',
  impl: ([a, b]) => test(compare(a!, b!)),
});

function setDifference(a: SetValue, b: SetValue): SetValue {
  const out = new SetValue();
  a.forEachUnordered((v) => {
    if (!b.has(v)) out.add(v);
  });
  return out;
}

export function setIntersection(a: SetValue, b: SetValue): SetValue {
  const out = new SetValue();
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  small.forEachUnordered((v) => {
    if (large.has(v)) out.add(v);
  });
  return out;
}

export function setUnion(a: SetValue, b: SetValue): SetValue {
  const out = a.copy();
  b.forEachUnordered((v) => out.add(v));
  return out;
}

export const operatorBuiltins: BuiltinDef[] = [
  { name: 'equal', args: ['any', 'any'], result: 'boolean', impl: ([a, b]) => equals(a!, b!) },
  { name: 'neq', args: ['any', 'any'], result: 'boolean', impl: ([a, b]) => !equals(a!, b!) },
  cmp('lt', (c) => c < 0),
  cmp('lte', (c) => c <= 0),
  cmp('gt', (c) => c > 0),
  cmp('gte', (c) => c >= 0),
  {
    name: 'plus',
    args: ['number', 'number'],
    result: 'number',
    impl: (args) => numAdd(argNumber(args, 0), argNumber(args, 1)),
  },
  {
    name: 'minus',
    args: [['number', 'set'], ['number', 'set']],
    result: ['number', 'set'],
    impl: (args) => {
      const [a, b] = args as [Value, Value];
      if (isNumber(a)) {
        if (!isNumber(b)) throw operandTypeError(2, b, 'number');
        return numSub(a, b);
      }
      if (isSet(a)) {
        if (!isSet(b)) throw operandTypeError(2, b, 'set');
        return setDifference(a, b);
      }
      throw operandTypeError(1, a, 'number', 'set');
    },
  },
  {
    name: 'mul',
    args: ['number', 'number'],
    result: 'number',
    impl: (args) => numMul(argNumber(args, 0), argNumber(args, 1)),
  },
  {
    name: 'div',
    args: ['number', 'number'],
    result: 'number',
    impl: (args) => {
      const r = numDiv(argNumber(args, 0), argNumber(args, 1));
      if (r === undefined) throw new BuiltinError('divide by zero');
      return r;
    },
  },
  {
    name: 'rem',
    args: ['number', 'number'],
    result: 'number',
    impl: (args) => {
      const a = argNumber(args, 0);
      const b = argNumber(args, 1);
      if (!isIntegerNum(a) || !isIntegerNum(b)) throw new BuiltinError('modulo on floating-point number');
      const r = numRem(a, b);
      if (r === undefined) throw new BuiltinError('modulo by zero');
      return r;
    },
  },
  {
    name: 'and',
    args: ['set', 'set'],
    result: 'set',
    impl: ([a, b]) => {
      if (!isSet(a!)) throw operandTypeError(1, a!, 'set');
      if (!isSet(b!)) throw operandTypeError(2, b!, 'set');
      return setIntersection(a, b);
    },
  },
  {
    name: 'or',
    args: ['set', 'set'],
    result: 'set',
    impl: ([a, b]) => {
      if (!isSet(a!)) throw operandTypeError(1, a!, 'set');
      if (!isSet(b!)) throw operandTypeError(2, b!, 'set');
      return setUnion(a, b);
    },
  },
];
