import type { Policy, WorkloadTarget } from '../../ts/index.js';
import { safeSysctls } from '../pss/controls/sysctls.js';
import { parsePssVersion } from '../pss/version.js';
import { list, obj, podContainers, securityContextOf, show, specOf, strings, type ContainerEntry } from './pod.js';
import { workloadPractice } from './rule.js';

const HELP = 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/';
const SECURITY = ['security'];

/** Capabilities that open a path to the node or to other pods. */
export const DANGEROUS_CAPABILITIES: ReadonlySet<string> = new Set([
  'ALL', 'SYS_ADMIN', 'NET_ADMIN', 'NET_RAW', 'SYS_PTRACE', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_BOOT', 'SYS_TIME',
  'DAC_READ_SEARCH', 'BPF', 'PERFMON', 'MAC_ADMIN', 'MAC_OVERRIDE', 'SYSLOG', 'NET_BROADCAST',
]);

function capability(name: string): string {
  return name.toUpperCase().replace(/^CAP_/, '');
}

function podSecurityContext(t: WorkloadTarget) {
  return obj(specOf(t)['securityContext']) ?? {};
}

/**
 * The effective value of a field that the pod securityContext sets for every container and a
 * container may override, with the path (relative to the pod spec) that sets it.
 */
function effective(t: WorkloadTarget, c: ContainerEntry, field: string): { value: unknown; path: (string | number)[] } {
  const own = securityContextOf(c.container)?.[field];
  if (own !== undefined && own !== null) return { value: own, path: [...c.path, 'securityContext', field] };
  const pod = podSecurityContext(t)[field];
  if (pod !== undefined && pod !== null) return { value: pod, path: ['securityContext', field] };
  return { value: undefined, path: [...c.path, 'securityContext', field] };
}

export const securityContextPolicies: Policy[] = [
  workloadPractice('privileged-container', {
    title: 'Containers are not privileged',
    severity: 'critical',
    description: 'A privileged container has every capability and the host\'s devices: it is root on the node.',
    remediation: 'Remove securityContext.privileged or set it to false; add only the capabilities the container needs.',
    helpUri: HELP,
    tags: [...SECURITY, 'nsa-cisa', 'cis-k8s'],
  }, function* (t) {
    for (const c of podContainers(t)) {
      if (securityContextOf(c.container)?.['privileged'] === true) yield { message: `${c.label} is privileged`, path: [...c.path, 'securityContext', 'privileged'] };
    }
  }),
  workloadPractice('privilege-escalation-allowed', {
    title: 'Containers set allowPrivilegeEscalation: false',
    severity: 'medium',
    description: 'Unless allowPrivilegeEscalation is false, a process can gain more privileges than its parent (setuid binaries, file capabilities).',
    remediation: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
    helpUri: HELP,
    tags: [...SECURITY, 'nsa-cisa', 'cis-k8s'],
  }, function* (t) {
    for (const c of podContainers(t)) {
      const value = securityContextOf(c.container)?.['allowPrivilegeEscalation'];
      if (value !== false) {
        yield {
          message: value === true ? `${c.label} sets allowPrivilegeEscalation: true` : `${c.label} does not set securityContext.allowPrivilegeEscalation: false`,
          path: [...c.path, 'securityContext', 'allowPrivilegeEscalation'],
        };
      }
    }
  }),
  workloadPractice('dangerous-capabilities', {
    title: 'Containers do not add dangerous capabilities',
    severity: 'high',
    description: `Containers do not add capabilities that reach the node or the network stack: ${[...DANGEROUS_CAPABILITIES].join(', ')}.`,
    remediation: 'Remove the capability from securityContext.capabilities.add; use a narrower one if the workload needs it.',
    helpUri: HELP,
    tags: [...SECURITY, 'nsa-cisa', 'cis-k8s'],
  }, function* (t) {
    for (const c of podContainers(t)) {
      const add = obj(securityContextOf(c.container)?.['capabilities'])?.['add'];
      for (const [i, cap] of list(add).entries()) {
        if (typeof cap === 'string' && DANGEROUS_CAPABILITIES.has(capability(cap))) {
          yield { message: `${c.label} adds capability ${show(cap)}`, path: [...c.path, 'securityContext', 'capabilities', 'add', i] };
        }
      }
    }
  }),
  workloadPractice('net-raw-not-dropped', {
    title: 'Containers drop NET_RAW',
    severity: 'low',
    description: 'NET_RAW is in the container runtimes\' default set and lets a container forge packets (ARP and DNS spoofing inside the node). Dropping ALL also passes.',
    remediation: 'Add NET_RAW (or ALL) to securityContext.capabilities.drop.',
    helpUri: HELP,
    tags: [...SECURITY],
  }, function* (t) {
    for (const c of podContainers(t)) {
      const drop = strings(obj(securityContextOf(c.container)?.['capabilities'])?.['drop']).map(capability);
      if (!drop.includes('ALL') && !drop.includes('NET_RAW')) {
        yield { message: `${c.label} does not drop NET_RAW: add it (or ALL) to securityContext.capabilities.drop`, path: [...c.path, 'securityContext', 'capabilities', 'drop'] };
      }
    }
  }),
  workloadPractice('read-only-root-filesystem', {
    title: 'Containers have a read-only root filesystem',
    severity: 'medium',
    description: 'A writable root filesystem lets an intruder drop tools and change binaries; mount emptyDir volumes where the application writes.',
    remediation: 'Set securityContext.readOnlyRootFilesystem: true and mount writable emptyDir volumes where needed.',
    helpUri: HELP,
    tags: [...SECURITY, 'nsa-cisa'],
  }, function* (t) {
    for (const c of podContainers(t)) {
      if (securityContextOf(c.container)?.['readOnlyRootFilesystem'] !== true) {
        yield { message: `${c.label} does not set securityContext.readOnlyRootFilesystem: true`, path: [...c.path, 'securityContext', 'readOnlyRootFilesystem'] };
      }
    }
  }),
  workloadPractice('run-as-non-root', {
    title: 'Containers run as a non-root user',
    severity: 'medium',
    description: 'A container whose runAsNonRoot is not true (pod or container securityContext) and whose runAsUser is not a non-zero UID may run as root, depending on the image.',
    remediation: 'Set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser, with an image that works as that user.',
    helpUri: HELP,
    tags: [...SECURITY, 'nsa-cisa', 'cis-k8s'],
  }, function* (t) {
    for (const c of podContainers(t)) {
      const nonRoot = effective(t, c, 'runAsNonRoot');
      const uid = effective(t, c, 'runAsUser').value;
      if (nonRoot.value === true || (typeof uid === 'number' && uid > 0)) continue;
      yield { message: `${c.label} may run as root: set securityContext.runAsNonRoot: true`, path: nonRoot.path };
    }
  }),
  workloadPractice('run-as-root-user', {
    title: 'Containers do not run as UID 0',
    severity: 'high',
    description: 'runAsUser: 0 runs the container as root explicitly, whatever the image says.',
    remediation: 'Set runAsUser to a non-zero UID (pod or container securityContext).',
    helpUri: HELP,
    tags: [...SECURITY, 'nsa-cisa'],
  }, function* (t) {
    const reported = new Set<string>();
    for (const c of podContainers(t)) {
      const uid = effective(t, c, 'runAsUser');
      const key = uid.path.join('/');
      if (uid.value === 0 && !reported.has(key)) {
        reported.add(key);
        yield { message: `${uid.path[0] === 'securityContext' ? 'the pod' : c.label} sets runAsUser: 0 (root)`, path: uid.path };
      }
    }
  }),
  workloadPractice('unsafe-sysctls', {
    title: 'Pods set only safe sysctls',
    severity: 'high',
    description: 'Sysctls outside the namespaced safe set change kernel settings for the whole node.',
    remediation: 'Remove the sysctl from spec.securityContext.sysctls, or set it on the node instead.',
    helpUri: 'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/',
    tags: [...SECURITY],
  }, function* (t, ctx) {
    let safe: ReadonlySet<string>;
    try {
      safe = safeSysctls(parsePssVersion(ctx.pssVersion));
    } catch {
      safe = safeSysctls(parsePssVersion(undefined));
    }
    for (const [i, s] of list(podSecurityContext(t)['sysctls']).entries()) {
      const name = obj(s)?.['name'];
      if (typeof name === 'string' && !safe.has(name)) yield { message: `pod sets the unsafe sysctl ${JSON.stringify(name)}`, path: ['securityContext', 'sysctls', i, 'name'] };
    }
  }),
];
