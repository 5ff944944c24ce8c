import type { Rule } from '../../../model/index.js';
import type { Policy } from '../../ts/index.js';
import { availabilityPolicies } from './availability.js';
import { envPolicies } from './env.js';
import { hostPolicies } from './host.js';
import { imagePolicies } from './images.js';
import { jobPolicies } from './jobs.js';
import { metadataPolicies } from './metadata.js';
import { networkPolicyPolicies } from './network-policy.js';
import { portPolicies } from './ports.js';
import { probePolicies } from './probes.js';
import { rbacPolicies } from './rbac.js';
import { resourcePolicies } from './resources.js';
import { securityContextPolicies } from './security-context.js';
import { serviceAccountPolicies } from './service-account.js';
import { servicePolicies } from './services.js';
import { volumePolicies } from './volumes.js';

export { looksSecret } from './env.js';
export { parseImage, type ImageRef } from './pod.js';

/** Every workload best practice (`k8s/...`), grouped by topic. Policies are immutable and stateless: share them. */
export const BEST_PRACTICE_POLICIES: readonly Policy[] = Object.freeze([
  ...securityContextPolicies,
  ...hostPolicies,
  ...volumePolicies,
  ...envPolicies,
  ...rbacPolicies,
  ...serviceAccountPolicies,
  ...imagePolicies,
  ...resourcePolicies,
  ...probePolicies,
  ...servicePolicies,
  ...availabilityPolicies,
  ...networkPolicyPolicies,
  ...portPolicies,
  ...jobPolicies,
  ...metadataPolicies,
]);

export const BEST_PRACTICE_RULES: readonly Rule[] = Object.freeze(BEST_PRACTICE_POLICIES.map((p) => p.rule));

/**
 * Best practices that report what a Pod Security Standards control already reports on the same
 * field. Presets leave them out when that control runs (a user can still enable them by id).
 */
export const PSS_EQUIVALENTS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'k8s/host-network': ['pss/host-namespaces'],
  'k8s/host-pid': ['pss/host-namespaces'],
  'k8s/host-ipc': ['pss/host-namespaces'],
  'k8s/privileged-container': ['pss/privileged'],
  'k8s/dangerous-capabilities': ['pss/capabilities-baseline', 'pss/capabilities-restricted'],
  'k8s/net-raw-not-dropped': ['pss/capabilities-restricted'],
  'k8s/host-path-volume': ['pss/host-path-volumes', 'pss/restricted-volumes'],
  'k8s/unsafe-sysctls': ['pss/sysctls'],
  'k8s/privilege-escalation-allowed': ['pss/allow-privilege-escalation'],
  'k8s/run-as-non-root': ['pss/run-as-non-root'],
  'k8s/run-as-root-user': ['pss/run-as-user'],
  'k8s/host-port': ['pss/host-ports'],
});

/** The best-practice policies (all of them: presets choose). */
export function bestPracticePolicies(): Policy[] {
  return [...BEST_PRACTICE_POLICIES];
}
