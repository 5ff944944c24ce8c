import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { BASELINE_SEVERITY, pssRule, type PssControl } from '../control.js';
import { containersOf, isSet, isWindowsPod, securityContextOf, specOf } from '../pod.js';
import { atLeast, type PssVersion } from '../version.js';
import { explicitSeccompViolations } from './seccomp-profile-baseline.js';

export const seccompProfileRestricted: PssControl = {
  level: 'restricted',
  since: [1, 19],
  replaces: 'pss/seccomp-profile-baseline',
  rule: pssRule('restricted', 'seccomp-profile-restricted', {
    title: 'A seccomp profile must be set',
    description:
      'From policy version 1.19, securityContext.seccompProfile.type must be RuntimeDefault or Localhost on the pod, or on every container that does not inherit it. From 1.25, Windows pods are exempt. Explicitly disabling seccomp is also a baseline violation and is reported with the baseline severity.',
    remediation: 'Set spec.securityContext.seccompProfile.type: RuntimeDefault.',
  }),
  *check(t: WorkloadTarget, v: PssVersion): Iterable<Violation> {
    const spec = specOf(t);
    if (atLeast(v, 1, 25) && isWindowsPod(spec)) return;
    for (const violation of explicitSeccompViolations(t)) yield { ...violation, severity: BASELINE_SEVERITY };
    // A pod-level profile is inherited when valid, and was reported above when not.
    if (isSet(securityContextOf(spec)?.['seccompProfile'])) return;
    for (const c of containersOf(spec)) {
      // A container that sets its own profile is valid, or was reported above.
      if (isSet(securityContextOf(c.container)?.['seccompProfile'])) continue;
      yield {
        message: `pod or ${c.label} must set securityContext.seccompProfile.type to RuntimeDefault or Localhost`,
        path: [...c.path, 'securityContext', 'seccompProfile', 'type'],
      };
    }
  },
};
