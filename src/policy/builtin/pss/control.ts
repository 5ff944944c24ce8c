import type { Rule, Severity } from '../../../model/index.js';
import type { Violation, WorkloadTarget } from '../../ts/index.js';
import type { PssVersion } from './version.js';

export type PssLevel = 'baseline' | 'restricted';

/** One Pod Security Standards control, as the admission plugin versions it. */
export interface PssControl {
  rule: Rule;
  level: PssLevel;
  /** The first policy version that has this control. */
  since: [major: number, minor: number];
  /**
   * At the restricted level, the baseline control this one replaces (as the admission plugin's
   * overrides do): it reports that control's violations too, with the baseline severity.
   */
  replaces?: string;
  check(target: WorkloadTarget, version: PssVersion): Iterable<Violation>;
}

const PAGE = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';

export const BASELINE_SEVERITY: Severity = 'high';
export const RESTRICTED_SEVERITY: Severity = 'medium';

/** Rule metadata for a control: id `pss/<control>`, level tag, level severity, link to the level's section. */
export function pssRule(
  level: PssLevel,
  control: string,
  meta: { title: string; description: string; remediation: string },
): Rule {
  return Object.freeze({
    id: `pss/${control}`,
    title: meta.title,
    severity: level === 'baseline' ? BASELINE_SEVERITY : RESTRICTED_SEVERITY,
    description: meta.description,
    remediation: meta.remediation,
    helpUri: `${PAGE}#${level}`,
    // Restricted includes every baseline control; a rule carries the level that introduces it.
    tags: [level === 'baseline' ? 'pss-baseline' : 'pss-restricted'],
  });
}
