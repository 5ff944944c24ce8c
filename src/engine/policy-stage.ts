import { ruleOptionsOf } from '../config/index.js';
import type { Finding, Resource, Rule } from '../model/index.js';
import { builtinPolicies, createPolicySet, type Policy } from '../policy/index.js';
import type { RunOptions } from './options.js';

export interface PolicyStageResult {
  findings: Finding[];
  rules: Rule[];
}

/** The built-in policies a preset turns on. */
export function policiesForPreset(options: Pick<RunOptions, 'preset' | 'pssVersion'>): Policy[] {
  const pssVersion = options.pssVersion ? { pssVersion: options.pssVersion } : {};
  switch (options.preset) {
    case 'none':
      return [];
    case 'strict':
      return builtinPolicies({ pssLevel: 'restricted', ...pssVersion });
    case 'minimal':
    case 'recommended':
      return builtinPolicies({ pssLevel: 'baseline', ...pssVersion });
  }
}

/** Runs the policy set over every resource of the run (cross-resource checks see them all). */
export function runPolicyStage(resources: Resource[], kubernetesVersion: string, options: RunOptions): PolicyStageResult {
  const policies = policiesForPreset(options);
  if (policies.length === 0) return { findings: [], rules: [] };
  const set = createPolicySet(policies);
  const findings = set.run(resources, {
    kubernetesVersion,
    ...(options.pssVersion ? { pssVersion: options.pssVersion } : {}),
    ruleOptions: ruleOptionsOf(options.ruleSettings),
  });
  return { findings, rules: [...set.rules] };
}
