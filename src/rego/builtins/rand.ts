/**
 * rand.intn: a random integer in [0, |n|), the same for the same (key, n) within a query.
 */
import { randomInt } from 'node:crypto';
import { argInteger, argString, type BuiltinContext, type BuiltinDef } from './registry.js';
import { fromBigInt } from '../number.js';
import { exactBigInt } from './num-util.js';

function randomBelow(n: bigint): bigint {
  if (n <= 0n) return 0n;
  if (n <= 281474976710655n) return BigInt(randomInt(Number(n)));
  // wide ranges: rejection sampling over random bits
  const bits = n.toString(2).length;
  for (;;) {
    let r = 0n;
    for (let i = 0; i < bits; i += 32) r = (r << 32n) | BigInt(randomInt(2 ** 32));
    r &= (1n << BigInt(bits)) - 1n;
    if (r < n) return r;
  }
}

export const randBuiltins: BuiltinDef[] = [
  {
    name: 'rand.intn',
    args: ['string', 'number'],
    result: 'number',
    nondeterministic: true,
    impl: (args, ctx: BuiltinContext) => {
      const str = argString(args, 0);
      let n = exactBigInt(argInteger(args, 1));
      if (n < 0n) n = -n;
      const key = `rand.intn:${JSON.stringify(str)}:${n}`;
      let v = ctx.cache.get(key) as bigint | undefined;
      if (v === undefined) ctx.cache.set(key, (v = randomBelow(n)));
      return fromBigInt(v);
    },
  },
];
