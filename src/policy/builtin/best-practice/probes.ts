import type { Policy, Violation, WorkloadTarget } from '../../ts/index.js';
import { appContainers, isBatch, isObj, list, obj, podContainers } from './pod.js';
import { workloadPractice } from './rule.js';

const HELP = 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/';

function probePractice(field: 'livenessProbe' | 'readinessProbe', title: string, why: string): Policy {
  return workloadPractice(field === 'livenessProbe' ? 'liveness-probe-missing' : 'readiness-probe-missing', {
    title,
    severity: 'low',
    description: `Every long-running container defines ${field}. ${why} Jobs and CronJobs are not checked (their pods run to completion).`,
    remediation: `Add ${field} (httpGet, tcpSocket, grpc or exec) to each container.`,
    helpUri: HELP,
    tags: ['reliability'],
  }, function* (t: WorkloadTarget): Iterable<Violation> {
    if (isBatch(t.resource)) return;
    for (const c of appContainers(t)) {
      if (!isObj(c.container[field])) yield { message: `${c.label} has no ${field}`, path: [...c.path, field] };
    }
  });
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

export const probePolicies: Policy[] = [
  probePractice('livenessProbe', 'Containers define a liveness probe', 'Without it a hung process is never restarted.'),
  probePractice('readinessProbe', 'Containers define a readiness probe', 'Without it traffic reaches pods before they can serve and during shutdown.'),
  workloadPractice('probe-port-undefined', {
    title: 'Probes use named ports the container defines',
    severity: 'medium',
    description: 'A probe whose httpGet, tcpSocket or grpc port is a name must find that name in the container\'s ports; otherwise the probe can never succeed and the pod is restarted or never ready. Numeric ports are not checked (container ports are informational).',
    remediation: 'Use a port name listed in the container\'s ports, or the port number.',
    helpUri: HELP,
    tags: ['reliability'],
  }, function* (t) {
    for (const c of podContainers(t)) {
      const names = new Set(list(c.container['ports']).map((p) => obj(p)?.['name']).filter((n) => typeof n === 'string'));
      for (const probe of PROBES) {
        const p = obj(c.container[probe]);
        if (!p) continue;
        for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
          const port = obj(p[handler])?.['port'];
          if (typeof port === 'string' && !/^\d+$/.test(port) && !names.has(port)) {
            yield { message: `${c.label} ${probe} uses port ${JSON.stringify(port)}, which is not a named port of the container`, path: [...c.path, probe, handler, 'port'] };
          }
        }
      }
    }
  }),
];
