import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { createBaseline, runWaiverStage, WAIVER_RULES } from '../../src/waivers/index.js';
import { finding, NOW, resource } from './helpers.js';

describe('runWaiverStage', () => {
  const web = resource({ name: 'web', namespace: 'shop', annotations: { 'syncgate.io/waive': 'pss/privileged: agent (expires never); pss/host-ports: x' } });
  const config = parseConfig('waivers:\n  - { rule: pss/run-as-non-root, kind: Deployment, reason: legacy image, expires: 2026-01-01 }\n', '/repo/.syncgate.yaml');
  const checks = [finding('pss/privileged', web, { pointer: '/a' }), finding('pss/run-as-non-root', web, { pointer: '/b' }), finding('k8s/latest-tag', web, { pointer: '/c' })];

  it('collects, applies, reports waiver problems and applies the baseline in one call', () => {
    const baseline = createBaseline([checks[2]!], { name: 'syncgate', version: '0' }, NOW);
    const result = runWaiverStage({ config, resources: [web], findings: checks, root: '/repo', now: NOW, baseline });
    expect(result.findings.map((f) => `${f.ruleId}${f.waiver ? ' (waived)' : ''}`)).toEqual([
      'pss/privileged (waived)',
      'pss/run-as-non-root',
      'waiver/invalid',
      'waiver/expired',
    ]);
    expect(result.baseline).toEqual({ file: '<baseline>', suppressed: 1, stale: 0 });
    expect(result.rules).toBe(WAIVER_RULES);
  });

  it('the admission gate can ignore in-resource waivers', () => {
    const result = runWaiverStage({ resources: [web], findings: checks, root: '/repo', now: NOW, ignoreResourceWaivers: true });
    expect(result.findings.filter((f) => f.waiver)).toEqual([]);
    expect(result.findings.map((f) => f.ruleId)).toContain('waiver/ignored');
  });
});
