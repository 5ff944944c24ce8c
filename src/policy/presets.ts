import { atLeast, type Rule, type Severity } from '../model/index.js';
import { BEST_PRACTICE_POLICIES, BEST_PRACTICE_RULES, PSS_EQUIVALENTS } from './builtin/best-practice/index.js';
import { GITOPS_POLICIES, GITOPS_RULES } from './builtin/gitops/index.js';
import { PSS_RULES, pssPolicies, type PssLevel } from './builtin/pss/index.js';
import { builtinRegoPolicies } from './builtin/rego/index.js';
import { definePolicy, type Policy, type PolicyContext, type Target, type Violation, type WorkloadPolicyDefinition } from './ts/index.js';

export type PresetName = 'minimal' | 'recommended' | 'strict';

export interface PresetDefinition {
  name: PresetName;
  description: string;
  /** Pod Security Standards level the preset runs. */
  pssLevel: PssLevel;
  /** Whether schema validation runs (the schema stage lives in src/schema; the engine reads this). */
  schema: boolean;
  /** Whether a best-practice (`k8s/...`) or GitOps (`gitops/...`) rule is on by default. */
  includes(rule: Rule): boolean;
  /** Leave out best practices whose Pod Security Standards control runs too (see PSS_EQUIVALENTS). */
  dropPssDuplicates: boolean;
}

function isSecurityRule(rule: Rule): boolean {
  return rule.tags.includes('security');
}

export const PRESETS: Readonly<Record<PresetName, PresetDefinition>> = Object.freeze({
  minimal: {
    name: 'minimal',
    description: 'Schema validation, Pod Security Standards baseline, and the critical and high security checks (privileged, cluster-admin, runtime socket, secrets in plain text...).',
    pssLevel: 'baseline',
    schema: true,
    includes: (rule) => atLeast(rule.severity, 'high') && (isSecurityRule(rule) || rule.id === 'gitops/plaintext-secret'),
    dropPssDuplicates: true,
  },
  recommended: {
    name: 'recommended',
    description: 'The default: schema validation, Pod Security Standards baseline, and every best-practice and GitOps check of medium severity or above (the low and info ones are left to strict).',
    pssLevel: 'baseline',
    schema: true,
    includes: (rule) => atLeast(rule.severity, 'medium'),
    dropPssDuplicates: true,
  },
  strict: {
    name: 'strict',
    description: 'Every built-in rule, with the Pod Security Standards at the restricted level.',
    pssLevel: 'restricted',
    schema: true,
    includes: () => true,
    dropPssDuplicates: false,
  },
});

export const PRESET_NAMES: readonly PresetName[] = Object.freeze(Object.keys(PRESETS) as PresetName[]);

/** Every rule the built-in policies can report (PSS at every level, best practices, GitOps, the built-in Rego rules), for `syncgate rules`. */
export const ALL_BUILTIN_RULES: readonly Rule[] = Object.freeze([...PSS_RULES, ...BEST_PRACTICE_RULES, ...GITOPS_RULES, ...builtinRegoPolicies().map((p) => p.rule)]);

export interface SelectBuiltinOptions {
  preset: PresetName;
  /** Pod Security Standards version (`1.33`, `v1.33`, `latest`); default latest. */
  pssVersion?: string;
  /** Rule ids (or globs such as `k8s/*`) to turn on besides the preset's. */
  enable?: readonly string[];
  /** Rule ids (or globs) to turn off; wins over `enable`. */
  disable?: readonly string[];
  /** Default severity per rule id; ids of rules that are not built in are ignored (they belong to other policy sources). */
  severityOverrides?: Readonly<Record<string, Severity>>;
}

function globMatcher(patterns: readonly string[]): (id: string) => boolean {
  const regexps = patterns.map((p) => new RegExp('^' + p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*') + '$'));
  return (id) => regexps.some((r) => r.test(id));
}

/**
 * The built-in policies to run: the preset's selection, plus `enable`, minus `disable`, with
 * severities overridden by wrapping the policy (the shared built-in objects are never changed).
 * Throws when an `enable` entry names no built-in rule.
 */
export function selectBuiltinPolicies(options: SelectBuiltinOptions): Policy[] {
  const preset = PRESETS[options.preset];
  if (!preset) throw new Error(`unknown preset ${JSON.stringify(options.preset)}: use ${PRESET_NAMES.join(', ')}`);
  const enable = options.enable ?? [];
  const allIds = ALL_BUILTIN_RULES.map((r) => r.id);
  const unknown = enable.filter((e) => !allIds.some(globMatcher([e])));
  if (unknown.length > 0) throw new Error(`unknown built-in rule${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')} to enable; \`syncgate rules\` lists them`);
  const enabled = globMatcher(enable);
  const disabled = globMatcher(options.disable ?? []);
  const version = options.pssVersion !== undefined ? { pssVersion: options.pssVersion } : {};

  const pss = pssPolicies({ pssLevel: preset.pssLevel, ...version });
  const pssIds = new Set(pss.map((p) => p.rule.id));
  // Restricted controls turned on by id under a baseline preset.
  if (preset.pssLevel === 'baseline' && enable.length > 0) {
    for (const p of pssPolicies({ pssLevel: 'restricted', ...version })) {
      if (!pssIds.has(p.rule.id) && enabled(p.rule.id)) {
        pss.push(p);
        pssIds.add(p.rule.id);
      }
    }
  }
  const others = [...BEST_PRACTICE_POLICIES, ...GITOPS_POLICIES, ...builtinRegoPolicies()].filter((p) => {
    if (enabled(p.rule.id)) return true;
    if (!preset.includes(p.rule)) return false;
    return !(preset.dropPssDuplicates && (PSS_EQUIVALENTS[p.rule.id] ?? []).some((id) => pssIds.has(id)));
  });
  const overrides = options.severityOverrides ?? {};
  return [...pss, ...others]
    .filter((p) => !disabled(p.rule.id))
    .map((p) => (Object.prototype.hasOwnProperty.call(overrides, p.rule.id) ? withSeverity(p, overrides[p.rule.id]!) : p));
}

/** A copy of `policy` whose rule and findings carry `severity`. */
export function withSeverity(policy: Policy, severity: Severity): Policy {
  if (policy.rule.severity === severity) return policy;
  const rule = Object.freeze({ ...policy.rule, severity });
  const check = policy.check as (target: Target, ctx: PolicyContext) => Iterable<Violation> | void | undefined;
  const wrapped = function* (target: Target, ctx: PolicyContext): Iterable<Violation> {
    const result = check(target, ctx);
    if (!result) return;
    for (const v of result) yield { ...v, severity };
  };
  // The wrapper keeps the policy's kinds, so it sees the same targets as the check it wraps.
  return definePolicy({ ...policy, rule, check: wrapped, source: policy.source } as WorkloadPolicyDefinition);
}
