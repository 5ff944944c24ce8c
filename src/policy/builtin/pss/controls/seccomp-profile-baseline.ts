import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { pssRule, type PssControl } from '../control.js';
import { annotationPointer, annotationsOf, containersOf, isSet, obj, securityContextOf, show, specOf } from '../pod.js';
import { atLeast, type PssVersion } from '../version.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

export function validSeccompType(type: unknown): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function validAnnotationValue(value: unknown): boolean {
  return value === 'runtime/default' || value === 'docker/default' || (typeof value === 'string' && value.startsWith('localhost/'));
}

/** Before policy 1.19: the alpha seccomp annotations of the pod and of each container. */
function* annotationViolations(t: WorkloadTarget): Iterable<Violation> {
  const annotations = annotationsOf(t);
  const keys = [POD_ANNOTATION, ...containersOf(specOf(t)).map((c) => CONTAINER_ANNOTATION_PREFIX + c.name)];
  for (const key of new Set(keys)) {
    if (Object.prototype.hasOwnProperty.call(annotations, key) && !validAnnotationValue(annotations[key])) {
      yield {
        message: `annotation ${key}=${show(annotations[key])} is forbidden: use runtime/default or localhost/<profile>`,
        pointer: annotationPointer(t, key),
      };
    }
  }
}

/** Pod and containers that explicitly set seccompProfile to something other than RuntimeDefault or Localhost. */
export function* explicitSeccompViolations(t: WorkloadTarget): Iterable<Violation> {
  const spec = specOf(t);
  const pod = securityContextOf(spec)?.['seccompProfile'];
  if (isSet(pod) && !validSeccompType(obj(pod)?.['type'])) {
    yield {
      message: `pod must not set securityContext.seccompProfile.type to ${show(obj(pod)?.['type'])}: use RuntimeDefault or Localhost`,
      path: ['securityContext', 'seccompProfile', 'type'],
    };
  }
  for (const c of containersOf(spec)) {
    const profile = securityContextOf(c.container)?.['seccompProfile'];
    if (isSet(profile) && !validSeccompType(obj(profile)?.['type'])) {
      yield {
        message: `${c.label} must not set securityContext.seccompProfile.type to ${show(obj(profile)?.['type'])}: use RuntimeDefault or Localhost`,
        path: [...c.path, 'securityContext', 'seccompProfile', 'type'],
      };
    }
  }
}

export const seccompProfileBaseline: PssControl = {
  level: 'baseline',
  since: [1, 0],
  rule: pssRule('baseline', 'seccomp-profile-baseline', {
    title: 'Seccomp must not be disabled',
    description:
      'When a seccomp profile is set, it must be RuntimeDefault or Localhost (securityContext.seccompProfile.type from policy version 1.19; before 1.19 the alpha annotations seccomp.security.alpha.kubernetes.io/pod and container.seccomp.security.alpha.kubernetes.io/<name> with runtime/default, docker/default or localhost/*).',
    remediation: 'Set securityContext.seccompProfile.type to RuntimeDefault (or Localhost with a profile) instead of Unconfined.',
  }),
  *check(t: WorkloadTarget, v: PssVersion): Iterable<Violation> {
    yield* atLeast(v, 1, 19) ? explicitSeccompViolations(t) : annotationViolations(t);
  },
};
