import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { pssRule, type PssControl } from '../control.js';
import { containersOf, list, obj, securityContextOf, show, specOf } from '../pod.js';

/** Capabilities the baseline standard lets a container add (the container runtime defaults). */
export const BASELINE_ALLOWED_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** Added capabilities outside the baseline allow list, with their path relative to the pod spec. */
export function* forbiddenBaselineCapabilities(t: WorkloadTarget): Iterable<{ label: string; value: unknown; path: (string | number)[] }> {
  for (const c of containersOf(specOf(t))) {
    const add = obj(securityContextOf(c.container)?.['capabilities'])?.['add'];
    for (const [i, cap] of list(add).entries()) {
      if (typeof cap !== 'string' || !BASELINE_ALLOWED_CAPABILITIES.has(cap)) {
        yield { label: c.label, value: cap, path: [...c.path, 'securityContext', 'capabilities', 'add', i] };
      }
    }
  }
}

export const capabilitiesBaseline: PssControl = {
  level: 'baseline',
  since: [1, 0],
  rule: pssRule('baseline', 'capabilities-baseline', {
    title: 'Adding capabilities beyond the default set is forbidden',
    description: `Containers may add only the container runtime's default capabilities: ${[...BASELINE_ALLOWED_CAPABILITIES].join(', ')}. Names are exact and case-sensitive, without the CAP_ prefix.`,
    remediation: 'Remove the capability from securityContext.capabilities.add (NET_RAW, SYS_ADMIN and the like are never allowed at the baseline level).',
  }),
  *check(t: WorkloadTarget): Iterable<Violation> {
    for (const bad of forbiddenBaselineCapabilities(t)) {
      yield { message: `${bad.label} must not add capability ${show(bad.value)}`, path: bad.path };
    }
  },
};
