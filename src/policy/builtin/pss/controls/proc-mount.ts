import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { pssRule, type PssControl } from '../control.js';
import { containersOf, isSet, securityContextOf, show, specOf, usesUserNamespace } from '../pod.js';
import { atLeast, type PssVersion } from '../version.js';

/** Containers whose securityContext.procMount is set to anything but Default. */
export function* unmaskedProcMounts(t: WorkloadTarget): Iterable<{ label: string; value: unknown; path: (string | number)[] }> {
  for (const c of containersOf(specOf(t))) {
    const value = securityContextOf(c.container)?.['procMount'];
    if (isSet(value) && value !== 'Default') {
      yield { label: c.label, value, path: [...c.path, 'securityContext', 'procMount'] };
    }
  }
}

export const procMount: PssControl = {
  level: 'baseline',
  since: [1, 0],
  rule: pssRule('baseline', 'proc-mount', {
    title: 'The default /proc mask is required',
    description:
      'The default /proc masks reduce the attack surface; securityContext.procMount must be unset or Default. From policy version 1.35 the baseline level allows other values for pods in a user namespace (spec.hostUsers: false).',
    remediation: 'Remove securityContext.procMount or set it to Default.',
  }),
  *check(t: WorkloadTarget, v: PssVersion): Iterable<Violation> {
    if (atLeast(v, 1, 35) && usesUserNamespace(specOf(t))) return;
    for (const bad of unmaskedProcMounts(t)) {
      yield { message: `${bad.label} must not set securityContext.procMount to ${show(bad.value)}`, path: bad.path };
    }
  },
};
