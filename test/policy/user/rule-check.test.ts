import { describe, expect, it } from 'vitest';
import { checkKinds, checkUserRule, USER_RULE_ID } from '../../../src/policy/user/rule-check.js';

const rule = { id: 'custom/require-team-label', title: 'T', severity: 'medium', description: 'D', remediation: 'R', helpUri: 'https://example.test/x', tags: ['a'] };

describe('user rule metadata', () => {
  it('accepts namespaced kebab-case ids', () => {
    for (const id of ['custom/require-team-label', 'acme/k8s/no-host-network', 'team-a/x1']) expect(USER_RULE_ID.test(id), id).toBe(true);
    for (const id of ['require-team-label', 'Custom/x', 'custom/Team', 'custom/', '/x', 'custom//x', 'custom/a_b', 'custom/a--b', 'custom/-a', 'custom/a b']) {
      expect(USER_RULE_ID.test(id), id).toBe(false);
    }
  });

  it('returns a frozen copy of the Rule fields only', () => {
    const checked = checkUserRule({ ...rule, extra: 1 });
    expect(checked).toEqual({ ok: true, rule });
    expect(checked.ok && Object.isFrozen(checked.rule)).toBe(true);
  });

  it('explains what is wrong', () => {
    const problem = (value: unknown): string | undefined => {
      const r = checkUserRule(value);
      return r.ok ? undefined : r.problem;
    };
    expect(problem(undefined)).toBe('the policy has no `rule` object');
    expect(problem({ ...rule, id: 'requireTeamLabel' })).toContain('such as "custom/require-team-label"');
    expect(problem({ ...rule, id: 'schema/x' })).toContain('uses the namespace "schema/" of syncgate\'s own rules');
    expect(problem({ ...rule, severity: 'warning' })).toBe('rule.severity of custom/require-team-label must be one of critical, high, medium, low, info, got "warning"');
    expect(problem({ ...rule, title: ' ' })).toBe('rule.title of custom/require-team-label must be a non-empty string, got " "');
    expect(problem({ ...rule, helpUri: 'docs/x.md' })).toContain('must be an absolute URI');
    expect(problem({ ...rule, tags: 'a' })).toContain('rule.tags of custom/require-team-label must be a list of non-empty strings');
  });

  it('checks kinds', () => {
    expect(checkKinds('workloads')).toBeUndefined();
    expect(checkKinds(['Deployment'])).toBeUndefined();
    expect(checkKinds(['Deployment', ''])).toContain("`kinds` must be 'workloads' or a list of kinds");
  });
});
