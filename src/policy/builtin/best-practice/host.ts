import type { Policy } from '../../ts/index.js';
import { specOf } from './pod.js';
import { workloadPractice } from './rule.js';

const HELP = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline';

function hostNamespace(field: 'hostNetwork' | 'hostPID' | 'hostIPC', check: string, what: string): Policy {
  return workloadPractice(check, {
    title: `Pods do not share the host ${what}`,
    severity: 'high',
    description: `spec.${field}: true puts the pod in the node's ${what} namespace: it can see and reach what the node's own processes can.`,
    remediation: `Remove spec.${field} or set it to false.`,
    helpUri: HELP,
    tags: ['security', 'nsa-cisa', 'cis-k8s'],
  }, function* (t) {
    if (specOf(t)[field] === true) yield { message: `pod sets ${field}: true`, path: [field] };
  });
}

export const hostPolicies: Policy[] = [
  hostNamespace('hostNetwork', 'host-network', 'network'),
  hostNamespace('hostPID', 'host-pid', 'process ID'),
  hostNamespace('hostIPC', 'host-ipc', 'IPC'),
];
