import { NEEDS_REPOSITORY_TAG } from '../../../model/index.js';
import type { Policy } from '../../ts/index.js';
import { specOf } from './pod.js';
import { workloadPractice } from './rule.js';

const HELP = 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/';

export const serviceAccountPolicies: Policy[] = [
  workloadPractice('automount-service-account-token', {
    title: 'Pods do not mount a service account token they do not need',
    severity: 'low',
    description: 'Unless automountServiceAccountToken is false (on the pod, or on its ServiceAccount when that is in the run), every container gets an API token; a compromised container can then call the API server.',
    remediation: 'Set spec.automountServiceAccountToken: false on pods that do not call the Kubernetes API (or on their ServiceAccount).',
    helpUri: HELP,
    tags: ['security', 'cis-k8s', 'nsa-cisa', NEEDS_REPOSITORY_TAG],
  }, function* (t, ctx) {
    const spec = specOf(t);
    const own = spec['automountServiceAccountToken'];
    if (own === false) return;
    if (own === undefined || own === null) {
      const name = typeof spec['serviceAccountName'] === 'string' ? spec['serviceAccountName'] : 'default';
      const account = ctx.resources.get('ServiceAccount', t.resource.namespace, name);
      if (account && account.object['automountServiceAccountToken'] === false) return;
    }
    yield {
      message: own === true ? 'pod sets automountServiceAccountToken: true' : 'pod mounts a service account token: set spec.automountServiceAccountToken: false if it does not call the API',
      path: ['automountServiceAccountToken'],
    };
  }),
  workloadPractice('default-service-account', {
    title: 'Pods use a dedicated service account',
    severity: 'low',
    description: 'Pods that run as the namespace\'s default ServiceAccount share its permissions with every other such pod.',
    remediation: 'Create a ServiceAccount for the workload and set spec.serviceAccountName.',
    helpUri: HELP,
    tags: ['security', 'cis-k8s'],
  }, function* (t) {
    const spec = specOf(t);
    const name = spec['serviceAccountName'] ?? spec['serviceAccount'];
    if (name === undefined || name === null || name === '' || name === 'default') {
      yield { message: name === 'default' ? 'pod uses the "default" service account' : 'pod sets no serviceAccountName, so it runs as the "default" service account', path: ['serviceAccountName'] };
    }
  }),
  workloadPractice('service-account-missing', {
    title: 'Pods name a ServiceAccount of the run',
    severity: 'medium',
    description: 'A pod whose serviceAccountName names no ServiceAccount is never created ("serviceaccount not found"). Checked only when the run defines ServiceAccounts in the pod\'s namespace (otherwise they may be created elsewhere); "default" always exists.',
    remediation: 'Fix serviceAccountName, or add the ServiceAccount.',
    helpUri: HELP,
    tags: ['reliability', NEEDS_REPOSITORY_TAG],
  }, function* (t, ctx) {
    const name = specOf(t)['serviceAccountName'];
    if (typeof name !== 'string' || name === '' || name === 'default') return;
    const accounts = ctx.resources.inNamespace('ServiceAccount', t.resource.namespace);
    if (accounts.length === 0 || accounts.some((a) => a.name === name)) return;
    yield { message: `ServiceAccount ${JSON.stringify(name)} is not defined in the run, which defines other ServiceAccounts in this namespace`, path: ['serviceAccountName'] };
  }),
  workloadPractice('deprecated-service-account-field', {
    title: 'Pods use serviceAccountName, not the deprecated serviceAccount',
    severity: 'low',
    description: 'spec.serviceAccount is a deprecated alias of spec.serviceAccountName.',
    remediation: 'Rename spec.serviceAccount to spec.serviceAccountName.',
    helpUri: HELP,
    tags: ['hygiene'],
  }, function* (t) {
    const spec = specOf(t);
    if (typeof spec['serviceAccount'] === 'string' && spec['serviceAccount'] !== '') {
      yield { message: 'pod sets the deprecated serviceAccount field: use serviceAccountName', path: ['serviceAccount'] };
    }
  }),
];

