import type { Policy } from '../../ts/index.js';
import { list, obj, podContainers, specOf } from './pod.js';
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
  workloadPractice('host-port', {
    title: 'Containers do not bind host ports',
    severity: 'medium',
    description: 'A hostPort binds the port on the node\'s address: it bypasses NetworkPolicies on some CNIs, limits scheduling to one such pod per node, and exposes the pod outside the cluster network.',
    remediation: 'Remove ports[].hostPort and expose the pod through a Service.',
    helpUri: 'https://kubernetes.io/docs/concepts/configuration/overview/#services',
    tags: ['security', 'network'],
  }, function* (t) {
    for (const c of podContainers(t)) {
      for (const [i, p] of list(c.container['ports']).entries()) {
        const hostPort = obj(p)?.['hostPort'];
        if (typeof hostPort === 'number' && hostPort !== 0) yield { message: `${c.label} binds host port ${hostPort}`, path: [...c.path, 'ports', i, 'hostPort'] };
      }
    }
  }),
];
