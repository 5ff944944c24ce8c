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
