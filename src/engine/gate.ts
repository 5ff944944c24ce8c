import { applyRuleSettings, configuredRules, ruleOptionsOf } from '../config/index.js';
import { LOADER_RULES, loadInputs } from '../load/index.js';
import {
  compareFindings,
  type Finding,
  type Report,
  type Resource,
  type Rule,
  type SkippedItem,
} from '../model/index.js';
import { createPolicySet, type Policy, type PolicySet, type PolicySetRunOptions } from '../policy/index.js';
import { APISERVER_RULES, findDuplicateObjects } from '../schema/apiserver/index.js';
import { createSchemaValidator, type SchemaValidator } from '../schema/index.js';
import { readBaseline, runWaiverStage, WAIVER_RULES, type Baseline } from '../waivers/index.js';
import type { RunOptions } from './options.js';
import { policiesForPreset } from './policy-stage.js';
import { MISSING_SCHEMA_RULE, validateEach } from './schema-stage.js';
import { groupBySyncScope } from './sync-scopes.js';
import { TOOL } from './tool.js';

/*
 * The checks of a run, compiled once and applied many times: the admission webhook builds one
 * per policy/config load and calls `check` per request. The stages are the ones run() uses
 * (schema validation, API-server rules, the policy set, rule settings, waivers), so a resource
 * gets the same findings here as from `syncgate check`.
 */

/**
 * A policy set that runs outside this thread (the user-policy worker of src/policy/user fits:
 * pass what `loadUserPolicies` returns). The gate owns it and closes it with `close()`.
 */
export interface ExternalPolicySet {
  readonly rules: readonly Rule[];
  run(resources: readonly Resource[], options?: PolicySetRunOptions): Promise<Finding[]>;
  close(): Promise<void>;
}

export interface GateExtras {
  /** In-process policies beyond the preset. */
  policies?: readonly Policy[];
  /** Rules left out entirely: ids, or `group/*`. */
  excludeRules?: readonly string[];
  /**
   * Rules carrying any of these tags are left out entirely, built-in or the user's. The admission
   * gate leaves out `needs-repository` rules: one admitted object has no repository around it.
   */
  excludeTags?: readonly string[];
  /** Policy sets run elsewhere (user policies in a worker with their own time budget). */
  policySets?: readonly ExternalPolicySet[];
}

export interface GateCheckOptions {
  /** Look for objects defined twice (a directory gate wants it; a single admitted object does not). */
  duplicates?: boolean;
  /** Clock for waiver expiry; default: now. */
  now?: Date;
}

export interface GateCheckResult {
  /** Findings after rule settings and waivers (waived ones carry `waiver`). */
  findings: Finding[];
  skipped: SkippedItem[];
}

export interface CompiledGate {
  readonly options: RunOptions;
  readonly kubernetesVersion: string;
  /** Every rule the gate can report, with configured severities. */
  readonly rules: readonly Rule[];
  readonly policySet: PolicySet;
  check(resources: Resource[], options?: GateCheckOptions): Promise<GateCheckResult>;
  /** Releases what the gate holds (external policy workers); call when it is no longer used. */
  close(): Promise<void>;
  /** A Report for the formatters, from one check's result. */
  report(resources: Resource[], result: GateCheckResult, fileCount?: number): Report;
}

/** Builds the schema validator (CRDs from options.crdPaths), the policy set and the baseline once. */
export async function compileGate(options: RunOptions, extras: GateExtras = {}): Promise<CompiledGate> {
  const crds = await loadCrds(options);
  const validator = await createSchemaValidator(
    {
      strict: options.strict,
      schemaLocations: options.schemaLocations,
      crdResources: crds,
      skipKinds: options.skipKinds,
      rejectKinds: options.rejectKinds,
      ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}),
    },
    [],
  );
  const excludedId = ruleMatcher(extras.excludeRules ?? []);
  const excludedTags = new Set(extras.excludeTags ?? []);
  const excludedRule = (rule: Rule) => excludedId(rule.id) || rule.tags.some((tag) => excludedTags.has(tag));
  const external = extras.policySets ?? [];
  // Findings of external sets carry only a rule id: resolve their excluded rules once.
  const excludedExternalIds = new Set(external.flatMap((set) => set.rules.filter(excludedRule).map((r) => r.id)));
  const excluded = (ruleId: string) => excludedId(ruleId) || excludedExternalIds.has(ruleId);
  const policySet = createPolicySet([...policiesForPreset(options), ...(extras.policies ?? [])].filter((p) => !excludedRule(p.rule)));
  const baseline: Baseline | undefined = options.baseline ? readBaseline(options.baseline) : undefined;
  const ruleOptions = ruleOptionsOf(options.ruleSettings);
  const schemaRules = [...validator.rules, ...APISERVER_RULES, ...(options.failOnMissingSchema ? [MISSING_SCHEMA_RULE] : [])];
  const rules = configuredRules(
    uniqueRules([...LOADER_RULES, ...schemaRules, ...policySet.rules, ...external.flatMap((set) => set.rules.filter((r) => !excludedRule(r))), ...WAIVER_RULES]),
    options.ruleSettings,
  );
  const runOptions: PolicySetRunOptions = {
    kubernetesVersion: validator.kubernetesVersion,
    ...(options.pssVersion ? { pssVersion: options.pssVersion } : {}),
    ruleOptions,
  };

  const check = async (resources: Resource[], checkOptions: GateCheckOptions = {}): Promise<GateCheckResult> => {
    const schema = schemaFindings(validator, resources, options, checkOptions.duplicates ?? false);
    const policyFindings = policySet.run(resources, runOptions);
    const externalFindings = external.length ? (await Promise.all(external.map((set) => set.run(resources, runOptions)))).flat().filter((f) => !excluded(f.ruleId)) : [];
    const checked = applyRuleSettings([...schema.findings, ...policyFindings, ...externalFindings], options.ruleSettings);
    const waived = runWaiverStage({
      ...(options.config ? { config: options.config } : {}),
      resources,
      findings: checked,
      root: options.root,
      reportWaivers: options.reportWaivers,
      ...(baseline ? { baseline } : {}),
      ...(options.ignoreResourceWaivers ? { ignoreResourceWaivers: true } : {}),
      now: checkOptions.now ?? options.now ?? new Date(),
    });
    return { findings: waived.findings.sort(compareFindings), skipped: schema.skipped };
  };

  return {
    options,
    kubernetesVersion: validator.kubernetesVersion,
    rules,
    policySet,
    check,
    async close() {
      await Promise.allSettled(external.map((set) => set.close()));
    },
    report(resources, result, fileCount) {
      return {
        tool: TOOL,
        root: options.root,
        findings: result.findings,
        rules: [...rules],
        resourceCount: resources.length,
        fileCount: fileCount ?? new Set(resources.map((r) => r.source.file)).size,
        skipped: result.skipped,
        timings: {},
        kubernetesVersion: validator.kubernetesVersion,
        failOn: options.failOn,
      };
    },
  };
}

/** The per-resource part of runSchemaStage, against a validator built once. */
function schemaFindings(validator: SchemaValidator, resources: Resource[], options: RunOptions, duplicates: boolean): { findings: Finding[]; skipped: SkippedItem[] } {
  const { findings, skipped, judged } = validateEach(validator, resources, options);
  if (duplicates) {
    const scopeOf = new Map<Resource, string>();
    groupBySyncScope(judged).forEach((scope, index) => scope.forEach((r) => scopeOf.set(r, String(index))));
    findings.push(...findDuplicateObjects(judged, undefined, { partitionOf: (r) => scopeOf.get(r) ?? '' }));
  }
  return { findings, skipped };
}

/** CRDs named by --crd; a path that cannot be read is an error at compile time (the server refuses the load). */
async function loadCrds(options: RunOptions): Promise<Resource[]> {
  if (options.crdPaths.length === 0) return [];
  const loaded = await loadInputs({ root: options.root, inputs: options.crdPaths, gitignore: false });
  if (loaded.inputErrors.length > 0) throw new Error(`--crd: ${loaded.inputErrors.join('; ')}`);
  return loaded.resources.filter((r) => r.kind === 'CustomResourceDefinition');
}

/** `id` matches itself; `group/*` matches every id under `group/`. */
function ruleMatcher(patterns: readonly string[]): (id: string) => boolean {
  const ids = new Set(patterns.filter((p) => !p.endsWith('/*')));
  const prefixes = patterns.filter((p) => p.endsWith('/*')).map((p) => p.slice(0, -1));
  return (id) => ids.has(id) || prefixes.some((prefix) => id.startsWith(prefix));
}

function uniqueRules(rules: readonly Rule[]): Rule[] {
  const byId = new Map<string, Rule>();
  for (const rule of rules) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  return [...byId.values()];
}
