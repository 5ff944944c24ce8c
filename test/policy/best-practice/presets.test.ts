import { describe, expect, it } from 'vitest';
import { atLeast } from '../../../src/model/index.js';
import { builtinRegoPolicies,
  ALL_BUILTIN_RULES,
  BEST_PRACTICE_POLICIES,
  BEST_PRACTICE_RULES,
  GITOPS_RULES,
  PRESETS,
  PSS_RULES,
  createPolicySet,
  selectBuiltinPolicies,
  type PresetName,
} from '../../../src/policy/index.js';
import { resourcesFromYaml } from '../helpers/yaml-resources.js';
import { deployment, yamlOf } from './harness.js';

const ids = (preset: PresetName, extra: Partial<Parameters<typeof selectBuiltinPolicies>[0]> = {}) =>
  selectBuiltinPolicies({ preset, ...extra }).map((p) => p.rule.id);

describe('presets', () => {
  it('list every built-in rule once for `syncgate rules`', () => {
    expect(ALL_BUILTIN_RULES).toHaveLength(PSS_RULES.length + BEST_PRACTICE_RULES.length + GITOPS_RULES.length + builtinRegoPolicies().length);
    expect(builtinRegoPolicies().length).toBeGreaterThan(0);
    expect(new Set(ALL_BUILTIN_RULES.map((r) => r.id)).size).toBe(ALL_BUILTIN_RULES.length);
  });

  it('strict runs every best-practice and GitOps rule and the restricted Pod Security Standards', () => {
    const strict = ids('strict');
    for (const r of [...BEST_PRACTICE_RULES, ...GITOPS_RULES]) expect(strict).toContain(r.id);
    expect(strict).toContain('pss/run-as-non-root');
    expect(PRESETS.strict.pssLevel).toBe('restricted');
  });

  it('recommended runs PSS baseline and the medium-and-above checks, without PSS duplicates', () => {
    const rec = ids('recommended');
    expect(rec).toEqual(expect.arrayContaining(['pss/privileged', 'pss/host-namespaces', 'k8s/read-only-root-filesystem', 'k8s/env-secret-literal', 'k8s/selector-mismatch', 'gitops/plaintext-secret', 'gitops/flux-source-ref', 'gitops/helm-chart-version']));
    expect(rec).not.toContain('pss/run-as-non-root');
    // Same field as a PSS baseline control that runs: left out.
    expect(rec).not.toContain('k8s/privileged-container');
    expect(rec).not.toContain('k8s/host-network');
    // Its restricted twin does not run at the baseline level: kept.
    expect(rec).toContain('k8s/run-as-non-root');
    for (const id of rec.filter((i) => !i.startsWith('pss/'))) {
      const rule = ALL_BUILTIN_RULES.find((r) => r.id === id)!;
      expect(atLeast(rule.severity, 'medium'), id).toBe(true);
    }
    expect(rec).not.toContain('k8s/single-replica');
    expect(rec).not.toContain('gitops/flux-prune-disabled');
  });

  it('minimal keeps the high-value security checks, a subset of recommended', () => {
    const min = ids('minimal');
    const rec = new Set(ids('recommended'));
    expect(min).toEqual(expect.arrayContaining(['pss/privileged', 'k8s/cluster-admin-binding', 'k8s/docker-socket-mount', 'k8s/env-secret-literal', 'gitops/plaintext-secret']));
    expect(min).not.toContain('k8s/read-only-root-filesystem');
    expect(min).not.toContain('k8s/selector-mismatch');
    expect(min.every((id) => rec.has(id))).toBe(true);
    expect(PRESETS.minimal.schema).toBe(true);
  });

  it('enable adds rules (also restricted PSS controls and duplicates), disable removes them, globs work', () => {
    const rec = ids('recommended', { enable: ['k8s/single-replica', 'pss/run-as-non-root', 'k8s/privileged-container'] });
    expect(rec).toEqual(expect.arrayContaining(['k8s/single-replica', 'pss/run-as-non-root', 'k8s/privileged-container']));
    expect(ids('strict', { disable: ['k8s/*'] }).some((id) => id.startsWith('k8s/'))).toBe(false);
    expect(ids('recommended', { enable: ['k8s/single-replica'], disable: ['k8s/single-replica'] })).not.toContain('k8s/single-replica');
    expect(() => ids('recommended', { enable: ['k8s/no-such-rule'] })).toThrow(/unknown built-in rule "k8s\/no-such-rule"/);
  });

  it('severity overrides wrap the policy: findings and rule change, the shared built-ins do not', () => {
    const shared = BEST_PRACTICE_POLICIES.find((p) => p.rule.id === 'k8s/image-latest-tag')!;
    const policies = selectBuiltinPolicies({ preset: 'recommended', severityOverrides: { 'k8s/image-latest-tag': 'critical', 'rego/other/rule': 'low' } });
    const wrapped = policies.find((p) => p.rule.id === 'k8s/image-latest-tag')!;
    expect(wrapped.rule.severity).toBe('critical');
    expect(shared.rule.severity).toBe('medium');
    const set = createPolicySet(policies);
    const findings = set.run(resourcesFromYaml(yamlOf([deployment({ container: { image: 'nginx' } })])));
    expect(findings.filter((f) => f.ruleId === 'k8s/image-latest-tag').map((f) => f.severity)).toEqual(['critical']);
    expect(set.rules.find((r) => r.id === 'k8s/image-latest-tag')!.severity).toBe('critical');
  });

  it('severity overrides also replace per-finding severities (PSS restricted reporting baseline violations)', () => {
    const policies = selectBuiltinPolicies({ preset: 'strict', severityOverrides: { 'pss/capabilities-restricted': 'low' } });
    const findings = createPolicySet(policies).run(resourcesFromYaml(yamlOf([deployment({ container: { securityContext: { capabilities: { add: ['SYS_ADMIN'], drop: ['ALL'] } } } })])));
    const caps = findings.filter((f) => f.ruleId === 'pss/capabilities-restricted');
    expect(caps.length).toBeGreaterThan(0);
    expect(caps.every((f) => f.severity === 'low')).toBe(true);
  });

  it('minimal and recommended run the PSS baseline level', () => {
    expect(PRESETS.minimal.pssLevel).toBe('baseline');
    expect(PRESETS.recommended.pssLevel).toBe('baseline');
    expect(ids('recommended')).not.toContain('pss/seccomp-profile-restricted');
  });
});
