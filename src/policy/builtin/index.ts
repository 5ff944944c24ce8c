import type { Policy } from '../ts/index.js';
import { pssPolicies, type PssOptions } from './pss/index.js';

export {
  LATEST_PSS_VERSION,
  PSS_CONTROLS,
  PSS_RULES,
  PSS_VERSIONS,
  parsePssVersion,
  pssControlsFor,
  pssPolicies,
  type PssControl,
  type PssLevel,
  type PssOptions,
  type PssVersion,
} from './pss/index.js';

export {
  BEST_PRACTICE_POLICIES,
  BEST_PRACTICE_RULES,
  PSS_EQUIVALENTS,
  bestPracticePolicies,
} from './best-practice/index.js';
export { GITOPS_POLICIES, GITOPS_RULES, gitopsPolicies } from './gitops/index.js';

export type BuiltinPolicyOptions = PssOptions;

/** Every built-in policy (today: the Pod Security Standards at the given level and version). */
export function builtinPolicies(options: BuiltinPolicyOptions = {}): Policy[] {
  return pssPolicies(options);
}
export { builtinRegoPolicies, loadBuiltinRego, builtinRegoDir } from './rego/index.js';
