import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { pssRule, type PssControl } from '../control.js';
import { containersOf, securityContextOf, specOf, usesUserNamespace } from '../pod.js';
import { atLeast, type PssVersion } from '../version.js';

export const runAsUser: PssControl = {
  level: 'restricted',
  since: [1, 23],
  rule: pssRule('restricted', 'run-as-user', {
    title: 'Containers must not run as UID 0',
    description:
      'From policy version 1.23, runAsUser must not be 0 on the pod or any container (unset is allowed). From 1.35, pods in a user namespace (spec.hostUsers: false) are exempt.',
    remediation: 'Remove runAsUser: 0, or set a non-zero UID.',
  }),
  *check(t: WorkloadTarget, v: PssVersion): Iterable<Violation> {
    const spec = specOf(t);
    if (atLeast(v, 1, 35) && usesUserNamespace(spec)) return;
    if (securityContextOf(spec)?.['runAsUser'] === 0) {
      yield { message: 'pod must not set securityContext.runAsUser=0', path: ['securityContext', 'runAsUser'] };
    }
    for (const c of containersOf(spec)) {
      if (securityContextOf(c.container)?.['runAsUser'] === 0) {
        yield { message: `${c.label} must not set securityContext.runAsUser=0`, path: [...c.path, 'securityContext', 'runAsUser'] };
      }
    }
  },
};
