import { NEEDS_REPOSITORY_TAG } from '../../../model/index.js';
import type { Policy } from '../../ts/index.js';
import { workloadPractice } from './rule.js';
import { describeNamespace, workloadsInNamespace } from './selectors.js';

const POLICY_KINDS = ['NetworkPolicy', 'CiliumNetworkPolicy'];

export const networkPolicyPolicies: Policy[] = [
  workloadPractice('network-policy-missing', {
    title: 'Namespaces with workloads have a NetworkPolicy',
    severity: 'low',
    description: 'Without a NetworkPolicy every pod accepts traffic from every other pod in the cluster. Reported once per namespace, on its first workload, when the run has workloads in that namespace and no NetworkPolicy (or CiliumNetworkPolicy) there; cluster-wide policies applied from elsewhere are not seen.',
    remediation: 'Add a default-deny NetworkPolicy for the namespace and allow the traffic each workload needs.',
    helpUri: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
    tags: ['security', 'network', 'nsa-cisa', 'cis-k8s', NEEDS_REPOSITORY_TAG],
  }, function* (t, ctx) {
    const first = workloadsInNamespace(ctx.resources, t.resource.namespace)[0];
    if (first?.resource !== t.resource) return;
    if (POLICY_KINDS.some((k) => ctx.resources.inNamespace(k, t.resource.namespace).length > 0)) return;
    yield { message: `no NetworkPolicy in the run applies to ${describeNamespace(t.resource.namespace)}`, pointer: '/metadata/namespace' };
  }),
];
