/**
 * User policies: TypeScript and JavaScript policy modules loaded at run time from `--policy`
 * directories, without a build step by the user.
 *
 *   const set = await loadUserPolicies(settings.policies, { root, timeoutMs });
 *   try {
 *     const findings = [...set.loadFindings, ...(await set.run(resources, { kubernetesVersion, ruleOptions }))];
 *     // set.rules: the user rules, and policy/error
 *   } finally {
 *     await set.close();
 *   }
 *
 * discover.ts finds the files (only inside the directories), compile.ts bundles each with esbuild
 * (`syncgate` resolves to src/api.ts), host.ts runs them in a worker thread (worker.ts) with a time
 * budget per policy, and load.ts ties it together. docs/policies.md is the user's guide.
 */
export {
  DEFAULT_POLICY_MEMORY_MB,
  DEFAULT_POLICY_TIMEOUT_MS,
  loadUserPolicies,
  type UserPolicyOptions,
  type UserPolicySet,
} from './load.js';
export type { PolicyIdentity } from './findings.js';
export { RESERVED_NAMESPACES, USER_RULE_ID } from './rule-check.js';
