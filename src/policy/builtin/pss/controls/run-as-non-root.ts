import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { pssRule, type PssControl } from '../control.js';
import { containersOf, isSet, securityContextOf, show, specOf, usesUserNamespace } from '../pod.js';
import { atLeast, type PssVersion } from '../version.js';

export const runAsNonRoot: PssControl = {
  level: 'restricted',
  since: [1, 0],
  rule: pssRule('restricted', 'run-as-non-root', {
    title: 'Containers must run as non-root',
    description:
      'runAsNonRoot must be true on the pod, or on every container that does not inherit it from the pod; no container may set it to false. From policy version 1.35, pods in a user namespace (spec.hostUsers: false) are exempt.',
    remediation: 'Set spec.securityContext.runAsNonRoot: true (and remove runAsNonRoot: false from containers); make the image run as a non-zero UID.',
  }),
  *check(t: WorkloadTarget, v: PssVersion): Iterable<Violation> {
    const spec = specOf(t);
    if (atLeast(v, 1, 35) && usesUserNamespace(spec)) return;
    const podValue = securityContextOf(spec)?.['runAsNonRoot'];
    if (isSet(podValue) && podValue !== true) {
      yield { message: `pod must not set securityContext.runAsNonRoot to ${show(podValue)}`, path: ['securityContext', 'runAsNonRoot'] };
    }
    for (const c of containersOf(spec)) {
      const value = securityContextOf(c.container)?.['runAsNonRoot'];
      const path = [...c.path, 'securityContext', 'runAsNonRoot'];
      if (isSet(value)) {
        if (value !== true) yield { message: `${c.label} must not set securityContext.runAsNonRoot to ${show(value)}`, path };
      } else if (!isSet(podValue)) {
        yield { message: `pod or ${c.label} must set securityContext.runAsNonRoot=true`, path };
      }
    }
  },
};
