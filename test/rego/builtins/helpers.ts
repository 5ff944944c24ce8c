/** Call registered builtins directly, as the evaluator would (ground arguments). */
import { getBuiltin, registerAllBuiltins, BuiltinError, type BuiltinContext } from '../../../src/rego/builtins/index.js';
import { fromJSON, parseJSON, toJSONText, type Value } from '../../../src/rego/value.js';

registerAllBuiltins();

export function context(overrides: Partial<BuiltinContext> = {}): BuiltinContext {
  return {
    nowNs: 1_700_000_000_000_000_000n,
    allowNetwork: false,
    cache: new Map(),
    print: () => {},
    env: {},
    ...overrides,
  };
}

/** Call a builtin; plain JS arguments go through fromJSON. */
export function call(name: string, ...args: unknown[]): Value | undefined {
  const def = getBuiltin(name);
  if (!def) throw new Error(`builtin ${name} is not registered`);
  return def.impl(args.map((a) => fromJSON(a)), context());
}

/** Call with Values (sets, big numbers) as they are. */
export function callValues(name: string, args: Value[], ctx = context()): Value | undefined {
  const def = getBuiltin(name);
  if (!def) throw new Error(`builtin ${name} is not registered`);
  return def.impl(args, ctx);
}

/** The result as exact JSON text (sets become sorted arrays). */
export function json(v: Value | undefined): string | undefined {
  return v === undefined ? undefined : toJSONText(v);
}

/** The BuiltinError a call raises, as "code: message". */
export function error(name: string, ...args: unknown[]): string {
  try {
    call(name, ...args);
  } catch (e) {
    if (e instanceof BuiltinError) return `${e.code}: ${e.message}`;
    throw e;
  }
  throw new Error(`${name} did not fail`);
}

/** A number Value from its literal text (keeps big numbers exact). */
export const num = (text: string): Value => parseJSON(text);
