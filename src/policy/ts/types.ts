import type { PodSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { Finding, Resource, Rule, Severity } from '../../model/index.js';

/** A path relative to the check's target: a JSON pointer (`/containers/0/image`) or its segments. */
export type TargetPath = string | ReadonlyArray<string | number>;

/** What a check reports. The policy set turns each violation into a `Finding`. */
export interface Violation {
  message: string;
  /**
   * Where the problem is, relative to the target (the resource object, or the pod spec for workload
   * policies). Omitted or empty: the target itself. A field that does not exist is reported at its
   * nearest existing parent; name what to set in the message.
   */
  path?: TargetPath;
  /** An absolute JSON pointer into the resource object instead of `path` (e.g. pod template annotations). */
  pointer?: string;
  /** Overrides the rule's default severity for this occurrence. */
  severity?: Severity;
  /** Extra data carried into `Finding.properties`. */
  properties?: Record<string, unknown>;
}

/** The target of a policy that names kinds: the whole resource. */
export interface ResourceTarget {
  type: 'resource';
  resource: Resource;
  object: Record<string, unknown>;
  /** Always '' (paths are relative to the resource object). */
  pointer: '';
}

/** The target of a `'workloads'` policy: the pod spec and pod metadata inside any kind that carries a pod template. */
export interface WorkloadTarget {
  type: 'workload';
  resource: Resource;
  /** The pod spec, typed but unvalidated: values come from user manifests, so check types before trusting them. */
  podSpec: PodSpec;
  /** The pod metadata (`metadata` of a Pod, `template.metadata` of controllers); `{}` when absent. */
  podMetadata: ObjectMeta;
  /** JSON pointer of the pod spec inside the resource: `/spec`, `/spec/template/spec`, ... */
  pointer: string;
  /** JSON pointer of the pod metadata inside the resource: `/metadata`, `/spec/template/metadata`, ... */
  metadataPointer: string;
}

export type Target = ResourceTarget | WorkloadTarget;

/** Every resource of the run, indexed. Kinds match on `kind` alone (any API group). */
export interface ResourceIndex {
  readonly all: readonly Resource[];
  byKind(kind: string): readonly Resource[];
  /** `namespace` undefined for cluster-scoped objects. First definition wins when there are duplicates. */
  get(kind: string, namespace: string | undefined, name: string): Resource | undefined;
  /** Resources of a kind whose metadata.namespace is `namespace` (undefined: those without one). Indexed: cheap per call. */
  inNamespace(kind: string, namespace: string | undefined): readonly Resource[];
}

/** A read-only view of the repository being checked (see `createRepositoryView`). */
export interface RepositoryView {
  /** Absolute, symlink-resolved repository root. */
  readonly root: string;
  /**
   * True when `relPath` (relative to the root, forward slashes, `./` allowed) exists inside the root.
   * False for absolute paths, `..` escapes, backslashes and symlinks leading out of the root.
   */
  exists(relPath: string): boolean;
}

export interface PolicyContext {
  resources: ResourceIndex;
  /** The repository the run checks, when the run has one on disk (not for stdin or admission requests). */
  repository?: RepositoryView;
  /** Target Kubernetes minor version, e.g. `1.33`, when the run has one. */
  kubernetesVersion?: string;
  /** Pod Security Standards version option of the run (e.g. `1.37`), when set. */
  pssVersion?: string;
  /** Options configured for this policy's rule (empty object when none). */
  options: Readonly<Record<string, unknown>>;
}

export type CheckResult = Iterable<Violation> | void | undefined;

export type WorkloadCheck = (target: WorkloadTarget, ctx: PolicyContext) => CheckResult;
export type ResourceCheck = (target: ResourceTarget, ctx: PolicyContext) => CheckResult;

export interface WorkloadPolicyDefinition {
  rule: Rule;
  kinds: 'workloads';
  check: WorkloadCheck;
  /** File that defines the policy; derived from the call stack of `definePolicy` when omitted. */
  source?: string;
}

export interface ResourcePolicyDefinition {
  rule: Rule;
  /** Kinds this policy applies to (`kind` field, any group). */
  kinds: readonly string[];
  check: ResourceCheck;
  source?: string;
}

export type PolicyDefinition = WorkloadPolicyDefinition | ResourcePolicyDefinition;

/** A compiled policy: a definition with its source file resolved. Immutable. */
export type Policy = Readonly<PolicyDefinition & { source: string }>;

export interface PolicySetRunOptions {
  kubernetesVersion?: string;
  /** The repository on disk (`createRepositoryView(root)`); policies that read paths skip when absent. */
  repository?: RepositoryView;
  pssVersion?: string;
  /** Rule options by rule id, from the config. */
  ruleOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface PolicySet {
  readonly policies: readonly Policy[];
  /** The rules of every policy in the set (unique by id) plus `policy/error`. */
  readonly rules: readonly Rule[];
  run(resources: readonly Resource[], options?: PolicySetRunOptions): Finding[];
}
