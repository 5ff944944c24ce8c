import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { BASELINE_SEVERITY, pssRule, type PssControl } from '../control.js';
import { show, specOf, usesUserNamespace } from '../pod.js';
import { unmaskedProcMounts } from './proc-mount.js';

export const procMountRestricted: PssControl = {
  level: 'restricted',
  since: [1, 35],
  replaces: 'pss/proc-mount',
  rule: pssRule('restricted', 'proc-mount-restricted', {
    title: 'The default /proc mask is required, even in a user namespace',
    description:
      'From policy version 1.35 the restricted level keeps requiring procMount unset or Default for pods in a user namespace (spec.hostUsers: false), which the baseline level then allows. Outside a user namespace this is also a baseline violation and is reported with the baseline severity.',
    remediation: 'Remove securityContext.procMount or set it to Default.',
  }),
  *check(t: WorkloadTarget): Iterable<Violation> {
    const baselineToo = !usesUserNamespace(specOf(t));
    for (const bad of unmaskedProcMounts(t)) {
      const violation: Violation = { message: `${bad.label} must not set securityContext.procMount to ${show(bad.value)}`, path: bad.path };
      if (baselineToo) violation.severity = BASELINE_SEVERITY;
      yield violation;
    }
  },
};
