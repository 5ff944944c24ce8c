import { describe, expect, it } from 'vitest';
import { applyWaivers, collectWaivers, parseShortForm } from '../../src/waivers/index.js';
import { finding, NOW, resource } from './helpers.js';

const ANNOTATION_POINTER = '/metadata/annotations/syncgate.io~1waive';

function run(annotations: Record<string, string>, ruleIds: string[], options: { reportUsage?: boolean; now?: Date } = {}) {
  const r = resource({ namespace: 'shop', annotations, lines: { [ANNOTATION_POINTER]: 6 } });
  const findings = ruleIds.map((id, i) => finding(id, r, { pointer: `/spec/x${i}` }));
  const collected = collectWaivers(undefined, [r]);
  const applied = applyWaivers(findings, collected.waivers, { now: options.now ?? NOW, reportUsage: options.reportUsage ?? false });
  return { r, collected, applied };
}

describe('syncgate.io/waive short form', () => {
  it('waives the named rule on this resource and records reason, owner, expiry and source', () => {
    const { applied } = run({ 'syncgate.io/waive': 'pss/privileged: the CNI agent needs it (expires 2026-12-31, owner team-net)' }, ['pss/privileged', 'pss/host-ports']);
    expect(applied.findings[0]!.waiver).toEqual({
      reason: 'the CNI agent needs it',
      owner: 'team-net',
      expires: '2026-12-31',
      source: 'annotation:deploy/web.yaml:6:5',
    });
    expect(applied.findings[1]!.waiver).toBeUndefined();
    expect(applied.waiverFindings).toEqual([]);
  });

  it('reads several entries separated by newlines or semicolons, and globs in rule ids', () => {
    const value = 'pss/privileged: needed (expires 2026-12-31)\nk8s/*: legacy app (expires never); pss/host-ports: metrics port (expires 2027-01-01)';
    const { applied, collected } = run({ 'syncgate.io/waive': value }, ['pss/privileged', 'k8s/latest-tag', 'k8s/deep/nested', 'pss/host-ports', 'pss/run-as-non-root']);
    expect(collected.waivers.map((w) => w.rule)).toEqual(['pss/privileged', 'k8s/*', 'pss/host-ports']);
    expect(applied.findings.map((f) => f.waiver?.reason ?? null)).toEqual(['needed', 'legacy app', 'legacy app', 'metrics port', null]);
    expect(applied.findings[1]!.waiver!.expires).toBeUndefined();
  });

  it('keeps a reason that ends with its own parenthesis', () => {
    expect(parseShortForm('pss/privileged: vendor chart (see OPS-12) (expires 2026-12-31)')[0]).toMatchObject({ reason: 'vendor chart (see OPS-12)', expires: '2026-12-31' });
    const noExpiry = parseShortForm('pss/privileged: vendor chart (see OPS-12)')[0]!;
    expect(noExpiry.reason).toBe('vendor chart (see OPS-12)');
    expect(noExpiry.expires).toBeUndefined();
  });

  it('a waiver without a reason is waiver/invalid at the annotation and waives nothing', () => {
    const { applied, collected } = run({ 'syncgate.io/waive': 'pss/privileged: (expires 2026-12-31)' }, ['pss/privileged']);
    expect(collected.waivers).toEqual([]);
    expect(collected.findings).toHaveLength(1);
    expect(collected.findings[0]).toMatchObject({
      ruleId: 'waiver/invalid',
      severity: 'high',
      file: 'deploy/web.yaml',
      pointer: ANNOTATION_POINTER,
      range: { startLine: 6 },
      resource: { kind: 'Deployment', name: 'web', namespace: 'shop' },
    });
    expect(collected.findings[0]!.message).toContain('has no reason');
    expect(applied.findings[0]!.waiver).toBeUndefined();
  });

  it('a malformed or impossible date is waiver/invalid', () => {
    for (const date of ['2026-13-01', '2026-02-30', '31/12/2026', 'soon']) {
      const { collected } = run({ 'syncgate.io/waive': `pss/privileged: reason (expires ${date})` }, []);
      expect(collected.findings.map((f) => f.ruleId)).toEqual(['waiver/invalid']);
      expect(collected.findings[0]!.message).toContain('malformed expiry date');
    }
  });

  it('a missing expiry is waiver/invalid and says how to write a permanent one', () => {
    const { collected } = run({ 'syncgate.io/waive': 'pss/privileged: needed' }, []);
    expect(collected.findings[0]!.message).toMatch(/has no expiry date: add expires YYYY-MM-DD \(or "never"/);
  });

  it('text that is not "<rule>: <reason>" is waiver/invalid; the other entries still count', () => {
    const { collected } = run({ 'syncgate.io/waive': 'just trust me; pss/privileged: ok (expires never)' }, []);
    expect(collected.findings.map((f) => f.ruleId)).toEqual(['waiver/invalid']);
    expect(collected.waivers.map((w) => w.rule)).toEqual(['pss/privileged']);
  });

  it('an expired waiver waives nothing and is waiver/expired at the annotation', () => {
    const { applied } = run({ 'syncgate.io/waive': 'pss/privileged: temporary (expires 2026-06-14, owner ana)' }, ['pss/privileged']);
    expect(applied.findings[0]!.waiver).toBeUndefined();
    expect(applied.waiverFindings).toHaveLength(1);
    expect(applied.waiverFindings[0]).toMatchObject({ ruleId: 'waiver/expired', severity: 'medium', pointer: ANNOTATION_POINTER, range: { startLine: 6 } });
    expect(applied.waiverFindings[0]!.message).toContain('expired on 2026-06-14 (owner: ana)');
  });

  it('the expiry day itself is still valid (UTC)', () => {
    const { applied } = run({ 'syncgate.io/waive': 'pss/privileged: temporary (expires 2026-06-15)' }, ['pss/privileged'], { now: new Date('2026-06-15T23:59:00Z') });
    expect(applied.findings[0]!.waiver).toBeDefined();
    expect(applied.waiverFindings).toEqual([]);
  });

  it('covers only the resource it is on', () => {
    const waived = resource({ name: 'web', annotations: { 'syncgate.io/waive': 'pss/privileged: ok (expires never)' } });
    const other = resource({ name: 'api' });
    const collected = collectWaivers(undefined, [waived, other]);
    const applied = applyWaivers([finding('pss/privileged', waived), finding('pss/privileged', other)], collected.waivers, { now: NOW, reportUsage: false });
    expect(applied.findings.map((f) => Boolean(f.waiver))).toEqual([true, false]);
  });
});

describe('syncgate.io/waive.<label> structured form', () => {
  it('reads a JSON object with rule, reason, owner, expires and an optional pointer', () => {
    const value = JSON.stringify({ rule: 'pss/capabilities-*', reason: 'needs NET_ADMIN', owner: 'net', expires: '2027-01-31', pointer: '/spec/template/spec/containers/1' });
    const r = resource({ annotations: { 'syncgate.io/waive.netadmin': value } });
    const collected = collectWaivers(undefined, [r]);
    expect(collected.findings).toEqual([]);
    const findings = [
      finding('pss/capabilities-baseline', r, { pointer: '/spec/template/spec/containers/1/securityContext/capabilities/add/0' }),
      finding('pss/capabilities-baseline', r, { pointer: '/spec/template/spec/containers/0/securityContext/capabilities/add/0' }),
    ];
    const applied = applyWaivers(findings, collected.waivers, { now: NOW, reportUsage: false });
    expect(applied.findings.map((f) => f.waiver?.source ?? null)).toEqual(['annotation:deploy/web.yaml:1:5', null]);
  });

  it('accepts YAML flow syntax too', () => {
    const r = resource({ annotations: { 'syncgate.io/waive.a': '{rule: pss/privileged, reason: vendor image, expires: never}' } });
    expect(collectWaivers(undefined, [r]).waivers).toHaveLength(1);
  });

  it('unknown keys, non-objects and missing fields are waiver/invalid', () => {
    const r = resource({
      annotations: {
        'syncgate.io/waive.a': '{"rule": "pss/privileged", "reason": "x", "expires": "never", "until": "x"}',
        'syncgate.io/waive.b': '"just a string"',
        'syncgate.io/waive.c': '{"rule": "pss/privileged", "expires": "2026-01-01"}',
      },
    });
    const collected = collectWaivers(undefined, [r]);
    expect(collected.waivers).toEqual([]);
    expect(collected.findings.map((f) => f.pointer)).toEqual([
      '/metadata/annotations/syncgate.io~1waive.a',
      '/metadata/annotations/syncgate.io~1waive.b',
      '/metadata/annotations/syncgate.io~1waive.c',
    ]);
    expect(collected.findings[0]!.message).toContain('unknown keys "until"');
    expect(collected.findings[2]!.message).toContain('has no reason');
  });
});

describe('admission gate option', () => {
  it('ignores in-resource waivers and says so with waiver/ignored', () => {
    const r = resource({ annotations: { 'syncgate.io/waive': 'pss/privileged: trust me (expires never)', 'syncgate.io/waive.x': '{}' } });
    const collected = collectWaivers(undefined, [r], { ignoreResourceWaivers: true });
    expect(collected.waivers).toEqual([]);
    expect(collected.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['waiver/ignored', 'info'],
      ['waiver/ignored', 'info'],
    ]);
    const applied = applyWaivers([finding('pss/privileged', r)], collected.waivers, { now: NOW, reportUsage: false });
    expect(applied.findings[0]!.waiver).toBeUndefined();
  });
});
