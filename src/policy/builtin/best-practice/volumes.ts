import type { Policy, WorkloadTarget } from '../../ts/index.js';
import { list, obj, specOf } from './pod.js';
import { workloadPractice } from './rule.js';

const HELP = 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath';
const RUNTIME_SOCKETS = /(^|\/)(docker|containerd|crio|cri-dockerd|podman)\.sock$/;
/** Host directories whose contents (or whose subtrees) give away the node. */
const SENSITIVE_EXACT = new Set(['/', '/usr', '/lib', '/home', '/var', '/var/lib']);
const SENSITIVE_TREES = ['/etc', '/proc', '/sys', '/boot', '/dev', '/root', '/var/run', '/run', '/var/lib/kubelet', '/var/lib/docker', '/var/lib/containerd', '/var/lib/etcd'];

function* hostPaths(t: WorkloadTarget): Iterable<{ name: string; path: string; index: number }> {
  for (const [index, v] of list(specOf(t)['volumes']).entries()) {
    const hostPath = obj(obj(v)?.['hostPath']);
    if (!hostPath) continue;
    const p = typeof hostPath['path'] === 'string' ? hostPath['path'] : '';
    yield { name: String(obj(v)?.['name'] ?? `#${index}`), path: p, index };
  }
}

function normalise(p: string): string {
  const trimmed = p.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  return trimmed === '' ? '/' : trimmed;
}

export function isRuntimeSocket(p: string): boolean {
  return RUNTIME_SOCKETS.test(normalise(p));
}

export function isSensitiveHostPath(p: string): boolean {
  const n = normalise(p);
  return SENSITIVE_EXACT.has(n) || SENSITIVE_TREES.some((tree) => n === tree || n.startsWith(tree + '/'));
}

export const volumePolicies: Policy[] = [
  workloadPractice('host-path-volume', {
    title: 'Pods do not mount host paths',
    severity: 'medium',
    description: 'A hostPath volume ties the pod to a node and exposes the node\'s files to it.',
    remediation: 'Use a persistentVolumeClaim, configMap, secret, emptyDir or CSI volume instead.',
    helpUri: HELP,
    tags: ['security', 'nsa-cisa'],
  }, function* (t) {
    for (const v of hostPaths(t)) yield { message: `volume ${JSON.stringify(v.name)} mounts the host path ${JSON.stringify(v.path)}`, path: ['volumes', v.index, 'hostPath'] };
  }),
  workloadPractice('docker-socket-mount', {
    title: 'Pods do not mount the container runtime socket',
    severity: 'high',
    description: 'Access to docker.sock, containerd.sock or crio.sock lets a container start privileged containers on the node: it is root on the node.',
    remediation: 'Remove the hostPath volume; build images with a rootless builder (BuildKit rootless, kaniko) instead.',
    helpUri: HELP,
    tags: ['security', 'nsa-cisa', 'cis-k8s'],
  }, function* (t) {
    for (const v of hostPaths(t)) {
      if (isRuntimeSocket(v.path)) yield { message: `volume ${JSON.stringify(v.name)} mounts the container runtime socket ${v.path}`, path: ['volumes', v.index, 'hostPath', 'path'] };
    }
  }),
  workloadPractice('sensitive-host-mount', {
    title: 'Pods do not mount sensitive host directories',
    severity: 'high',
    description: `hostPath volumes of ${[...SENSITIVE_EXACT].join(', ')} or anything under ${SENSITIVE_TREES.join(', ')} expose node credentials, kernel interfaces or other pods' data. Runtime sockets are reported by k8s/docker-socket-mount.`,
    remediation: 'Remove the hostPath volume or narrow it to a dedicated directory, mounted read-only.',
    helpUri: HELP,
    tags: ['security', 'nsa-cisa'],
  }, function* (t) {
    for (const v of hostPaths(t)) {
      if (isSensitiveHostPath(v.path) && !isRuntimeSocket(v.path)) {
        yield { message: `volume ${JSON.stringify(v.name)} mounts the sensitive host path ${JSON.stringify(v.path)}`, path: ['volumes', v.index, 'hostPath', 'path'] };
      }
    }
  }),
];
