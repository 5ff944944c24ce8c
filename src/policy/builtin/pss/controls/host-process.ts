import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { pssRule, type PssControl } from '../control.js';
import { containersOf, obj, securityContextOf, specOf } from '../pod.js';

export const windowsHostProcess: PssControl = {
  level: 'baseline',
  since: [1, 0],
  rule: pssRule('baseline', 'windows-host-process', {
    title: 'Windows HostProcess containers are forbidden',
    description:
      'Windows HostProcess containers get privileged access to the Windows node. The baseline standard forbids windowsOptions.hostProcess=true on the pod and on every container.',
    remediation: 'Remove securityContext.windowsOptions.hostProcess or set it to false on the pod and on every container.',
  }),
  *check(t: WorkloadTarget): Iterable<Violation> {
    const spec = specOf(t);
    const podSc = securityContextOf(spec);
    if (obj(podSc?.['windowsOptions'])?.['hostProcess'] === true) {
      yield { message: 'pod must not set securityContext.windowsOptions.hostProcess=true', path: ['securityContext', 'windowsOptions', 'hostProcess'] };
    }
    for (const c of containersOf(spec)) {
      if (obj(securityContextOf(c.container)?.['windowsOptions'])?.['hostProcess'] === true) {
        yield {
          message: `${c.label} must not set securityContext.windowsOptions.hostProcess=true`,
          path: [...c.path, 'securityContext', 'windowsOptions', 'hostProcess'],
        };
      }
    }
  },
};
