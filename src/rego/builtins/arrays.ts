/** array.* builtins. */
import { argArray, argNumber, type BuiltinDef } from './registry.js';
import { isIntegerNum, toJSNumber } from '../number.js';
import { isArray, type Value } from '../value.js';

/** One level of flattening (OPA's array.flatten). */
function flatten(xs: Value[], out: Value[]): Value[] {
  for (const x of xs) {
    if (isArray(x)) out.push(...x);
    else out.push(x);
  }
  return out;
}

export const arrayBuiltins: BuiltinDef[] = [
  {
    name: 'array.concat',
    args: ['array', 'array'],
    result: 'array',
    impl: (args) => [...argArray(args, 0), ...argArray(args, 1)],
  },
  {
    name: 'array.slice',
    args: ['array', 'number', 'number'],
    result: 'array',
    impl: (args) => {
      const xs = argArray(args, 0);
      const a = argNumber(args, 1);
      const b = argNumber(args, 2);
      // OPA truncates non-integer indices and clamps to the array bounds
      let start = Math.trunc(toJSNumber(a));
      let stop = Math.trunc(toJSNumber(b));
      void isIntegerNum;
      if (start < 0) start = 0;
      if (stop > xs.length) stop = xs.length;
      if (start >= stop) return [];
      return xs.slice(start, stop);
    },
  },
  {
    name: 'array.reverse',
    args: ['array'],
    result: 'array',
    impl: (args) => [...argArray(args, 0)].reverse(),
  },
  {
    name: 'array.flatten',
    args: ['array'],
    result: 'array',
    impl: (args) => flatten(argArray(args, 0), []),
  },
];
