import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { pssRule, type PssControl } from '../control.js';
import { containersOf, isWindowsPod, securityContextOf, show, specOf } from '../pod.js';
import { atLeast, type PssVersion } from '../version.js';

export const allowPrivilegeEscalation: PssControl = {
  level: 'restricted',
  since: [1, 8],
  rule: pssRule('restricted', 'allow-privilege-escalation', {
    title: 'Privilege escalation must be disallowed',
    description:
      'Every container must set securityContext.allowPrivilegeEscalation=false so set-user-ID and set-group-ID binaries cannot gain privileges (policy version 1.8+). From 1.25, Windows pods (spec.os.name: windows) are exempt.',
    remediation: 'Set securityContext.allowPrivilegeEscalation: false on every container, init container and ephemeral container.',
  }),
  *check(t: WorkloadTarget, v: PssVersion): Iterable<Violation> {
    const spec = specOf(t);
    if (atLeast(v, 1, 25) && isWindowsPod(spec)) return;
    for (const c of containersOf(spec)) {
      const value = securityContextOf(c.container)?.['allowPrivilegeEscalation'];
      if (value === false) continue;
      yield {
        message:
          value === undefined || value === null
            ? `${c.label} must set securityContext.allowPrivilegeEscalation=false`
            : `${c.label} must set securityContext.allowPrivilegeEscalation=false, not ${show(value)}`,
        path: [...c.path, 'securityContext', 'allowPrivilegeEscalation'],
      };
    }
  },
};
