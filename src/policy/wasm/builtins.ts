import { allBuiltins, BuiltinError, compilePolicy, fromJSON, toJSON, type BuiltinContext, type Value } from '../../rego/index.js';

/**
 * Host builtins for OPA Wasm modules: every builtin of syncgate's Rego engine, called
 * with JSON values as the SDK passes them (sets arrive as arrays, numbers as JS
 * numbers) and returning JSON. The SDK uses its own implementation first when it
 * has one (sprintf, regex.split, json/yaml helpers), so these fill in the builtins
 * the SDK lacks: object.keys, semver.*, strings.any_prefix_match, time.*, ...
 * A builtin error gives undefined (OPA's default, non-strict behaviour).
 */
export type HostBuiltin = (...args: unknown[]) => unknown;

export function hostBuiltins(options: { print?: (message: string) => void } = {}): Record<string, HostBuiltin> {
  const out: Record<string, HostBuiltin> = Object.create(null) as Record<string, HostBuiltin>;
  // The engine registers its builtin families when it first compiles; src/rego does not
  // export that step, so compile an empty module to make sure the registry is filled.
  if (allBuiltins().length === 0) compilePolicy([{ file: 'syncgate-wasm-host.rego', source: 'package syncgate_wasm_host' }]);
  for (const def of allBuiltins()) {
    if (def.network || def.relation) continue;
    out[def.name] = (...args: unknown[]): unknown => {
      const ctx: BuiltinContext = {
        nowNs: BigInt(Date.now()) * 1_000_000n,
        allowNetwork: false,
        cache: new Map(),
        print: options.print ?? (() => undefined),
      };
      try {
        const result = def.impl(args.map((a) => fromJSON(a) as Value), ctx);
        return result === undefined ? undefined : toJSON(result);
      } catch (e) {
        if (e instanceof BuiltinError) return undefined;
        throw e;
      }
    };
  }
  return out;
}
