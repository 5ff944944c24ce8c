/**
 * http.send: declared so policies compile, refused unless network access is
 * enabled (the evaluator checks `network`). Even then syncgate evaluates
 * synchronously and does not make requests, so the call fails with an error.
 */
import { argObject, BuiltinError, type BuiltinDef } from './registry.js';

export const httpBuiltins: BuiltinDef[] = [
  {
    name: 'http.send',
    args: ['object'],
    result: 'object',
    network: true,
    nondeterministic: true,
    impl: (args) => {
      argObject(args, 0);
      throw new BuiltinError('http.send is not supported by syncgate (evaluation is offline)');
    },
  },
];
