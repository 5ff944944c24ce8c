import type { Rule, RuleTag, Severity } from '../../../model/index.js';
import { definePolicy, type Policy, type ResourceCheck, type WorkloadCheck } from '../../ts/index.js';

export interface BestPracticeMeta {
  title: string;
  severity: Severity;
  description: string;
  remediation: string;
  /** Framework tags besides `best-practice`: `nsa-cisa`, `cis-k8s`, or a category. */
  tags?: RuleTag[];
  helpUri?: string;
}

const DEFAULT_HELP = 'https://kubernetes.io/docs/concepts/configuration/overview/';

/** Rule metadata of a workload best practice: id `k8s/<check>`, tag `best-practice` first. */
export function bestPracticeRule(check: string, meta: BestPracticeMeta): Rule {
  return Object.freeze({
    id: `k8s/${check}`,
    title: meta.title,
    severity: meta.severity,
    description: meta.description,
    remediation: meta.remediation,
    helpUri: meta.helpUri ?? DEFAULT_HELP,
    tags: Object.freeze(['best-practice', ...(meta.tags ?? [])]) as RuleTag[],
  });
}

/** A best practice that reads the pod spec of every workload kind. */
export function workloadPractice(check: string, meta: BestPracticeMeta, fn: WorkloadCheck): Policy {
  return definePolicy({ rule: bestPracticeRule(check, meta), kinds: 'workloads', check: fn });
}

/** A best practice that reads whole resources of the given kinds. */
export function resourcePractice(check: string, meta: BestPracticeMeta, kinds: readonly string[], fn: ResourceCheck): Policy {
  return definePolicy({ rule: bestPracticeRule(check, meta), kinds, check: fn });
}
