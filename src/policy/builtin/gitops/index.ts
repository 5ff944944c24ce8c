import type { Rule } from '../../../model/index.js';
import type { Policy } from '../../ts/index.js';
import { argoProject } from './argo-project.js';
import { fluxDependsOnCycle } from './depends-on-cycle.js';
import { helmChartVersion } from './helm-chart-version.js';
import { fluxKustomizationPath } from './kustomization-path.js';
import { plaintextSecret } from './plaintext-secret.js';
import { fluxIntervalMissing, fluxPruneDisabled } from './reconcile-settings.js';
import { fluxSourceRef } from './source-ref.js';

export { isExactVersion } from './helm-chart-version.js';

/** Every GitOps hygiene check (`gitops/...`). */
export const GITOPS_POLICIES: readonly Policy[] = Object.freeze([
  plaintextSecret,
  fluxSourceRef,
  fluxKustomizationPath,
  fluxDependsOnCycle,
  argoProject,
  helmChartVersion,
  fluxIntervalMissing,
  fluxPruneDisabled,
]);

export const GITOPS_RULES: readonly Rule[] = Object.freeze(GITOPS_POLICIES.map((p) => p.rule));

export function gitopsPolicies(): Policy[] {
  return [...GITOPS_POLICIES];
}
