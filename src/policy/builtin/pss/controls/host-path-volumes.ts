import type { Violation, WorkloadTarget } from '../../../ts/index.js';
import { pssRule, type PssControl } from '../control.js';
import { isObj, isSet, list, specOf } from '../pod.js';

export const hostPathVolumes: PssControl = {
  level: 'baseline',
  since: [1, 0],
  rule: pssRule('baseline', 'host-path-volumes', {
    title: 'HostPath volumes are forbidden',
    description: 'A hostPath volume exposes the node\'s file system to the pod. The baseline standard forbids spec.volumes[*].hostPath.',
    remediation: 'Replace the hostPath volume with a persistentVolumeClaim, configMap, secret, emptyDir or CSI volume.',
  }),
  *check(t: WorkloadTarget): Iterable<Violation> {
    for (const [i, v] of list(specOf(t)['volumes']).entries()) {
      if (isObj(v) && isSet(v['hostPath'])) {
        yield { message: `volume ${JSON.stringify(v['name'] ?? `#${i}`)} must not use hostPath`, path: ['volumes', i, 'hostPath'] };
      }
    }
  },
};
