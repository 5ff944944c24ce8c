import { WORKLOAD_KINDS, type Policy } from '../../ts/index.js';
import { obj } from './pod.js';
import { resourcePractice } from './rule.js';

/** Namespaced kinds commonly kept in GitOps repositories. */
const NAMESPACED_KINDS = [
  ...WORKLOAD_KINDS, 'Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'Ingress', 'Role', 'RoleBinding',
  'PersistentVolumeClaim', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'NetworkPolicy',
];

const APP_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ReplicaSet'];

export const metadataPolicies: Policy[] = [
  resourcePractice('default-namespace', {
    title: 'Resources are not placed in the default namespace',
    severity: 'low',
    description: 'Objects in the "default" namespace share it with everything nobody placed on purpose; namespaces separate RBAC, quotas and network policies. Only an explicit metadata.namespace: default is reported (an unset namespace is usually set by Kustomize, Flux or Argo CD).',
    remediation: 'Put the object in a namespace of its own.',
    helpUri: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/',
    tags: ['cis-k8s'],
  }, NAMESPACED_KINDS, function* (t) {
    if (obj(t.object['metadata'])?.['namespace'] === 'default') yield { message: `${t.resource.kind} is in the "default" namespace`, path: ['metadata', 'namespace'] };
  }),
  resourcePractice('recommended-labels', {
    title: 'Workloads carry the app.kubernetes.io/name label',
    severity: 'low',
    description: 'The recommended label app.kubernetes.io/name lets dashboards, cost reports and policies group objects by application.',
    remediation: 'Add metadata.labels["app.kubernetes.io/name"] (and app.kubernetes.io/instance, version, part-of as useful).',
    helpUri: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/',
    tags: ['hygiene'],
  }, APP_KINDS, function* (t) {
    const labels = obj(obj(t.object['metadata'])?.['labels']);
    if (!labels || typeof labels['app.kubernetes.io/name'] !== 'string') {
      yield { message: `${t.resource.kind} has no app.kubernetes.io/name label`, path: ['metadata', 'labels', 'app.kubernetes.io/name'] };
    }
  }),
];
