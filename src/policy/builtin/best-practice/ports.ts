import type { Policy } from '../../ts/index.js';
import { list, obj, podContainers } from './pod.js';
import { workloadPractice } from './rule.js';

export const portPolicies: Policy[] = [
  workloadPractice('duplicate-container-port', {
    title: 'Containers of a pod do not declare the same port twice',
    severity: 'low',
    description: 'Containers of a pod share one network namespace: the same containerPort and protocol declared twice (in one container or two) cannot both be bound.',
    remediation: 'Remove the duplicate port or give one of the processes another port.',
    helpUri: 'https://kubernetes.io/docs/concepts/services-networking/connect-applications-service/',
    tags: ['reliability'],
  }, function* (t) {
    const seen = new Map<string, string>();
    for (const c of podContainers(t)) {
      for (const [i, p] of list(c.container['ports']).entries()) {
        const port = obj(p)?.['containerPort'];
        if (typeof port !== 'number') continue;
        const protocol = String(obj(p)?.['protocol'] ?? 'TCP');
        const key = `${port}/${protocol}`;
        const first = seen.get(key);
        if (first !== undefined) yield { message: `${c.label} declares port ${key}, already declared by ${first}`, path: [...c.path, 'ports', i, 'containerPort'] };
        else seen.set(key, c.label);
      }
    }
  }),
  workloadPractice('ssh-port', {
    title: 'Containers do not expose SSH',
    severity: 'low',
    description: 'A container listening on port 22 usually runs an SSH daemon, a way in that bypasses Kubernetes access control and audit.',
    remediation: 'Remove the SSH server and use kubectl exec (with RBAC and audit) for debugging.',
    tags: ['security'],
  }, function* (t) {
    for (const c of podContainers(t)) {
      for (const [i, p] of list(c.container['ports']).entries()) {
        if (obj(p)?.['containerPort'] === 22) yield { message: `${c.label} exposes port 22 (SSH)`, path: [...c.path, 'ports', i, 'containerPort'] };
      }
    }
  }),
];
