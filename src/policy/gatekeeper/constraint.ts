import type { Resource, Rule, Severity } from '../../model/index.js';
import { asArray, asRecord, asString } from './objects.js';
import type { LoadedTemplate } from './template.js';

export type EnforcementAction = 'deny' | 'warn' | 'dryrun';

export interface LoadedConstraint {
  resource: Resource;
  template: LoadedTemplate;
  name: string;
  action: EnforcementAction;
  match: unknown;
  parameters: unknown;
  rule: Rule;
}

const SEVERITY: Record<EnforcementAction, Severity> = { deny: 'high', warn: 'medium', dryrun: 'info' };
const RANK: Record<EnforcementAction, number> = { deny: 3, warn: 2, dryrun: 1 };

/**
 * `spec.enforcementAction` (default deny). `scoped` takes the strongest action of
 * `scopedEnforcementActions`; an unknown action is reported by the caller and treated as deny.
 */
export function enforcementAction(spec: Record<string, unknown> | undefined): { action: EnforcementAction; unknown?: string } {
  const raw = asString(spec?.['enforcementAction']) ?? 'deny';
  if (raw === 'deny' || raw === 'warn' || raw === 'dryrun') return { action: raw };
  if (raw === 'scoped') {
    let best: EnforcementAction | undefined;
    for (const s of asArray(spec?.['scopedEnforcementActions'])) {
      const a = asString(asRecord(s)?.['action']);
      if ((a === 'deny' || a === 'warn' || a === 'dryrun') && (!best || RANK[a] > RANK[best])) best = a;
    }
    return { action: best ?? 'deny' };
  }
  return { action: 'deny', unknown: raw };
}

export function ruleIdOf(template: LoadedTemplate, constraintName: string): string {
  return `gatekeeper/${template.kind.toLowerCase()}/${constraintName}`;
}

export function constraintRule(template: LoadedTemplate, c: Resource, action: EnforcementAction): Rule {
  return {
    id: ruleIdOf(template, c.name),
    title: `${template.kind} ${c.name}`,
    severity: SEVERITY[action],
    description: template.description,
    remediation: `Change the resource so that it satisfies the Gatekeeper constraint ${template.kind}/${c.name} (template ${template.resource.source.file}, constraint ${c.source.file}).`,
    helpUri: 'https://open-policy-agent.github.io/gatekeeper/website/docs/howto',
    tags: ['gatekeeper'],
  };
}

export function loadConstraint(resource: Resource, template: LoadedTemplate): { constraint: LoadedConstraint; unknownAction?: string } {
  const spec = asRecord(resource.object['spec']);
  const { action, unknown } = enforcementAction(spec);
  const constraint: LoadedConstraint = {
    resource,
    template,
    name: resource.name,
    action,
    match: spec?.['match'],
    parameters: spec?.['parameters'],
    rule: constraintRule(template, resource, action),
  };
  return { constraint, ...(unknown !== undefined ? { unknownAction: unknown } : {}) };
}
