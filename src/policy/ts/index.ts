export { definePolicy, isPolicy } from './define.js';
export { policiesFromModule } from './module.js';
export { createPolicySet, targetFor } from './policy-set.js';
export { createResourceIndex } from './resource-index.js';
export { WORKLOAD_KINDS, podTemplateOf, type PodTemplate } from './workloads.js';
export { POLICY_ERROR_RULE } from './errors.js';
export { createRepositoryView } from './repository.js';
export type {
  CheckResult,
  Policy,
  PolicyContext,
  PolicyDefinition,
  PolicySet,
  PolicySetRunOptions,
  RepositoryView,
  ResourceCheck,
  ResourceIndex,
  ResourcePolicyDefinition,
  ResourceTarget,
  Target,
  TargetPath,
  Violation,
  WorkloadCheck,
  WorkloadPolicyDefinition,
  WorkloadTarget,
} from './types.js';
