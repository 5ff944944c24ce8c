import { ruleOptionsOf } from '../config/index.js';
import { loadInputs } from '../load/index.js';
import type { Finding, Resource, Rule } from '../model/index.js';
import {
  ALL_BUILTIN_RULES,
  createPolicySet,
  createRepositoryView,
  loadRegoPolicies,
  loadGatekeeper,
  isGatekeeperObject,
  isAdmissionPolicyObject,
  loadAdmissionPolicies,
  loadUserPolicies,
  loadWasmPolicies,
  policyDirsOrDefault,
  selectBuiltinPolicies,
  type Policy,
  type PolicySetRunOptions,
} from '../policy/index.js';
import type { RunOptions } from './options.js';

export interface PolicyStageResult {
  findings: Finding[];
  rules: Rule[];
}

const BUILTIN_IDS = new Set(ALL_BUILTIN_RULES.map((r) => r.id));

/**
 * The built-in policies for the run: the preset's, plus built-in rules the config gives a
 * severity (configuring a rule turns it on), minus the ones it turns `off`.
 */
export function builtinPoliciesFor(options: Pick<RunOptions, 'preset' | 'pssVersion' | 'ruleSettings'>): Policy[] {
  if (options.preset === 'none') return [];
  const enable: string[] = [];
  const disable: string[] = [];
  for (const [id, setting] of Object.entries(options.ruleSettings)) {
    if (setting.severity === 'off') disable.push(id);
    else if (setting.severity !== undefined && BUILTIN_IDS.has(id)) enable.push(id);
  }
  return selectBuiltinPolicies({
    preset: options.preset,
    enable,
    disable,
    ...(options.pssVersion ? { pssVersion: options.pssVersion } : {}),
  });
}

/**
 * Runs every policy source over all resources of the run (cross-resource checks see them all):
 * the built-in library, the user's TypeScript/JavaScript policies and the user's Rego policies
 * (conftest-compatible) from the policy directories.
 */
export async function runPolicyStage(resources: Resource[], kubernetesVersion: string, options: RunOptions): Promise<PolicyStageResult> {
  const runOptions: PolicySetRunOptions = {
    kubernetesVersion,
    ...(options.pssVersion ? { pssVersion: options.pssVersion } : {}),
    ruleOptions: ruleOptionsOf(options.ruleSettings),
    repository: createRepositoryView(options.root),
  };
  const findings: Finding[] = [];
  const rules: Rule[] = [];

  const builtin = builtinPoliciesFor(options);
  if (builtin.length > 0) {
    const set = createPolicySet(builtin);
    findings.push(...set.run(resources, runOptions));
    rules.push(...set.rules);
  }

  const dirs = policyDirsOrDefault(options.policyDirs, options.root);
  await runGatekeeper(resources, dirs, options, findings, rules);
  await runAdmissionPolicies(resources, dirs, options, findings, rules);
  if (dirs.length === 0) return { findings, rules };

  const user = await loadUserPolicies(dirs, { root: options.root, ...(options.policyTimeoutMs ? { timeoutMs: options.policyTimeoutMs } : {}) });
  try {
    findings.push(...user.loadFindings);
    if (user.policies.length > 0) findings.push(...(await user.run(resources, runOptions)));
    rules.push(...user.rules);
  } finally {
    await user.close();
  }

  const rego = loadRegoPolicies(dirs, {
    root: options.root,
    namespaces: options.rego.namespaces,
    allNamespaces: options.rego.allNamespaces,
    dataFiles: options.rego.dataFiles,
    combine: options.rego.combine,
    regoV0: options.rego.regoV0,
  });
  findings.push(...rego.loadFindings, ...rego.run(resources));
  rules.push(...rego.rules);

  const wasm = loadWasmPolicies(dirs, { root: options.root });
  findings.push(...wasm.loadFindings, ...wasm.run(resources));
  rules.push(...wasm.rules);
  return { findings, rules };
}

/**
 * Gatekeeper ConstraintTemplates and Constraints, from the checked paths and the policy
 * directories, judge the resources of the run as the admission controller would.
 */
async function runGatekeeper(resources: Resource[], dirs: string[], options: RunOptions, findings: Finding[], rules: Rule[]): Promise<void> {
  const fromDirs = dirs.length ? (await loadInputs({ root: options.root, inputs: dirs, gitignore: false })).resources.filter(isGatekeeperObject) : [];
  if (fromDirs.length === 0 && !resources.some(isGatekeeperObject)) return;
  const gatekeeper = loadGatekeeper([...resources, ...fromDirs], { root: options.root });
  findings.push(...gatekeeper.loadFindings, ...gatekeeper.run(resources));
  rules.push(...gatekeeper.rules);
}

/**
 * Kubernetes ValidatingAdmissionPolicies and their bindings, from the checked paths and the
 * policy directories, judge the resources of the run as the API server would.
 */
async function runAdmissionPolicies(resources: Resource[], dirs: string[], options: RunOptions, findings: Finding[], rules: Rule[]): Promise<void> {
  const fromDirs = dirs.length ? (await loadInputs({ root: options.root, inputs: dirs, gitignore: false })).resources.filter(isAdmissionPolicyObject) : [];
  if (fromDirs.length === 0 && !resources.some(isAdmissionPolicyObject)) return;
  const policies = loadAdmissionPolicies([...resources, ...fromDirs]);
  findings.push(...policies.loadFindings, ...policies.run(resources));
  rules.push(...policies.rules);
}

/** The name the admission gate (src/engine/gate.ts) uses for the same selection. */
export const policiesForPreset = builtinPoliciesFor;
