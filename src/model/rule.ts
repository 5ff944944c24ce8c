import type { Severity } from './severity.js';

/** Frameworks and categories a rule can be tagged with. Free-form tags are allowed too. */
export type RuleTag =
  | 'schema'
  | 'pss-baseline'
  | 'pss-restricted'
  | 'nsa-cisa'
  | 'cis-k8s'
  | 'best-practice'
  | 'gitops'
  | 'needs-repository'
  | (string & {});

/**
 * Tag of rules that judge what is in the repository: other objects of the run (a
 * PodDisruptionBudget for a Deployment, the workloads a Service selects), paths, or how a file is
 * committed (a plain-text Secret). At admission there is one object and no repository, so the
 * admission webhook leaves these rules out; `check`, the Action and the plugin step run them.
 */
export const NEEDS_REPOSITORY_TAG = 'needs-repository';

/** Metadata every check declares (the ESLint `meta` idea). */
export interface Rule {
  /** Stable, kebab-case, namespaced: `schema/...`, `pss/...`, `k8s/...`, `gitops/...`, `rego/<package>/...`. */
  id: string;
  title: string;
  /** Default severity; the config may override it per run. */
  severity: Severity;
  description: string;
  remediation: string;
  helpUri: string;
  tags: RuleTag[];
}
