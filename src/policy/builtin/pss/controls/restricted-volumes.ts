import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { BASELINE_SEVERITY, pssRule, type PssControl } from '../control.js';
import { isObj, isSet, list, specOf } from '../pod.js';

/** Volume types the restricted standard allows (the admission plugin allows `image` at every version). */
export const RESTRICTED_VOLUME_TYPES: ReadonlySet<string> = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
]);

export const restrictedVolumes: PssControl = {
  level: 'restricted',
  since: [1, 0],
  replaces: 'pss/host-path-volumes',
  rule: pssRule('restricted', 'restricted-volumes', {
    title: 'Only core volume types are allowed',
    description: `The restricted standard limits volumes to ${[...RESTRICTED_VOLUME_TYPES].join(', ')}; other types (hostPath, nfs, iscsi, cloud disks, ...) must go through PersistentVolumes. A hostPath volume is also a baseline violation and is reported with the baseline severity.`,
    remediation: 'Use a persistentVolumeClaim for network and cloud storage, or one of the allowed volume types.',
  }),
  *check(t: WorkloadTarget): Iterable<Violation> {
    for (const [i, v] of list(specOf(t)['volumes']).entries()) {
      if (!isObj(v)) continue;
      const name = JSON.stringify(v['name'] ?? `#${i}`);
      for (const key of Object.keys(v)) {
        if (key === 'name' || !isSet(v[key]) || RESTRICTED_VOLUME_TYPES.has(key)) continue;
        const violation: Violation = { message: `volume ${name} must not use volume type ${key}`, path: ['volumes', i, key] };
        if (key === 'hostPath') violation.severity = BASELINE_SEVERITY;
        yield violation;
      }
    }
  },
};
