import { describe, expect, it } from 'vitest';
import { applyRuleSettings, configuredRules, mergeWithFlags, parseConfig, ruleOptionsOf, ruleSettingFor } from '../../src/config/index.js';
import type { Finding, Rule } from '../../src/model/index.js';

const rule = (id: string, severity: Rule['severity'] = 'high'): Rule => ({ id, title: id, severity, description: '', remediation: '', helpUri: '', tags: [] });
const finding = (ruleId: string): Finding => ({
  ruleId,
  severity: 'high',
  message: ruleId,
  file: 'a.yaml',
  range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
  fingerprint: ruleId,
});

function settingsOf(yaml: string) {
  return mergeWithFlags(parseConfig(yaml, '/repo/.syncgate.yaml'), {}, '/repo').rules;
}

describe('rules: settings', () => {
  const settings = settingsOf('rules:\n  "pss/*": low\n  pss/privileged: critical\n  "k8s/*": off\n  pss/host-ports: { options: { allowed: [80] } }\n');

  it('an exact key beats a glob; a key with only options leaves the severity to the glob', () => {
    expect(ruleSettingFor('pss/privileged', settings)?.severity).toBe('critical');
    expect(ruleSettingFor('pss/run-as-non-root', settings)?.severity).toBe('low');
    expect(ruleSettingFor('pss/host-ports', settings)).toEqual({ severity: 'low', options: { allowed: [80] } });
    expect(ruleSettingFor('schema/x', settings)).toBeUndefined();
  });

  it('turns rules off and overrides severities of rules and findings', () => {
    const rules = configuredRules([rule('pss/privileged'), rule('pss/run-as-non-root'), rule('k8s/latest-tag'), rule('schema/x', 'medium')], settings);
    expect(rules.map((r) => `${r.id}=${r.severity}`)).toEqual(['pss/privileged=critical', 'pss/run-as-non-root=low', 'schema/x=medium']);
    const findings = applyRuleSettings([finding('pss/privileged'), finding('k8s/latest-tag'), finding('pss/host-ports')], settings);
    expect(findings.map((f) => `${f.ruleId}=${f.severity}`)).toEqual(['pss/privileged=critical', 'pss/host-ports=low']);
  });

  it('passes options of exact keys to the policies', () => {
    expect({ ...ruleOptionsOf(settings) }).toEqual({ 'pss/host-ports': { allowed: [80] } });
  });
});
