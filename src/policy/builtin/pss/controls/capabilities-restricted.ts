import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { BASELINE_SEVERITY, pssRule, type PssControl } from '../control.js';
import { containersOf, isWindowsPod, list, obj, securityContextOf, show, specOf } from '../pod.js';
import { atLeast, type PssVersion } from '../version.js';
import { BASELINE_ALLOWED_CAPABILITIES } from './capabilities-baseline.js';

export const capabilitiesRestricted: PssControl = {
  level: 'restricted',
  since: [1, 22],
  replaces: 'pss/capabilities-baseline',
  rule: pssRule('restricted', 'capabilities-restricted', {
    title: 'Containers must drop ALL capabilities',
    description:
      'From policy version 1.22, every container must drop ALL capabilities and may add back only NET_BIND_SERVICE. From 1.25, Windows pods are exempt. Adding a capability outside the baseline set is also a baseline violation and is reported with the baseline severity.',
    remediation: 'Set securityContext.capabilities.drop: ["ALL"] on every container, and add only NET_BIND_SERVICE if the container binds a port below 1024.',
  }),
  *check(t: WorkloadTarget, v: PssVersion): Iterable<Violation> {
    const spec = specOf(t);
    if (atLeast(v, 1, 25) && isWindowsPod(spec)) return;
    for (const c of containersOf(spec)) {
      const caps = obj(securityContextOf(c.container)?.['capabilities']);
      const base = [...c.path, 'securityContext', 'capabilities'];
      if (!list(caps?.['drop']).includes('ALL')) {
        yield { message: `${c.label} must set securityContext.capabilities.drop=["ALL"]`, path: [...base, 'drop'] };
      }
      for (const [i, cap] of list(caps?.['add']).entries()) {
        if (cap === 'NET_BIND_SERVICE') continue;
        const violation: Violation = { message: `${c.label} must not add capability ${show(cap)}: only NET_BIND_SERVICE may be added`, path: [...base, 'add', i] };
        if (typeof cap !== 'string' || !BASELINE_ALLOWED_CAPABILITIES.has(cap)) violation.severity = BASELINE_SEVERITY;
        yield violation;
      }
    }
  },
};
