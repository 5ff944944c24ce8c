/**
 * The public API of syncgate: what `import ... from 'syncgate'` gives a policy module.
 *
 *   import { definePolicy } from 'syncgate';
 *
 *   export default definePolicy({
 *     rule: { id: 'custom/require-team-label', title: ..., severity: 'medium', description: ..., remediation: ..., helpUri: ..., tags: [] },
 *     kinds: ['Deployment', 'StatefulSet'],
 *     *check({ object }) { ... yield { message, path: ['metadata', 'labels'] }; },
 *   });
 *
 * When syncgate loads user policies it maps the specifier `syncgate` to this module of the running
 * copy (see src/policy/user/compile.ts), so policies need no node_modules; installing syncgate as
 * a dev dependency only gives the editor these types. This module is imported into the policy
 * worker thread: keep it light (the policy API and the model, no engine, loaders or reporters).
 */
export { definePolicy, isPolicy, podTemplateOf, WORKLOAD_KINDS } from './policy/ts/index.js';
export type {
  CheckResult,
  Policy,
  PolicyContext,
  PolicyDefinition,
  PodTemplate,
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
} from './policy/ts/index.js';
export { SEVERITIES } from './model/severity.js';
export type { Range } from './model/position.js';
export type { Resource, ResourceRef, SourceRef } from './model/resource.js';
export type { Rule, RuleTag } from './model/rule.js';
export type { Severity } from './model/severity.js';

// Kubernetes object types (kubernetes-types), for typing what a check reads.
export type {
  Container,
  ContainerPort,
  EnvVar,
  PodSpec,
  PodTemplateSpec,
  Probe,
  ResourceRequirements,
  SecurityContext,
  PodSecurityContext,
  Service,
  ServiceSpec,
  Volume,
  ConfigMap,
  Secret,
  Namespace,
  ServiceAccount,
} from 'kubernetes-types/core/v1.js';
export type { LabelSelector, ObjectMeta } from 'kubernetes-types/meta/v1.js';
export type { DaemonSet, Deployment, DeploymentSpec, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
export type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
export type { Ingress, NetworkPolicy } from 'kubernetes-types/networking/v1.js';
export type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
export type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';
/** The main groups of kubernetes-types as namespaces: `corev1.Pod`, `appsv1.Deployment`. */
export type * as corev1 from 'kubernetes-types/core/v1.js';
export type * as metav1 from 'kubernetes-types/meta/v1.js';
export type * as appsv1 from 'kubernetes-types/apps/v1.js';
export type * as batchv1 from 'kubernetes-types/batch/v1.js';
export type * as networkingv1 from 'kubernetes-types/networking/v1.js';
export type * as policyv1 from 'kubernetes-types/policy/v1.js';
export type * as rbacv1 from 'kubernetes-types/rbac/v1.js';
