/**
 * Policies: the TypeScript policy API and the built-in policies.
 *
 *   const set = createPolicySet([...builtinPolicies({ pssLevel: 'restricted', pssVersion: '1.33' }), ...userPolicies]);
 *   const findings = set.run(resources, { kubernetesVersion, pssVersion, ruleOptions });
 *   // set.rules: every rule that ran, including policy/error
 *
 * A policy module default-exports (or exports) policies made with `definePolicy`;
 * `policiesFromModule(await import(file), file)` collects them.
 */
export * from './ts/index.js';
export * from './builtin/index.js';
export * from './presets.js';
export { loadUserPolicies, type UserPolicySet, type UserPolicyOptions } from './user/index.js';
export { loadRegoPolicies, DEFAULT_REGO_LIMITS, policyDirsOrDefault, runRegoPolicyTests, type RegoLoadOptions, type RegoPolicySet } from './rego/index.js';
export { loadWasmPolicies, type WasmLoadOptions, type WasmPolicySet } from './wasm/index.js';
export { loadGatekeeper, gatorTestRunner, isGatekeeperObject, GATEKEEPER_PARAMETERS_RULE, GATEKEEPER_UNSUPPORTED_RULE, type GatekeeperSet } from './gatekeeper/index.js';
export { isAdmissionPolicyObject, loadAdmissionPolicies, VAP_UNSUPPORTED_RULE, type AdmissionPolicySet } from './vap/index.js';
