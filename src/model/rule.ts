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
  | (string & {});

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
