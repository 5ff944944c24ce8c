import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { pssRule, type PssControl } from '../control.js';
import { annotationPointer, annotationsOf, containersOf, obj, securityContextOf, show, specOf } from '../pod.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const ALLOWED_TYPES = new Set(['RuntimeDefault', 'Localhost']);

function allowedAnnotationValue(value: unknown): boolean {
  return value === '' || value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/'));
}

export const appArmorProfile: PssControl = {
  level: 'baseline',
  since: [1, 0],
  rule: pssRule('baseline', 'apparmor-profile', {
    title: 'AppArmor must not be disabled or overridden',
    description:
      'The runtime/default AppArmor profile must not be disabled. The baseline standard allows securityContext.appArmorProfile.type RuntimeDefault or Localhost (pod and containers) and the beta annotations container.apparmor.security.beta.kubernetes.io/* with runtime/default or localhost/* values.',
    remediation: 'Remove the Unconfined AppArmor profile: set appArmorProfile.type to RuntimeDefault (or Localhost with a profile), or drop the annotation.',
  }),
  *check(t: WorkloadTarget): Iterable<Violation> {
    const annotations = annotationsOf(t);
    for (const key of Object.keys(annotations)) {
      if (key.startsWith(ANNOTATION_PREFIX) && !allowedAnnotationValue(annotations[key])) {
        yield {
          message: `annotation ${key}=${show(annotations[key])} is forbidden: use runtime/default or localhost/<profile>`,
          pointer: annotationPointer(t, key),
        };
      }
    }
    // The field check applies at every policy version, as in the admission plugin.
    const spec = specOf(t);
    const podProfile = obj(securityContextOf(spec)?.['appArmorProfile']);
    if (podProfile && !ALLOWED_TYPES.has(podProfile['type'] as string)) {
      yield {
        message: `pod must not set securityContext.appArmorProfile.type to ${show(podProfile['type'])}: use RuntimeDefault or Localhost`,
        path: ['securityContext', 'appArmorProfile', 'type'],
      };
    }
    for (const c of containersOf(spec)) {
      const profile = obj(securityContextOf(c.container)?.['appArmorProfile']);
      if (profile && !ALLOWED_TYPES.has(profile['type'] as string)) {
        yield {
          message: `${c.label} must not set securityContext.appArmorProfile.type to ${show(profile['type'])}: use RuntimeDefault or Localhost`,
          path: [...c.path, 'securityContext', 'appArmorProfile', 'type'],
        };
      }
    }
  },
};
