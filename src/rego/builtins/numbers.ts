/** numbers.*, rounding and bits.* builtins. */
import { argInteger, argNumber, BuiltinError, BuiltinHalt, type BuiltinDef } from './registry.js';
import { fromBigInt, numAbs, numCeil, numCompare, numFloor, numRound, toBigInt, toJSNumber, type Num } from '../number.js';
import type { Value } from '../value.js';

function range(a: Num, b: Num, step: bigint): Value[] {
  const x = toBigInt(a);
  const y = toBigInt(b);
  // Count before building: a huge range would otherwise run for seconds inside one builtin call,
  // where the evaluator's time and step limits cannot stop it.
  const limit = 10_000_000n;
  const count = (x <= y ? y - x : x - y) / step + 1n;
  if (count > limit) throw new BuiltinHalt(`numbers.range: a range of ${count} numbers is over the limit of ${limit}`);
  const out: Value[] = [];
  if (x <= y) for (let i = x; i <= y; i += step) out.push(fromBigInt(i));
  else for (let i = x; i >= y; i -= step) out.push(fromBigInt(i));
  return out;
}

function bitsOp(name: string, op: (a: bigint, b: bigint) => bigint): BuiltinDef {
  return {
    name,
    args: ['number', 'number'],
    result: 'number',
    impl: (args) => fromBigInt(op(toBigInt(argInteger(args, 0)), toBigInt(argInteger(args, 1)))),
  };
}

function shiftAmount(args: Value[]): bigint {
  const n = toBigInt(argInteger(args, 1));
  if (n < 0n) throw new BuiltinError('operand 2 must be an unsigned integer number but got a negative integer', 'eval_type_error');
  return n;
}

export const numberBuiltins: BuiltinDef[] = [
  {
    name: 'numbers.range',
    args: ['number', 'number'],
    result: 'array',
    impl: (args) => range(argInteger(args, 0), argInteger(args, 1), 1n),
  },
  {
    name: 'numbers.range_step',
    args: ['number', 'number', 'number'],
    result: 'array',
    impl: (args) => {
      const a = argInteger(args, 0);
      const b = argInteger(args, 1);
      const step = argNumber(args, 2);
      const s = toJSNumber(step);
      if (!Number.isInteger(s) || s <= 0) throw new BuiltinError('step must be a positive integer');
      return range(a, b, toBigInt(step));
    },
  },
  { name: 'round', args: ['number'], result: 'number', impl: (args) => numRound(argNumber(args, 0)) },
  { name: 'ceil', args: ['number'], result: 'number', impl: (args) => numCeil(argNumber(args, 0)) },
  { name: 'floor', args: ['number'], result: 'number', impl: (args) => numFloor(argNumber(args, 0)) },
  { name: 'abs', args: ['number'], result: 'number', impl: (args) => numAbs(argNumber(args, 0)) },
  bitsOp('bits.or', (a, b) => a | b),
  bitsOp('bits.and', (a, b) => a & b),
  bitsOp('bits.xor', (a, b) => a ^ b),
  {
    name: 'bits.negate',
    args: ['number'],
    result: 'number',
    impl: (args) => fromBigInt(~toBigInt(argInteger(args, 0))),
  },
  {
    name: 'bits.lsh',
    args: ['number', 'number'],
    result: 'number',
    impl: (args) => fromBigInt(toBigInt(argInteger(args, 0)) << shiftAmount(args)),
  },
  {
    name: 'bits.rsh',
    args: ['number', 'number'],
    result: 'number',
    impl: (args) => fromBigInt(toBigInt(argInteger(args, 0)) >> shiftAmount(args)),
  },
];
void numCompare;
