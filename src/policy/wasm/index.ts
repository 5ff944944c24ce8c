/**
 * OPA Wasm policies and bundles through @open-policy-agent/opa-wasm, with syncgate's
 * Rego builtins supplied for the builtins the SDK lacks.
 *
 *   const set = loadWasmPolicies(settings.policies, { root });
 *   const findings = [...set.loadFindings, ...set.run(resources)];
 */
export { loadWasmPolicies, type WasmLoadOptions, type WasmPolicySet } from './load.js';
export { hostBuiltins, type HostBuiltin } from './builtins.js';
export { readTarGz, normaliseBundlePath } from './tar.js';
