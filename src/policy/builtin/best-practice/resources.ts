import type { Policy, Violation, WorkloadTarget } from '../../ts/index.js';
import { podContainers, obj } from './pod.js';
import { workloadPractice } from './rule.js';

const HELP = 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/';

type Kind = 'requests' | 'limits';
type Resource = 'cpu' | 'memory';

function* missing(t: WorkloadTarget, kind: Kind, resource: Resource): Iterable<Violation> {
  for (const c of podContainers(t)) {
    const value = obj(obj(c.container['resources'])?.[kind])?.[resource];
    if (value === undefined || value === null || value === '' || value === 0 || value === '0') {
      yield { message: `${c.label} has no ${resource} ${kind === 'requests' ? 'request' : 'limit'}: set resources.${kind}.${resource}`, path: [...c.path, 'resources', kind, resource] };
    }
  }
}

function practice(kind: Kind, resource: Resource, severity: 'low' | 'medium', why: string, tags: string[] = []): Policy {
  const noun = kind === 'requests' ? 'request' : 'limit';
  return workloadPractice(`${resource}-${kind}-missing`, {
    title: `Containers set a ${resource} ${noun}`,
    severity,
    description: `Every container and init container sets resources.${kind}.${resource}. ${why}`,
    remediation: `Set resources.${kind}.${resource} on each container (for example ${resource === 'cpu' ? '100m' : '128Mi'}).`,
    helpUri: HELP,
    tags: ['efficiency', ...tags],
  }, (t) => missing(t, kind, resource));
}

export const resourcePolicies: Policy[] = [
  practice('requests', 'cpu', 'low', 'Without a CPU request the scheduler treats the pod as needing no CPU and may pack it onto a busy node.'),
  practice('limits', 'cpu', 'low', 'Without a CPU limit a container can use every idle core of the node (some teams leave CPU limits off on purpose: disable this rule then).'),
  practice('requests', 'memory', 'low', 'Without a memory request the scheduler may place the pod where it will be evicted first.'),
  practice('limits', 'memory', 'medium', 'Without a memory limit one container can exhaust the node\'s memory and get other pods killed (NSA/CISA hardening guide: resource limits).', ['nsa-cisa']),
];

