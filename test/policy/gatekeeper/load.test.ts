import { describe, expect, it } from 'vitest';
import { loadGatekeeper } from '../../../src/policy/gatekeeper/index.js';
import { load, loadFrom, ROOT, tempRepo } from './helpers.js';

const F = 'test/fixtures/gatekeeper';

describe('loadGatekeeper: violations become findings', () => {
  it('reports required-labels violations on the resources, not on the template or constraint', async () => {
    const resources = await load(`${F}/requiredlabels/template.yaml`, `${F}/requiredlabels/constraint.yaml`, `${F}/requiredlabels/missing.yaml`, `${F}/requiredlabels/bad-value.yaml`, `${F}/requiredlabels/configmap.yaml`, `${F}/requiredlabels/allowed.yaml`);
    const gk = loadGatekeeper(resources, { root: ROOT });
    expect(gk.loadFindings).toEqual([]);
    expect(gk.rules.map((r) => r.id)).toContain('gatekeeper/k8srequiredlabels/must-have-owner');
    const rule = gk.rules.find((r) => r.id === 'gatekeeper/k8srequiredlabels/must-have-owner')!;
    expect(rule.severity).toBe('high');
    expect(rule.description).toMatch(/Requires resources to carry/);
    const findings = gk.run(resources);
    expect(findings.map((f) => [f.file, f.message])).toEqual([
      [`${F}/requiredlabels/missing.yaml`, 'missing required labels: {"owner"}'],
      [`${F}/requiredlabels/bad-value.yaml`, 'label owner=Payments does not match ^[a-z]+\\.team$'],
    ]);
    const missing = findings[0]!;
    expect(missing.ruleId).toBe('gatekeeper/k8srequiredlabels/must-have-owner');
    expect(missing.severity).toBe('high');
    // The template read metadata.labels, which the Deployment lacks: the finding points at metadata.
    expect(missing.pointer).toBe('/metadata');
    expect([missing.range.startLine, missing.range.startColumn]).toEqual([3, 1]);
    // The offending label value itself.
    expect(findings[1]).toMatchObject({ pointer: '/metadata/labels/owner', range: { startLine: 6, startColumn: 5 } });
    expect(missing.resource).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' });
    expect(missing.properties?.['details']).toEqual({ missing_labels: ['owner'] });
    expect(missing.properties?.['enforcementAction']).toBe('deny');
  });

  it('maps enforcementAction to severity (warn medium, dryrun info) and uses a lib module', async () => {
    const resources = await load(`${F}/allowedrepos/template.yaml`, `${F}/allowedrepos/constraint.yaml`, `${F}/allowedrepos/pod-bad.yaml`);
    const gk = loadGatekeeper(resources, { root: ROOT });
    const findings = gk.run(resources);
    expect(findings).toHaveLength(2);
    expect(findings.every((f) => f.severity === 'medium' && f.ruleId === 'gatekeeper/k8sallowedrepos/company-registry')).toBe(true);
    expect(findings.map((f) => f.properties?.['details'])).toEqual(expect.arrayContaining([{ image: 'docker.io/busybox:1.36' }, { image: 'quay.io/debug:1' }]));
  });

  it('reads data.inventory from the run and namespaceSelector from Namespace objects of the run', async () => {
    const root = tempRepo({
      'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    env: prod\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: old\n',
      'a.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: a\n  namespace: shop\nspec:\n  rules:\n    - host: x.example.com\n',
      'b.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: b\n  namespace: old\nspec:\n  rules:\n    - host: x.example.com\n',
    });
    const policy = await load(`${F}/uniqueingresshost/template.yaml`, `${F}/uniqueingresshost/constraint.yaml`);
    const resources = await loadFrom(root, 'ns.yaml', 'a.yaml', 'b.yaml');
    const gk = loadGatekeeper(policy, { root });
    const findings = gk.run(resources);
    // b's namespace is not labelled env=prod: only a is judged, and it clashes with b.
    expect(findings.map((f) => [f.file, f.severity, f.message])).toEqual([['a.yaml', 'info', 'ingress host x.example.com is already used by ingress old/b']]);
  });
});

describe('loadGatekeeper: load problems', () => {
  it('evaluates a CEL-only template (K8sNativeValidation): variables, params, messageExpression', async () => {
    const resources = await load(`${F}/cel/template.yaml`, `${F}/cel/constraint.yaml`, `${F}/cel/pod-latest.yaml`, `${F}/cel/pod-exempt.yaml`, `${F}/allowedrepos/pod-bad.yaml`);
    const gk = loadGatekeeper(resources, { root: ROOT });
    expect(gk.loadFindings).toEqual([]);
    expect(gk.run(resources).map((f) => [f.ruleId, f.severity, f.file, f.message])).toEqual([
      ['gatekeeper/k8sdisallowlatest/no-latest', 'high', `${F}/cel/pod-latest.yaml`, 'container <web> uses the latest tag: nginx:latest'],
    ]);
  });

  it('reports a Rego compile error at its line and column in the template file', async () => {
    const root = tempRepo({
      't.yaml': [
        'apiVersion: templates.gatekeeper.sh/v1',
        'kind: ConstraintTemplate',
        'metadata:',
        '  name: k8sbroken',
        'spec:',
        '  crd:',
        '    spec:',
        '      names:',
        '        kind: K8sBroken',
        '  targets:',
        '    - target: admission.k8s.gatekeeper.sh',
        '      rego: |',
        '        package k8sbroken',
        '',
        '        violation[{"msg": msg}] {',
        '          msg := undefined_function(1)',
        '        }',
        '',
      ].join('\n'),
    });
    const gk = loadGatekeeper(await loadFrom(root, 't.yaml'), { root });
    expect(gk.loadFindings).toHaveLength(1);
    const f = gk.loadFindings[0]!;
    expect(f.ruleId).toBe('policy/error');
    expect(f.file).toBe('t.yaml');
    expect(f.message).toMatch(/undefined_function/);
    expect(f.range.startLine).toBe(16);
    expect(f.range.startColumn).toBe(18);
  });

  it('reports parameters that do not match the schema on the parameter line and does not run the constraint', async () => {
    const root = tempRepo({
      'c.yaml': 'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sRequiredLabels\nmetadata:\n  name: bad\nspec:\n  parameters:\n    labels:\n      - key: owner\n        allowedRegex: 7\n',
      'd.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    });
    const template = await load(`${F}/requiredlabels/template.yaml`);
    const gk = loadGatekeeper([...template, ...(await loadFrom(root, 'c.yaml'))], { root });
    expect(gk.loadFindings.map((f) => [f.ruleId, f.file, f.range.startLine, f.pointer])).toEqual([['gatekeeper/invalid-parameters', 'c.yaml', 9, '/spec/parameters/labels/0/allowedRegex']]);
    expect(gk.loadFindings[0]!.message).toMatch(/parameters\.labels\.0\.allowedRegex must be string/);
    expect(gk.constraints).toEqual([]);
    expect(gk.run(await loadFrom(root, 'd.yaml'))).toEqual([]);
  });

  it('reports a constraint whose kind no template defines, and an unknown enforcementAction', async () => {
    const root = tempRepo({
      'c.yaml': 'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sNothing\nmetadata:\n  name: orphan\n---\napiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sRequiredLabels\nmetadata:\n  name: odd\nspec:\n  enforcementAction: block\n',
    });
    const gk = loadGatekeeper([...(await load(`${F}/requiredlabels/template.yaml`)), ...(await loadFrom(root, 'c.yaml'))], { root });
    expect(gk.loadFindings.map((f) => [f.ruleId, f.range.startLine])).toEqual([
      ['policy/error', 2],
      ['policy/error', 11],
    ]);
    expect(gk.loadFindings[0]!.message).toMatch(/no ConstraintTemplate defines the constraint kind K8sNothing/);
    expect(gk.loadFindings[1]!.message).toMatch(/unknown enforcementAction "block"/);
  });

  it('stops a runaway template with the engine limits and reports a policy error instead of hanging', async () => {
    const root = tempRepo({
      't.yaml': [
        'apiVersion: templates.gatekeeper.sh/v1',
        'kind: ConstraintTemplate',
        'metadata:',
        '  name: k8sslow',
        'spec:',
        '  crd:',
        '    spec:',
        '      names:',
        '        kind: K8sSlow',
        '  targets:',
        '    - target: admission.k8s.gatekeeper.sh',
        '      rego: |',
        '        package k8sslow',
        '        violation[{"msg": "big"}] {',
        '          s := numbers.range(1, 1000)',
        '          a := s[_]',
        '          b := s[_]',
        '          c := s[_]',
        '          a + b + c < 0',
        '        }',
        '---',
        'apiVersion: constraints.gatekeeper.sh/v1beta1',
        'kind: K8sSlow',
        'metadata:',
        '  name: slow',
        '',
      ].join('\n'),
      'd.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    });
    const gk = loadGatekeeper(await loadFrom(root, 't.yaml'), { root, limits: { maxSteps: 10_000, timeoutMs: 2000 } });
    const findings = gk.run(await loadFrom(root, 'd.yaml'));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.ruleId).toBe('policy/error');
    expect(findings[0]!.message).toMatch(/gatekeeper\/k8sslow\/slow/);
    expect(findings[0]!.file).toBe('d.yaml');
  });

  it('does not crash on malformed templates and constraints', async () => {
    const root = tempRepo({
      'm.yaml': [
        'apiVersion: templates.gatekeeper.sh/v1\nkind: ConstraintTemplate\nmetadata:\n  name: a\nspec: nope',
        'apiVersion: templates.gatekeeper.sh/v1\nkind: ConstraintTemplate\nmetadata:\n  name: k8sb\nspec:\n  crd: {spec: {names: {kind: K8sB}, validation: {openAPIV3Schema: {type: 12}}}}\n  targets:\n    - target: admission.k8s.gatekeeper.sh\n      rego: "package k8sb\\nviolation[{\\"msg\\": 1}] { true }"',
        'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sB\nmetadata:\n  name: b\nspec:\n  match: [1, 2]\n  parameters: {x: 1}',
        'apiVersion: templates.gatekeeper.sh/v1\nkind: ConstraintTemplate\nmetadata:\n  name: k8sc\nspec:\n  crd: {spec: {names: {kind: K8sC}}}\n  targets:\n    - target: admission.k8s.gatekeeper.sh\n      rego: "package k8sc\\nviolation[{\\"msg\\": 1}] { true }"',
        'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sC\nmetadata:\n  name: c\nspec:\n  match: [1, 2]\n  parameters: [x]',
        'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sC\nmetadata:\n  name: d\nspec: 7',
      ].join('\n---\n'),
      'd.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    });
    const gk = loadGatekeeper(await loadFrom(root, 'm.yaml'), { root });
    expect(gk.loadFindings.map((f) => f.ruleId)).toEqual(['policy/error', 'policy/error']);
    expect(gk.loadFindings[0]!.message).toMatch(/defines no constraint kind/);
    expect(gk.loadFindings[1]!.message).toMatch(/invalid parameter schema/);
    const findings = gk.run(await loadFrom(root, 'd.yaml'));
    expect(findings.map((f) => [f.ruleId, f.file])).toEqual([
      ['policy/error', 'd.yaml'],
      ['policy/error', 'd.yaml'],
    ]);
    expect(findings[0]!.message).toMatch(/gatekeeper\/k8sc\/c .*no string "msg"/);
    expect(findings[1]!.message).toMatch(/gatekeeper\/k8sc\/d .*no string "msg"/);
  });
});
