import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { pssRule, type PssControl } from '../control.js';
import { isObj, list, securityContextOf, show, specOf } from '../pod.js';
import { atLeast, type PssVersion } from '../version.js';

/** Safe sysctls by the policy version that allowed them. */
const SAFE_SYSCTLS: ReadonlyArray<[since: number, names: readonly string[]]> = [
  [0, ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start']],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [29, ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  [37, ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];

export function safeSysctls(v: PssVersion): ReadonlySet<string> {
  return new Set(SAFE_SYSCTLS.filter(([minor]) => atLeast(v, 1, minor)).flatMap(([, names]) => names));
}

export const sysctls: PssControl = {
  level: 'baseline',
  since: [1, 0],
  rule: pssRule('baseline', 'sysctls', {
    title: 'Only safe sysctls are allowed',
    description:
      'Sysctls can disable security mechanisms or affect every pod on the node. Only the namespaced, isolated "safe" set is allowed; the set grows with the policy version (1.27, 1.29, 1.32 and 1.37 added names).',
    remediation: 'Remove the sysctl from spec.securityContext.sysctls, or set it on the node if it is really needed.',
  }),
  *check(t: WorkloadTarget, v: PssVersion): Iterable<Violation> {
    const safe = safeSysctls(v);
    for (const [i, s] of list(securityContextOf(specOf(t))?.['sysctls']).entries()) {
      const name = isObj(s) ? s['name'] : undefined;
      if (typeof name !== 'string' || !safe.has(name)) {
        yield {
          message: `pod must not set sysctl ${show(name)}: it is not in the safe set of policy version 1.${v.minor}`,
          path: ['securityContext', 'sysctls', i, 'name'],
        };
      }
    }
  },
};
