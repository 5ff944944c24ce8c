import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { pssRule, type PssControl } from '../control.js';
import { containersOf, isSet, obj, show, specOf } from '../pod.js';

const HANDLERS: ReadonlyArray<readonly string[]> = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
];

export const hostProbesAndLifecycle: PssControl = {
  level: 'baseline',
  since: [1, 34],
  rule: pssRule('baseline', 'host-probes-and-lifecycle', {
    title: 'Probes and lifecycle hooks must not target another host',
    description:
      'From policy version 1.34, httpGet.host and tcpSocket.host must be unset or empty on liveness, readiness and startup probes and on postStart/preStop lifecycle handlers, so the kubelet cannot be used to reach other hosts.',
    remediation: 'Remove the host field: probes and hooks then target the pod IP.',
  }),
  *check(t: WorkloadTarget): Iterable<Violation> {
    for (const c of containersOf(specOf(t))) {
      for (const handlerPath of HANDLERS) {
        let handler: unknown = c.container;
        for (const k of handlerPath) handler = obj(handler)?.[k];
        for (const action of ['httpGet', 'tcpSocket']) {
          const host = obj(obj(handler)?.[action])?.['host'];
          if (isSet(host) && host !== '') {
            yield {
              message: `${c.label} must not set ${handlerPath.join('.')}.${action}.host (${show(host)})`,
              path: [...c.path, ...handlerPath, action, 'host'],
            };
          }
        }
      }
    }
  },
};
