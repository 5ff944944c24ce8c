/** Language-level builtins: walk, print, trace, opa.runtime. */
import { argString, BuiltinError, type BuiltinDef } from './registry.js';
import { moduleJSON } from '../ast-json.js';
import { RegoError } from '../errors.js';
import { parseModule } from '../parser.js';
import { isArray, isObject, isSet, ObjectValue, type Value } from '../value.js';

/** All [path, value] pairs of a document, pre-order, collections in sorted order. */
function walkValue(v: Value, path: Value[], out: Value[]): void {
  out.push([path, v]);
  if (isArray(v)) v.forEach((x, i) => walkValue(x, [...path, i], out));
  else if (isObject(v)) for (const k of v.sortedKeys()) walkValue(v.get(k)!, [...path, k], out);
  else if (isSet(v)) for (const x of v.sorted()) walkValue(x, [...path, x], out);
}

export const coreBuiltins: BuiltinDef[] = [
  {
    name: 'walk',
    args: ['any'],
    result: 'array',
    relation: true,
    impl: ([v]) => {
      const out: Value[] = [];
      walkValue(v!, [], out);
      return out as unknown as Value;
    },
  },
  // print is evaluated by the evaluator (undefined arguments print as <undefined>)
  { name: 'print', args: [], variadic: 'any', result: 'boolean', impl: () => true },
  {
    name: 'trace',
    args: ['string'],
    result: 'boolean',
    impl: ([note], ctx) => {
      if (typeof note === 'string') ctx.print(`trace: ${note}`);
      return true;
    },
  },
  {
    name: 'rego.parse_module',
    args: ['string', 'string'],
    result: 'object',
    impl: (args) => {
      const file = argString(args, 0);
      const source = argString(args, 1);
      try {
        return moduleJSON(parseModule(source, file));
      } catch (e) {
        if (e instanceof RegoError) throw new BuiltinError(e.message);
        throw e;
      }
    },
  },
  // answered by the evaluator, which knows the rule being evaluated
  { name: 'rego.metadata.rule', args: [], result: 'object', impl: () => undefined },
  { name: 'rego.metadata.chain', args: [], result: 'array', impl: () => undefined },
  {
    name: 'opa.runtime',
    args: [],
    result: 'object',
    nondeterministic: true,
    impl: (_args, ctx) => {
      if (!ctx.env) return new ObjectValue();
      const env = new ObjectValue();
      for (const [k, v] of Object.entries(ctx.env)) env.set(k, v);
      return ObjectValue.fromRecord({ env, version: 'syncgate', commit: '' });
    },
  },
];
