/** Whether a kind is namespaced, as far as syncgate knows without a cluster. */

/** Built-in (and a few very common custom) cluster-scoped kinds, keyed by `group/Kind`. */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'storage.k8s.io/VolumeAttributesClass',
  'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass',
  'networking.k8s.io/IngressClass',
  'networking.k8s.io/IPAddress',
  'networking.k8s.io/ServiceCIDR',
  'networking.k8s.io/ClusterCIDR',
  'policy/PodSecurityPolicy',
  'extensions/PodSecurityPolicy',
  'certificates.k8s.io/CertificateSigningRequest',
  'certificates.k8s.io/ClusterTrustBundle',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'authentication.k8s.io/TokenReview',
  'authentication.k8s.io/SelfSubjectReview',
  'authorization.k8s.io/SubjectAccessReview',
  'authorization.k8s.io/SelfSubjectAccessReview',
  'authorization.k8s.io/SelfSubjectRulesReview',
  'resource.k8s.io/DeviceClass',
  'resource.k8s.io/ResourceSlice',
  'resource.k8s.io/DeviceTaintRule',
  'resource.k8s.io/ResourceClass',
  'internal.apiserver.k8s.io/StorageVersion',
  'storagemigration.k8s.io/StorageVersionMigration',
  // Widely used custom resources that are cluster-scoped.
  'cert-manager.io/ClusterIssuer',
  'gateway.networking.k8s.io/GatewayClass',
  'kyverno.io/ClusterPolicy',
  'templates.gatekeeper.sh/ConstraintTemplate',
  'karpenter.sh/NodePool',
]);

/** Groups whose every kind is cluster-scoped (Gatekeeper constraints are generated per template). */
const CLUSTER_SCOPED_GROUPS: ReadonlySet<string> = new Set(['constraints.gatekeeper.sh']);

/** `true` namespaced, `false` cluster-scoped, `undefined` when the built-in knowledge has no answer. */
export function builtInNamespaced(group: string, kind: string): boolean | undefined {
  if (CLUSTER_SCOPED.has(`${group}/${kind}`) || CLUSTER_SCOPED_GROUPS.has(group)) return false;
  return undefined;
}

/**
 * Kinds that moved between API groups are one object in the cluster whichever group a manifest
 * names (an extensions/v1beta1 Deployment is the apps/v1 Deployment of the same name).
 */
const MOVED_KINDS: ReadonlyMap<string, string> = new Map([
  ['extensions/Deployment', 'apps'],
  ['extensions/DaemonSet', 'apps'],
  ['extensions/ReplicaSet', 'apps'],
  ['extensions/Ingress', 'networking.k8s.io'],
  ['extensions/NetworkPolicy', 'networking.k8s.io'],
  ['extensions/PodSecurityPolicy', 'policy'],
  ['events.k8s.io/Event', ''],
]);

export function canonicalGroup(group: string, kind: string): string {
  return MOVED_KINDS.get(`${group}/${kind}`) ?? group;
}
