/**
 * The builtin registry: every builtin is declared beside its implementation as a
 * `BuiltinDef` and registered by its family file (see README.md in this folder).
 *
 * An implementation receives evaluated, ground arguments and returns a Value, or
 * `undefined` for "no result". Errors are thrown as `BuiltinError`: the evaluator
 * turns them into "undefined" by default, and into `eval_builtin_error` /
 * `eval_type_error` when strict builtin errors are on (OPA's behaviour). The
 * evaluator prefixes the builtin name, so messages do not repeat it.
 */
import { isArray, isNumber, isObject, isSet, typeName, type Num, type ObjectValue, type SetValue, type Value } from '../value.js';
import { isIntegerNum } from '../number.js';

/** Declared type of an argument or result (used for compile-time arity/type checks and docs). */
export type ArgType =
  | 'any'
  | 'null'
  | 'boolean'
  | 'number'
  | 'string'
  | 'array'
  | 'object'
  | 'set'
  | readonly ArgType[]; // union

export interface BuiltinContext {
  /** time.now_ns value fixed for the whole query (nanoseconds since epoch) */
  readonly nowNs: bigint;
  /** whether builtins that reach the network (http.send, net.lookup_ip_addr) may run */
  readonly allowNetwork: boolean;
  /** per-query cache for builtins (e.g. memoised non-deterministic results); key with your builtin name */
  readonly cache: Map<string, unknown>;
  /** sink for print() output */
  print(message: string): void;
  /** environment exposed through opa.runtime() (undefined: no runtime information, opa.runtime() is {}) */
  readonly env?: Record<string, string>;
  /** where the call is (for messages): "file:line" */
  readonly location?: string;
}

export type BuiltinImpl = (args: Value[], ctx: BuiltinContext) => Value | undefined;

export interface BuiltinDef {
  /** full name as written in Rego, e.g. "strings.replace_n"; operators use OPA's names ("plus", "equal"...) */
  readonly name: string;
  /** argument types; the arity is args.length */
  readonly args: readonly ArgType[];
  /** type of the result */
  readonly result: ArgType;
  /** accepts any number of arguments of this type after `args` (print) */
  readonly variadic?: ArgType;
  /** result may differ between calls with equal arguments (rand, time.now_ns, uuid) */
  readonly nondeterministic?: boolean;
  /** reaches the network; refused with an error unless the context allows it */
  readonly network?: boolean;
  /** removed in Rego v1 (only callable from v0 modules) */
  readonly deprecated?: boolean;
  /** the implementation returns every result as an array (a relation, e.g. walk) */
  readonly relation?: boolean;
  readonly impl: BuiltinImpl;
}

export type BuiltinErrorCode = 'eval_builtin_error' | 'eval_type_error';

/** An error raised by a builtin. Undefined result unless strict builtin errors are on. */
export class BuiltinError extends Error {
  constructor(
    message: string,
    readonly code: BuiltinErrorCode = 'eval_builtin_error',
  ) {
    super(message);
    this.name = 'BuiltinError';
  }
}

/** An error that always stops evaluation, strict or not (e.g. network refused). */
export class BuiltinHalt extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuiltinHalt';
  }
}

const registry = new Map<string, BuiltinDef>();

/** Register a family of builtins. A later registration of the same name replaces the earlier one. */
export function registerBuiltins(defs: readonly BuiltinDef[]): void {
  for (const d of defs) registry.set(d.name, d);
}

export function getBuiltin(name: string): BuiltinDef | undefined {
  return registry.get(name);
}

export function allBuiltins(): BuiltinDef[] {
  return [...registry.values()];
}

// ------------------------------------------------------------------ argument helpers

function describe(expected: readonly string[]): string {
  return expected.length === 1 ? expected[0]! : `one of {${expected.join(', ')}}`;
}

/** `operand N must be <expected> but got <type>` as OPA words it (eval_type_error). */
export function operandTypeError(position: number, got: Value, ...expected: string[]): BuiltinError {
  return new BuiltinError(`operand ${position} must be ${describe(expected)} but got ${typeName(got)}`, 'eval_type_error');
}

/** Argument i (0-based) must be a string. */
export function argString(args: Value[], i: number): string {
  const v = args[i]!;
  if (typeof v !== 'string') throw operandTypeError(i + 1, v, 'string');
  return v;
}

export function argNumber(args: Value[], i: number): Num {
  const v = args[i]!;
  if (!isNumber(v)) throw operandTypeError(i + 1, v, 'number');
  return v;
}

/** An integer number, with OPA's "must be integer number but got floating-point number". */
export function argInteger(args: Value[], i: number): Num {
  const v = argNumber(args, i);
  if (!isIntegerNum(v)) throw new BuiltinError(`operand ${i + 1} must be integer number but got floating-point number`, 'eval_type_error');
  return v;
}

export function argBoolean(args: Value[], i: number): boolean {
  const v = args[i]!;
  if (typeof v !== 'boolean') throw operandTypeError(i + 1, v, 'boolean');
  return v;
}

export function argArray(args: Value[], i: number): Value[] {
  const v = args[i]!;
  if (!isArray(v)) throw operandTypeError(i + 1, v, 'array');
  return v;
}

export function argObject(args: Value[], i: number): ObjectValue {
  const v = args[i]!;
  if (!isObject(v)) throw operandTypeError(i + 1, v, 'object');
  return v;
}

export function argSet(args: Value[], i: number): SetValue {
  const v = args[i]!;
  if (!isSet(v)) throw operandTypeError(i + 1, v, 'set');
  return v;
}

/**
 * A `<format>.is_valid` builtin: true when the argument is a string that `parse` accepts,
 * false otherwise (a non-string is false, not a type error, as in OPA).
 */
export function parsesAsBuiltin(name: string, parse: (text: string) => unknown): BuiltinDef {
  return {
    name,
    args: ['string'],
    result: 'boolean',
    impl: (args) => {
      const s = args[0];
      if (typeof s !== 'string') return false;
      try {
        parse(s);
        return true;
      } catch {
        return false;
      }
    },
  };
}
