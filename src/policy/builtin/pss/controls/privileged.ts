import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { pssRule, type PssControl } from '../control.js';
import { containersOf, securityContextOf, specOf } from '../pod.js';

export const privileged: PssControl = {
  level: 'baseline',
  since: [1, 0],
  rule: pssRule('baseline', 'privileged', {
    title: 'Privileged containers are forbidden',
    description: 'A privileged container disables most security mechanisms and has full access to the node. The baseline standard forbids securityContext.privileged=true.',
    remediation: 'Remove securityContext.privileged or set it to false; grant only the specific capabilities the container needs.',
  }),
  *check(t: WorkloadTarget): Iterable<Violation> {
    for (const c of containersOf(specOf(t))) {
      if (securityContextOf(c.container)?.['privileged'] === true) {
        yield { message: `${c.label} must not set securityContext.privileged=true`, path: [...c.path, 'securityContext', 'privileged'] };
      }
    }
  },
};
