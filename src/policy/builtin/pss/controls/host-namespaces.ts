import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { pssRule, type PssControl } from '../control.js';
import { specOf } from '../pod.js';

export const hostNamespaces: PssControl = {
  level: 'baseline',
  since: [1, 0],
  rule: pssRule('baseline', 'host-namespaces', {
    title: 'Host namespaces must not be shared',
    description: 'Sharing the node\'s network, PID or IPC namespace (hostNetwork, hostPID, hostIPC) breaks container isolation and is forbidden by the baseline standard.',
    remediation: 'Remove spec.hostNetwork, spec.hostPID and spec.hostIPC, or set them to false.',
  }),
  *check(t: WorkloadTarget): Iterable<Violation> {
    const spec = specOf(t);
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (spec[field] === true) yield { message: `pod must not set ${field}=true`, path: [field] };
    }
  },
};
