import path from 'node:path';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { applyWaivers, collectWaivers } from '../../src/waivers/index.js';
import { finding, NOW, resource } from './helpers.js';

const ROOT = '/repo';

function config(waiversYaml: string, file = `${ROOT}/.syncgate.yaml`) {
  return parseConfig(`failOn: high\nwaivers:\n${waiversYaml}`, file);
}

describe('config waivers', () => {
  const web = resource({ kind: 'Deployment', name: 'web', namespace: 'shop', file: 'apps/shop/web.yaml' });
  const api = resource({ kind: 'Deployment', name: 'api', namespace: 'shop', file: 'apps/shop/api.yaml' });
  const exporter = resource({ kind: 'DaemonSet', name: 'node-exporter', namespace: 'monitoring', file: 'infra/monitoring/exporter.yaml' });
  const clusterRole = resource({ kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', name: 'admin-ish', file: 'infra/rbac.yaml' });
  const all = [web, api, exporter, clusterRole];

  function waivedBy(yaml: string, ruleId = 'pss/host-namespaces'): string[] {
    const collected = collectWaivers(config(yaml), all, { root: ROOT });
    expect(collected.findings).toEqual([]);
    const applied = applyWaivers(
      all.map((r) => finding(ruleId, r)),
      collected.waivers,
      { now: NOW, reportUsage: false },
    );
    return applied.findings.filter((f) => f.waiver).map((f) => f.resource!.name);
  }

  it('selects by kind (any case), namespace and name, with globs', () => {
    expect(waivedBy('  - { rule: pss/host-namespaces, kind: daemonset, reason: r, expires: never }\n')).toEqual(['node-exporter']);
    expect(waivedBy('  - { rule: pss/host-namespaces, namespace: shop, reason: r, expires: never }\n')).toEqual(['web', 'api']);
    expect(waivedBy('  - { rule: pss/host-namespaces, name: "a*", reason: r, expires: never }\n')).toEqual(['api', 'admin-ish']);
    expect(waivedBy('  - { rule: "pss/*", kind: Deployment, namespace: "sh?p", name: web, reason: r, expires: never }\n')).toEqual(['web']);
  });

  it('a cluster-scoped object has namespace "" (matched by * but not by a name)', () => {
    expect(waivedBy('  - { rule: pss/host-namespaces, kind: ClusterRole, namespace: "*", reason: r, expires: never }\n')).toEqual(['admin-ish']);
    expect(waivedBy('  - { rule: pss/host-namespaces, kind: ClusterRole, namespace: default, reason: r, expires: never }\n')).toEqual([]);
  });

  it('selects by file globs (repository-relative; a pattern without / matches base names)', () => {
    expect(waivedBy('  - { rule: pss/host-namespaces, files: ["apps/**"], reason: r, expires: never }\n')).toEqual(['web', 'api']);
    expect(waivedBy('  - { rule: pss/host-namespaces, files: ["exporter.yaml", "infra/rbac.yaml"], reason: r, expires: never }\n')).toEqual([
      'node-exporter',
      'admin-ish',
    ]);
  });

  it('a rule glob without selectors covers the rule everywhere; another rule is untouched', () => {
    expect(waivedBy('  - { rule: "pss/*", reason: r, expires: never }\n')).toEqual(['web', 'api', 'node-exporter', 'admin-ish']);
    expect(waivedBy('  - { rule: "k8s/*", reason: r, expires: never }\n')).toEqual([]);
  });

  it('resolves files globs of a config below the root against its folder', () => {
    const loaded = config('  - { rule: pss/host-namespaces, files: ["shop/*.yaml"], reason: r, expires: never }\n', `${ROOT}/apps/.syncgate.yaml`);
    const collected = collectWaivers(loaded, [], { root: ROOT });
    expect(collected.waivers[0]!.files).toEqual(['apps/shop/*.yaml']);
  });

  it('findings without a resource are covered by rule and files only', () => {
    const loaded = config('  - { rule: schema/yaml-syntax, files: ["legacy/**"], reason: templated file, expires: never }\n  - { rule: schema/yaml-syntax, kind: Deployment, reason: r, expires: never }\n');
    const collected = collectWaivers(loaded, [], { root: ROOT });
    const applied = applyWaivers([finding('schema/yaml-syntax', 'legacy/a.yaml'), finding('schema/yaml-syntax', 'apps/b.yaml')], collected.waivers, {
      now: NOW,
      reportUsage: false,
    });
    expect(applied.findings.map((f) => f.waiver?.source ?? null)).toEqual(['config:.syncgate.yaml:3:5', null]);
  });

  it('invalid config waivers are findings at the offending key of .syncgate.yaml, and waive nothing', () => {
    const loaded = config(
      [
        '  - rule: pss/privileged', // line 3
        '    reason: ""',
        '    expires: 2026-02-30',
        '  - reason: no rule given', // line 6
        '    expires: never',
        '  - rule: pss/privileged', // line 8
        '    reason: fine',
        '',
      ].join('\n'),
    );
    const collected = collectWaivers(loaded, [web], { root: ROOT });
    expect(collected.waivers).toEqual([]);
    expect(collected.findings.map((f) => [f.ruleId, f.file, f.range.startLine, f.range.startColumn])).toEqual([
      ['waiver/invalid', '.syncgate.yaml', 4, 5],
      ['waiver/invalid', '.syncgate.yaml', 5, 5],
      ['waiver/invalid', '.syncgate.yaml', 6, 5],
      ['waiver/invalid', '.syncgate.yaml', 8, 5],
    ]);
    expect(collected.findings.map((f) => f.message)).toEqual([
      'waiver waivers[0] in .syncgate.yaml has no reason: say why the finding is accepted; it waives nothing',
      'waiver waivers[0] in .syncgate.yaml has a malformed expiry date "2026-02-30": expected YYYY-MM-DD (or "never"); it waives nothing',
      'waiver waivers[1] in .syncgate.yaml names no rule: give a rule id or glob such as pss/privileged or k8s/*; it waives nothing',
      'waiver waivers[2] in .syncgate.yaml has no expiry date: add expires YYYY-MM-DD (or "never" for a permanent exception); it waives nothing',
    ]);
  });

  it('an expired config waiver is waiver/expired at its line; the finding counts again', () => {
    const loaded = config('  - { rule: pss/host-namespaces, kind: DaemonSet, reason: r, owner: ops, expires: 2026-01-31 }\n');
    const collected = collectWaivers(loaded, all, { root: ROOT });
    const applied = applyWaivers([finding('pss/host-namespaces', exporter)], collected.waivers, { now: NOW, reportUsage: false });
    expect(applied.findings[0]!.waiver).toBeUndefined();
    expect(applied.waiverFindings.map((f) => [f.ruleId, f.file, f.range.startLine])).toEqual([['waiver/expired', '.syncgate.yaml', 3]]);
    expect(applied.waiverFindings[0]!.message).toBe('waiver for pss/host-namespaces (kind DaemonSet) expired on 2026-01-31 (owner: ops) and waives nothing; fix the findings or renew it');
  });

  it('an annotation waiver takes precedence over a config waiver for the same finding', () => {
    const annotated = resource({ name: 'web', namespace: 'shop', annotations: { 'syncgate.io/waive': 'pss/privileged: from annotation (expires never)' } });
    const loaded = config('  - { rule: pss/privileged, namespace: shop, reason: from config, expires: never }\n');
    const collected = collectWaivers(loaded, [annotated], { root: ROOT });
    const applied = applyWaivers([finding('pss/privileged', annotated)], collected.waivers, { now: NOW, reportUsage: true });
    expect(applied.findings[0]!.waiver!.reason).toBe('from annotation');
    // Both matched, so neither is reported unused.
    expect(applied.usage.map((u) => u.matched)).toEqual([1, 1]);
    expect(applied.waiverFindings).toEqual([]);
  });

  it('never waives findings about waivers, and leaves its input untouched', () => {
    const loaded = config('  - { rule: "*", reason: everything, expires: never }\n');
    const collected = collectWaivers(loaded, [], { root: ROOT });
    const input = [finding('waiver/invalid', '.syncgate.yaml'), finding('pss/privileged', web)];
    const applied = applyWaivers(input, collected.waivers, { now: NOW, reportUsage: false });
    expect(applied.findings.map((f) => Boolean(f.waiver))).toEqual([false, true]);
    expect(input[1]!.waiver).toBeUndefined();
  });
});

describe('usage report (--report-waivers)', () => {
  const web = resource({ name: 'web', namespace: 'shop' });
  const loaded = () =>
    config(
      [
        '  - { rule: pss/privileged, name: web, reason: used and far away, expires: 2027-06-01 }',
        '  - { rule: pss/privileged, name: nothing-here, reason: stale, owner: ana, expires: never }',
        '  - { rule: pss/host-ports, name: web, reason: soon, owner: bo, expires: 2026-07-01 }',
        '  - { rule: pss/host-ports, name: web, reason: last day, expires: 2026-06-15 }',
        '',
      ].join('\n'),
    );

  it('lists unused waivers (info) and waivers expiring within 30 days (low)', () => {
    const collected = collectWaivers(loaded(), [web], { root: ROOT });
    const applied = applyWaivers([finding('pss/privileged', web), finding('pss/host-ports', web)], collected.waivers, { now: NOW, reportUsage: true });
    expect(applied.waiverFindings.map((f) => [f.ruleId, f.severity, f.range.startLine, f.message])).toEqual([
      ['waiver/unused', 'info', 4, 'waiver for pss/privileged (name nothing-here) matched no finding; remove it or correct its rule and selectors'],
      ['waiver/expiring', 'low', 5, 'waiver for pss/host-ports (name web) expires on 2026-07-01 (in 16 days) (owner: bo)'],
      ['waiver/expiring', 'low', 6, 'waiver for pss/host-ports (name web) expires on 2026-06-15 (today)'],
    ]);
    expect(applied.usage.map((u) => [u.status, u.matched, u.daysLeft ?? null])).toEqual([
      ['active', 1, 351],
      ['active', 0, null],
      ['expiring', 1, 16],
      ['expiring', 1, 0],
    ]);
  });

  it('says nothing about unused or expiring waivers without the option', () => {
    const collected = collectWaivers(loaded(), [web], { root: ROOT });
    const applied = applyWaivers([], collected.waivers, { now: NOW, reportUsage: false });
    expect(applied.waiverFindings).toEqual([]);
  });

  it('waiver findings keep their fingerprint when the waiver moves', () => {
    const collected = collectWaivers(loaded(), [web], { root: ROOT });
    const shifted = parseConfig(`# a comment\n# another\nfailOn: high\nwaivers:\n${'  - { rule: pss/privileged, name: nothing-here, reason: stale, owner: ana, expires: never }\n'}`, `${ROOT}/.syncgate.yaml`);
    // Same waiver, now first in the list and two lines lower: same fingerprint.
    const a = applyWaivers([], collected.waivers, { now: NOW, reportUsage: true }).waiverFindings.find((f) => f.message.includes('nothing-here'))!;
    const b = applyWaivers([], collectWaivers(shifted, [], { root: ROOT }).waivers, { now: NOW, reportUsage: true }).waiverFindings[0]!;
    expect(b.range.startLine).toBe(5);
    expect(a.range.startLine).toBe(4);
    expect(b.fingerprint).toBe(a.fingerprint);
  });
});

describe('collectWaivers with a config on disk', () => {
  it('names the config file relative to the root', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'syncgate-waivers-'));
    mkdirSync(path.join(root, 'ops'));
    writeFileSync(path.join(root, 'ops/.syncgate.yaml'), 'waivers:\n  - { rule: x, reason: "", expires: never }\n');
    const loaded = parseConfig('waivers:\n  - { rule: x, reason: "", expires: never }\n', path.join(root, 'ops/.syncgate.yaml'));
    expect(collectWaivers(loaded, [], { root }).findings[0]!.file).toBe('ops/.syncgate.yaml');
  });
});
