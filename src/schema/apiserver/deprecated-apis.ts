/**
 * The Kubernetes API versions that were deprecated or removed, as data.
 *
 * Facts come from the Kubernetes deprecated API migration guide
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/), the deprecation warnings
 * the API server itself returns ("X is deprecated in v1.N+, unavailable in v1.M+"), and, for
 * alpha APIs the guide does not cover (alpha APIs may disappear without a deprecation period),
 * the release notes of the release that dropped them.
 */

export type ApiStage = 'alpha' | 'beta' | 'ga';

export interface ApiReplacement {
  /** The apiVersion to use instead. */
  readonly apiVersion: string;
  /** Only when the kind changes too (v1 Endpoints → EndpointSlice). */
  readonly kind?: string;
  /** The minor release from which the replacement is served, e.g. `1.19`. */
  readonly availableIn: string;
}

export interface DeprecatedApi {
  /** As written in a manifest: `extensions/v1beta1`, or `v1` for the core group. */
  readonly apiVersion: string;
  /** The kind, or `*` for every kind served by that apiVersion (matched when no exact entry exists). */
  readonly kind: string;
  readonly stage: ApiStage;
  /** The minor release that deprecated it (for alpha APIs: the release that superseded it). */
  readonly deprecatedIn: string;
  /** The first minor release that no longer serves it; absent when no removal is scheduled. */
  readonly removedIn?: string;
  /** Absent when there is no like-for-like replacement (see `note`). */
  readonly replacement?: ApiReplacement;
  /** What changes when migrating, when it is more than a rename of apiVersion. */
  readonly note?: string;
}

const APPS_V1 = { apiVersion: 'apps/v1', availableIn: '1.9' } as const;

const DEPLOYMENT_NOTE =
  'spec.selector is required and immutable (use the template labels); spec.rollbackTo is removed; ' +
  'progressDeadlineSeconds defaults to 600, revisionHistoryLimit to 10, maxSurge/maxUnavailable to 25%';
const DAEMONSET_NOTE =
  'spec.selector is required and immutable (use the template labels); spec.templateGeneration is removed; ' +
  'spec.updateStrategy.type defaults to RollingUpdate (was OnDelete in extensions/v1beta1)';
const STATEFULSET_NOTE =
  'spec.selector is required and immutable (use the template labels); ' +
  'spec.updateStrategy.type defaults to RollingUpdate (was OnDelete in apps/v1beta1)';
const REPLICASET_NOTE = 'spec.selector is required and immutable (use the template labels)';
const INGRESS_NOTE =
  'spec.backend is renamed spec.defaultBackend; backend serviceName becomes service.name; numeric servicePort becomes ' +
  'service.port.number and named servicePort becomes service.port.name; pathType is required on every path ' +
  '(ImplementationSpecific matches the old behaviour)';
const WEBHOOK_NOTE =
  'webhooks[*].sideEffects (None or NoneOnDryRun) and admissionReviewVersions are required; defaults change: ' +
  'failurePolicy Fail, matchPolicy Equivalent, timeoutSeconds 10; webhook names must be unique';
const CRD_NOTE =
  'spec.scope must be set; spec.version, spec.validation, spec.subresources and spec.additionalPrinterColumns move ' +
  'into spec.versions[*] (schema, subresources, additionalPrinterColumns); every version needs a structural ' +
  'openAPIV3Schema; spec.preserveUnknownFields: true is replaced by x-kubernetes-preserve-unknown-fields; ' +
  'JSONPath in printer columns is renamed jsonPath; conversion webhook settings move under spec.conversion.webhook';
const SAR_NOTE = 'spec.group is renamed spec.groups';
const CSR_NOTE =
  'spec.signerName is required (kubernetes.io/legacy-unknown cannot be requested); spec.usages is required and ' +
  'may only hold known, unique usages';
const PLC_V1BETA3_NOTE =
  'PriorityLevelConfiguration spec.limited.assuredConcurrencyShares is renamed spec.limited.nominalConcurrencyShares';
const PLC_V1_NOTE =
  PLC_V1BETA3_NOTE + '; in v1 it defaults to 30 only when unset, and an explicit 0 stays 0';
const EVENT_NOTE =
  'type is limited to Normal and Warning; involvedObject is renamed regarding; action, reason, reportingController ' +
  'and reportingInstance are required; use eventTime, series.lastObservedTime and series.count instead of ' +
  'firstTimestamp, lastTimestamp and count; source.component and source.host become reportingController and reportingInstance';
const ENDPOINTSLICE_NOTE =
  'use the per-endpoint nodeName and zone fields instead of topology["kubernetes.io/hostname"] and ' +
  'topology["topology.kubernetes.io/zone"]; topology becomes deprecatedTopology, which is not writable';
const HPA_V2_NOTE =
  'metrics targets move under target: targetAverageUtilization becomes target.averageUtilization with ' +
  'target.type Utilization, targetAverageValue becomes target.averageValue with target.type AverageValue';
const PDB_NOTE =
  'an empty spec.selector ({}) selects every pod in the namespace in policy/v1 (it selected none in policy/v1beta1); ' +
  'an unset selector still selects none';
const PSP_NOTE =
  'PodSecurityPolicy has no replacement in the Kubernetes API: use Pod Security Admission ' +
  '(pod-security.kubernetes.io/* namespace labels) or a policy engine';

function each(apiVersions: string[], kinds: string[], entry: Omit<DeprecatedApi, 'apiVersion' | 'kind'>): DeprecatedApi[] {
  return apiVersions.flatMap((apiVersion) => kinds.map((kind) => ({ apiVersion, kind, ...entry })));
}

export const DEPRECATED_APIS: readonly DeprecatedApi[] = deepFreeze([
  // ── Removed in v1.16 ──────────────────────────────────────────────────────────────────────
  ...each(['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'], ['Deployment'], {
    stage: 'beta', deprecatedIn: '1.9', removedIn: '1.16', replacement: APPS_V1, note: DEPLOYMENT_NOTE,
  }),
  ...each(['extensions/v1beta1', 'apps/v1beta2'], ['DaemonSet'], {
    stage: 'beta', deprecatedIn: '1.9', removedIn: '1.16', replacement: APPS_V1, note: DAEMONSET_NOTE,
  }),
  ...each(['apps/v1beta1', 'apps/v1beta2'], ['StatefulSet'], {
    stage: 'beta', deprecatedIn: '1.9', removedIn: '1.16', replacement: APPS_V1, note: STATEFULSET_NOTE,
  }),
  ...each(['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'], ['ReplicaSet'], {
    stage: 'beta', deprecatedIn: '1.9', removedIn: '1.16', replacement: APPS_V1, note: REPLICASET_NOTE,
  }),
  // apps/v1beta1 and apps/v1beta2 stopped being served as a whole (ControllerRevision included).
  ...each(['apps/v1beta1', 'apps/v1beta2'], ['*'], {
    stage: 'beta', deprecatedIn: '1.9', removedIn: '1.16', replacement: APPS_V1,
  }),
  {
    apiVersion: 'extensions/v1beta1', kind: 'NetworkPolicy', stage: 'beta', deprecatedIn: '1.9', removedIn: '1.16',
    replacement: { apiVersion: 'networking.k8s.io/v1', availableIn: '1.8' },
  },
  {
    apiVersion: 'extensions/v1beta1', kind: 'PodSecurityPolicy', stage: 'beta', deprecatedIn: '1.10', removedIn: '1.16',
    replacement: { apiVersion: 'policy/v1beta1', availableIn: '1.10' },
  },
  {
    apiVersion: 'scheduling.k8s.io/v1alpha1', kind: 'PriorityClass', stage: 'alpha', deprecatedIn: '1.14', removedIn: '1.17',
    replacement: { apiVersion: 'scheduling.k8s.io/v1', availableIn: '1.14' },
  },
  // ── Removed in v1.21 ──────────────────────────────────────────────────────────────────────
  {
    apiVersion: 'batch/v2alpha1', kind: 'CronJob', stage: 'alpha', deprecatedIn: '1.21', removedIn: '1.21',
    replacement: { apiVersion: 'batch/v1', availableIn: '1.21' },
  },
  // ── Removed in v1.22 ──────────────────────────────────────────────────────────────────────
  ...each(['admissionregistration.k8s.io/v1beta1'], ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], {
    stage: 'beta', deprecatedIn: '1.16', removedIn: '1.22',
    replacement: { apiVersion: 'admissionregistration.k8s.io/v1', availableIn: '1.16' }, note: WEBHOOK_NOTE,
  }),
  {
    apiVersion: 'apiextensions.k8s.io/v1beta1', kind: 'CustomResourceDefinition', stage: 'beta', deprecatedIn: '1.16', removedIn: '1.22',
    replacement: { apiVersion: 'apiextensions.k8s.io/v1', availableIn: '1.16' }, note: CRD_NOTE,
  },
  {
    apiVersion: 'apiregistration.k8s.io/v1beta1', kind: 'APIService', stage: 'beta', deprecatedIn: '1.19', removedIn: '1.22',
    replacement: { apiVersion: 'apiregistration.k8s.io/v1', availableIn: '1.10' },
  },
  {
    apiVersion: 'authentication.k8s.io/v1beta1', kind: 'TokenReview', stage: 'beta', deprecatedIn: '1.19', removedIn: '1.22',
    replacement: { apiVersion: 'authentication.k8s.io/v1', availableIn: '1.6' },
  },
  ...each(['authorization.k8s.io/v1beta1'], ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview'], {
    stage: 'beta', deprecatedIn: '1.19', removedIn: '1.22',
    replacement: { apiVersion: 'authorization.k8s.io/v1', availableIn: '1.6' }, note: SAR_NOTE,
  }),
  {
    apiVersion: 'authorization.k8s.io/v1beta1', kind: '*', stage: 'beta', deprecatedIn: '1.19', removedIn: '1.22',
    replacement: { apiVersion: 'authorization.k8s.io/v1', availableIn: '1.6' },
  },
  {
    apiVersion: 'certificates.k8s.io/v1beta1', kind: 'CertificateSigningRequest', stage: 'beta', deprecatedIn: '1.19', removedIn: '1.22',
    replacement: { apiVersion: 'certificates.k8s.io/v1', availableIn: '1.19' }, note: CSR_NOTE,
  },
  {
    apiVersion: 'coordination.k8s.io/v1beta1', kind: 'Lease', stage: 'beta', deprecatedIn: '1.19', removedIn: '1.22',
    replacement: { apiVersion: 'coordination.k8s.io/v1', availableIn: '1.14' },
  },
  {
    apiVersion: 'extensions/v1beta1', kind: 'Ingress', stage: 'beta', deprecatedIn: '1.14', removedIn: '1.22',
    replacement: { apiVersion: 'networking.k8s.io/v1', availableIn: '1.19' }, note: INGRESS_NOTE,
  },
  {
    apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', stage: 'beta', deprecatedIn: '1.19', removedIn: '1.22',
    replacement: { apiVersion: 'networking.k8s.io/v1', availableIn: '1.19' }, note: INGRESS_NOTE,
  },
  {
    apiVersion: 'networking.k8s.io/v1beta1', kind: 'IngressClass', stage: 'beta', deprecatedIn: '1.19', removedIn: '1.22',
    replacement: { apiVersion: 'networking.k8s.io/v1', availableIn: '1.19' },
  },
  ...each(['rbac.authorization.k8s.io/v1beta1'], ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], {
    stage: 'beta', deprecatedIn: '1.17', removedIn: '1.22',
    replacement: { apiVersion: 'rbac.authorization.k8s.io/v1', availableIn: '1.8' },
  }),
  ...each(['rbac.authorization.k8s.io/v1alpha1'], ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], {
    stage: 'alpha', deprecatedIn: '1.17', removedIn: '1.22',
    replacement: { apiVersion: 'rbac.authorization.k8s.io/v1', availableIn: '1.8' },
  }),
  {
    apiVersion: 'scheduling.k8s.io/v1beta1', kind: 'PriorityClass', stage: 'beta', deprecatedIn: '1.14', removedIn: '1.22',
    replacement: { apiVersion: 'scheduling.k8s.io/v1', availableIn: '1.14' },
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1', kind: 'CSIDriver', stage: 'beta', deprecatedIn: '1.19', removedIn: '1.22',
    replacement: { apiVersion: 'storage.k8s.io/v1', availableIn: '1.19' },
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1', kind: 'CSINode', stage: 'beta', deprecatedIn: '1.17', removedIn: '1.22',
    replacement: { apiVersion: 'storage.k8s.io/v1', availableIn: '1.17' },
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1', kind: 'StorageClass', stage: 'beta', deprecatedIn: '1.19', removedIn: '1.22',
    replacement: { apiVersion: 'storage.k8s.io/v1', availableIn: '1.6' },
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1', kind: 'VolumeAttachment', stage: 'beta', deprecatedIn: '1.19', removedIn: '1.22',
    replacement: { apiVersion: 'storage.k8s.io/v1', availableIn: '1.13' },
  },
  // ── Removed in v1.25 ──────────────────────────────────────────────────────────────────────
  {
    apiVersion: 'batch/v1beta1', kind: 'CronJob', stage: 'beta', deprecatedIn: '1.21', removedIn: '1.25',
    replacement: { apiVersion: 'batch/v1', availableIn: '1.21' },
  },
  {
    apiVersion: 'discovery.k8s.io/v1beta1', kind: 'EndpointSlice', stage: 'beta', deprecatedIn: '1.21', removedIn: '1.25',
    replacement: { apiVersion: 'discovery.k8s.io/v1', availableIn: '1.21' }, note: ENDPOINTSLICE_NOTE,
  },
  {
    apiVersion: 'events.k8s.io/v1beta1', kind: 'Event', stage: 'beta', deprecatedIn: '1.19', removedIn: '1.25',
    replacement: { apiVersion: 'events.k8s.io/v1', availableIn: '1.19' }, note: EVENT_NOTE,
  },
  {
    apiVersion: 'autoscaling/v2beta1', kind: 'HorizontalPodAutoscaler', stage: 'beta', deprecatedIn: '1.22', removedIn: '1.25',
    replacement: { apiVersion: 'autoscaling/v2', availableIn: '1.23' }, note: HPA_V2_NOTE,
  },
  {
    apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', stage: 'beta', deprecatedIn: '1.21', removedIn: '1.25',
    replacement: { apiVersion: 'policy/v1', availableIn: '1.21' }, note: PDB_NOTE,
  },
  {
    apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', stage: 'beta', deprecatedIn: '1.21', removedIn: '1.25',
    note: PSP_NOTE,
  },
  {
    apiVersion: 'node.k8s.io/v1beta1', kind: 'RuntimeClass', stage: 'beta', deprecatedIn: '1.22', removedIn: '1.25',
    replacement: { apiVersion: 'node.k8s.io/v1', availableIn: '1.20' },
  },
  // ── Removed in v1.26 ──────────────────────────────────────────────────────────────────────
  ...each(['flowcontrol.apiserver.k8s.io/v1beta1'], ['FlowSchema', 'PriorityLevelConfiguration'], {
    stage: 'beta', deprecatedIn: '1.23', removedIn: '1.26',
    replacement: { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', availableIn: '1.26' },
    note: `flowcontrol.apiserver.k8s.io/v1beta2 is served from v1.23 for older clusters; ${PLC_V1BETA3_NOTE} in v1beta3`,
  }),
  {
    apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler', stage: 'beta', deprecatedIn: '1.23', removedIn: '1.26',
    replacement: { apiVersion: 'autoscaling/v2', availableIn: '1.23' },
  },
  // ── Removed in v1.27 ──────────────────────────────────────────────────────────────────────
  {
    apiVersion: 'storage.k8s.io/v1beta1', kind: 'CSIStorageCapacity', stage: 'beta', deprecatedIn: '1.24', removedIn: '1.27',
    replacement: { apiVersion: 'storage.k8s.io/v1', availableIn: '1.24' },
  },
  {
    // The first dynamic resource allocation API; v1.27 renamed PodScheduling to PodSchedulingContext in v1alpha2.
    apiVersion: 'resource.k8s.io/v1alpha1', kind: '*', stage: 'alpha', deprecatedIn: '1.27', removedIn: '1.27',
    replacement: { apiVersion: 'resource.k8s.io/v1alpha2', availableIn: '1.27' },
  },
  // ── Removed in v1.29 ──────────────────────────────────────────────────────────────────────
  ...each(['flowcontrol.apiserver.k8s.io/v1beta2'], ['FlowSchema', 'PriorityLevelConfiguration'], {
    stage: 'beta', deprecatedIn: '1.26', removedIn: '1.29',
    replacement: { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', availableIn: '1.29' },
    note: `flowcontrol.apiserver.k8s.io/v1beta3 is served from v1.26 for older clusters; ${PLC_V1_NOTE}`,
  }),
  {
    apiVersion: 'networking.k8s.io/v1alpha1', kind: 'ClusterCIDR', stage: 'alpha', deprecatedIn: '1.29', removedIn: '1.29',
    note: 'the multiple-ClusterCIDR feature was withdrawn; configure pod CIDRs on the controller manager or the CNI plugin',
  },
  {
    apiVersion: 'storage.k8s.io/v1alpha1', kind: 'CSIStorageCapacity', stage: 'alpha', deprecatedIn: '1.21', removedIn: '1.29',
    replacement: { apiVersion: 'storage.k8s.io/v1beta1', availableIn: '1.21' },
  },
  // ── Removed in v1.31 ──────────────────────────────────────────────────────────────────────
  {
    apiVersion: 'resource.k8s.io/v1alpha2', kind: '*', stage: 'alpha', deprecatedIn: '1.31', removedIn: '1.31',
    replacement: { apiVersion: 'resource.k8s.io/v1alpha3', availableIn: '1.31' },
    note: 'dynamic resource allocation was redesigned around structured parameters: ResourceClass is replaced by DeviceClass, and claims select devices with spec.devices.requests',
  },
  // ── Removed in v1.32 ──────────────────────────────────────────────────────────────────────
  ...each(['flowcontrol.apiserver.k8s.io/v1beta3'], ['FlowSchema', 'PriorityLevelConfiguration'], {
    stage: 'beta', deprecatedIn: '1.29', removedIn: '1.32',
    replacement: { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', availableIn: '1.29' },
    note: 'PriorityLevelConfiguration spec.limited.nominalConcurrencyShares defaults to 30 only when unset; an explicit 0 stays 0',
  }),
  {
    apiVersion: 'resource.k8s.io/v1alpha3', kind: 'PodSchedulingContext', stage: 'alpha', deprecatedIn: '1.32', removedIn: '1.32',
    note: '"classic" dynamic resource allocation (control-plane controllers) was removed; use structured parameters',
  },
  {
    apiVersion: 'coordination.k8s.io/v1alpha1', kind: 'LeaseCandidate', stage: 'alpha', deprecatedIn: '1.32', removedIn: '1.32',
    replacement: { apiVersion: 'coordination.k8s.io/v1alpha2', availableIn: '1.32' },
  },
  // ── Deprecated, no removal scheduled ─────────────────────────────────────────────────────
  {
    apiVersion: 'v1', kind: 'ComponentStatus', stage: 'ga', deprecatedIn: '1.19',
    note: 'query the health endpoints of the control-plane components (/livez, /readyz) instead',
  },
  {
    apiVersion: 'v1', kind: 'Endpoints', stage: 'ga', deprecatedIn: '1.33',
    replacement: { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', availableIn: '1.21' },
    note: 'for a Service without a selector, define EndpointSlices labelled kubernetes.io/service-name: <service>; one Service may have several slices',
  },
]);

function deepFreeze(entries: DeprecatedApi[]): readonly DeprecatedApi[] {
  for (const entry of entries) {
    if (entry.replacement) Object.freeze(entry.replacement);
    Object.freeze(entry);
  }
  return Object.freeze(entries);
}
