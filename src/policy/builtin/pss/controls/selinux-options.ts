import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { pssRule, type PssControl } from '../control.js';
import { containersOf, isSet, obj, securityContextOf, show, specOf } from '../pod.js';
import { atLeast, type PssVersion } from '../version.js';

const TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const TYPES_1_31 = [...TYPES_1_0, 'container_engine_t'];

export function allowedSELinuxTypes(v: PssVersion): readonly string[] {
  return atLeast(v, 1, 31) ? TYPES_1_31 : TYPES_1_0;
}

function* checkOptions(owner: string, options: unknown, base: (string | number)[], types: readonly string[]): Iterable<Violation> {
  const o = obj(options);
  if (!o) return;
  const type = o['type'] ?? '';
  if (typeof type !== 'string' || !types.includes(type)) {
    yield {
      message: `${owner} must not set securityContext.seLinuxOptions.type to ${show(type)}: allowed are ${types.filter(Boolean).join(', ')} or none`,
      path: [...base, 'type'],
    };
  }
  for (const field of ['user', 'role']) {
    if (isSet(o[field]) && o[field] !== '') {
      yield { message: `${owner} must not set securityContext.seLinuxOptions.${field}`, path: [...base, field] };
    }
  }
}

export const seLinuxOptions: PssControl = {
  level: 'baseline',
  since: [1, 0],
  rule: pssRule('baseline', 'selinux-options', {
    title: 'Custom SELinux user, role or type is forbidden',
    description:
      'Setting the SELinux user or role is forbidden, and the type is limited to container_t, container_init_t and container_kvm_t (plus container_engine_t from policy version 1.31), on the pod and every container.',
    remediation: 'Remove seLinuxOptions.user and seLinuxOptions.role, and use an allowed seLinuxOptions.type or none.',
  }),
  *check(t: WorkloadTarget, v: PssVersion): Iterable<Violation> {
    const types = allowedSELinuxTypes(v);
    const spec = specOf(t);
    yield* checkOptions('pod', securityContextOf(spec)?.['seLinuxOptions'], ['securityContext', 'seLinuxOptions'], types);
    for (const c of containersOf(spec)) {
      yield* checkOptions(c.label, securityContextOf(c.container)?.['seLinuxOptions'], [...c.path, 'securityContext', 'seLinuxOptions'], types);
    }
  },
};
