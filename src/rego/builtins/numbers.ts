/** numbers.*, rounding and bits.* builtins. */
import { argInteger, argNumber, BuiltinError, type BuiltinDef } from './registry.js';
import { fromBigInt, numAbs, numCeil, numCompare, numFloor, numRound, toBigInt, toJSNumber, type Num } from '../number.js';
import type { Value } from '../value.js';

function range(a: Num, b: Num, step: bigint): Value[] {
  const x = toBigInt(a);
  const y = toBigInt(b);
  const out: Value[] = [];
  const limit = 10_000_000;
  if (x <= y) for (let i = x; i <= y; i += step) out.push(fromBigInt(i));
  else for (let i = x; i >= y; i -= step) out.push(fromBigInt(i));
  if (out.length > limit) throw new BuiltinError('range too large');
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
