import type { PssControl } from '../control.js';
import { allowPrivilegeEscalation } from './allow-privilege-escalation.js';
import { appArmorProfile } from './apparmor-profile.js';
import { capabilitiesBaseline } from './capabilities-baseline.js';
import { capabilitiesRestricted } from './capabilities-restricted.js';
import { windowsHostProcess } from './host-process.js';
import { hostNamespaces } from './host-namespaces.js';
import { hostPathVolumes } from './host-path-volumes.js';
import { hostPorts } from './host-ports.js';
import { hostProbesAndLifecycle } from './host-probes-and-lifecycle.js';
import { privileged } from './privileged.js';
import { procMount } from './proc-mount.js';
import { procMountRestricted } from './proc-mount-restricted.js';
import { restrictedVolumes } from './restricted-volumes.js';
import { runAsNonRoot } from './run-as-non-root.js';
import { runAsUser } from './run-as-user.js';
import { seccompProfileBaseline } from './seccomp-profile-baseline.js';
import { seccompProfileRestricted } from './seccomp-profile-restricted.js';
import { seLinuxOptions } from './selinux-options.js';
import { sysctls } from './sysctls.js';

/** Every control, baseline first, in the order of the Pod Security Standards page. */
export const PSS_CONTROLS: readonly PssControl[] = Object.freeze([
  windowsHostProcess,
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  hostProbesAndLifecycle,
  appArmorProfile,
  seLinuxOptions,
  procMount,
  seccompProfileBaseline,
  sysctls,
  restrictedVolumes,
  allowPrivilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
  capabilitiesRestricted,
  procMountRestricted,
]);
