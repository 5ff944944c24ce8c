import { NEEDS_REPOSITORY_TAG, type Rule, type RuleTag, type Severity } from '../../../model/index.js';
import { definePolicy, type Policy, type ResourceCheck } from '../../ts/index.js';

export interface GitopsMeta {
  title: string;
  severity: Severity;
  description: string;
  remediation: string;
  helpUri: string;
  tags?: RuleTag[];
}

/** Rule metadata of a GitOps hygiene check: id `gitops/<check>`, tag `gitops` first, and `needs-repository` (they judge what is committed). */
export function gitopsRule(check: string, meta: GitopsMeta): Rule {
  return Object.freeze({
    id: `gitops/${check}`,
    title: meta.title,
    severity: meta.severity,
    description: meta.description,
    remediation: meta.remediation,
    helpUri: meta.helpUri,
    tags: Object.freeze(['gitops', ...(meta.tags ?? []), NEEDS_REPOSITORY_TAG]) as RuleTag[],
  });
}

export function gitopsPolicy(check: string, meta: GitopsMeta, kinds: readonly string[], fn: ResourceCheck): Policy {
  return definePolicy({ rule: gitopsRule(check, meta), kinds, check: fn });
}
