import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { pssRule, type PssControl } from '../control.js';
import { containersOf, isObj, isSet, list, specOf } from '../pod.js';

export const hostPorts: PssControl = {
  level: 'baseline',
  since: [1, 0],
  rule: pssRule('baseline', 'host-ports', {
    title: 'Host ports are forbidden',
    description: 'A hostPort binds a port on the node itself. The baseline standard forbids any non-zero hostPort on containers, init containers and ephemeral containers.',
    remediation: 'Remove ports[*].hostPort and expose the container through a Service instead.',
  }),
  *check(t: WorkloadTarget): Iterable<Violation> {
    for (const c of containersOf(specOf(t))) {
      for (const [i, p] of list(c.container['ports']).entries()) {
        if (isObj(p) && isSet(p['hostPort']) && p['hostPort'] !== 0) {
          yield { message: `${c.label} must not set hostPort ${String(p['hostPort'])}`, path: [...c.path, 'ports', i, 'hostPort'] };
        }
      }
    }
  },
};
