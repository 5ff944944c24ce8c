import { describe, expect, it } from 'vitest';
import { parseConfig, unknownRuleSettings } from '../../src/config/index.js';
import type { Rule } from '../../src/model/index.js';

const rule = (id: string): Rule => ({ id, title: id, severity: 'high', description: '', remediation: '', helpUri: '', tags: [] });

describe('unknownRuleSettings', () => {
  it('names rule settings that match no known rule, at their line, with a suggestion', () => {
    const loaded = parseConfig('rules:\n  pss/privileged: low\n  pss/privilegd: off\n  "k8s/*": info\n  "gitops/*": off\n', '/tmp/x/.syncgate.yaml');
    const problems = unknownRuleSettings(loaded, [rule('pss/privileged'), rule('k8s/latest-tag')]);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '3:3 unknown rule "pss/privilegd" in rules (did you mean "pss/privileged"?); `syncgate rules` lists them',
      '5:3 unknown rule "gitops/*" in rules; `syncgate rules` lists them',
    ]);
  });
});
