import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCommand } from '../../../src/cli/test.js';
import { gatorTestRunner, runGatorSuites } from '../../../src/policy/gatekeeper/index.js';
import { FIXTURES, ROOT, tempRepo } from './helpers.js';

const TEMPLATE = path.join(FIXTURES, 'requiredlabels/template.yaml');

describe('gator Suites', () => {
  it('runs the fixture suites: every case passes, the CEL-only template included', () => {
    const r = runGatorSuites({ root: ROOT, dirs: [FIXTURES] });
    expect(r.errors).toEqual([]);
    const outcomes = Object.fromEntries(r.cases.map((c) => [c.name, c.outcome]));
    expect(outcomes).toEqual({
      'repos/two-bad-images': 'pass',
      'repos/excluded-namespace': 'pass',
      'repos/label-opt-out': 'pass',
      'cel/latest': 'pass',
      'cel/pinned': 'pass',
      'cel/exempt': 'pass',
      'owner-label/labelled': 'pass',
      'owner-label/missing': 'pass',
      'owner-label/bad-value': 'pass',
      'owner-label/other-kind-not-matched': 'pass',
      'unique-host/conflict': 'pass',
      'unique-host/no-inventory': 'pass',
      'unique-host/namespace-not-selected': 'pass',
    });
    const missing = r.cases.find((c) => c.name === 'owner-label/missing')!;
    expect(missing.file).toBe('test/fixtures/gatekeeper/requiredlabels/suite.yaml');
    expect(missing.line).toBe(14);
  });

  it('fails a case whose assertion does not hold and says why; --run filters cases', () => {
    const root = tempRepo({
      'gk/template.yaml': readFileSync(TEMPLATE, 'utf8'),
      'gk/constraint.yaml': 'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sRequiredLabels\nmetadata:\n  name: owner\nspec:\n  parameters:\n    labels:\n      - key: owner\n',
      'gk/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n',
      'gk/suite.yaml': [
        'kind: Suite',
        'apiVersion: test.gatekeeper.sh/v1alpha1',
        'tests:',
        '  - name: t',
        '    template: template.yaml',
        '    constraint: constraint.yaml',
        '    cases:',
        '      - name: wrong-count',
        '        object: pod.yaml',
        '        assertions:',
        '          - violations: 2',
        '      - name: wrong-message',
        '        object: pod.yaml',
        '        assertions:',
        '          - message: "^nothing like this$"',
        '      - name: right',
        '        object: pod.yaml',
        '        assertions:',
        '          - violations: "1"',
        '            message: owner',
        '',
      ].join('\n'),
    });
    const r = runGatorSuites({ root, dirs: [path.join(root, 'gk')] });
    expect(r.cases.map((c) => [c.name, c.outcome, c.line])).toEqual([
      ['t/wrong-count', 'fail', 8],
      ['t/wrong-message', 'fail', 12],
      ['t/right', 'pass', 16],
    ]);
    expect(r.cases[0]!.output?.[0]).toMatch(/got 1 violation: \["missing required labels: \{\\"owner\\"\}"\], want exactly 2/);
    expect(r.cases[1]!.output?.[0]).toMatch(/got 0 violations matching \/\^nothing like this\$\/.*want at least 1/);
    const only = runGatorSuites({ root, dirs: [path.join(root, 'gk')], filter: /right/ });
    expect(only.cases.map((c) => c.name)).toEqual(['t/right']);
  });

  it('reports a missing template file as a load error at the suite line', () => {
    const root = tempRepo({
      'gk/suite.yaml': 'kind: Suite\napiVersion: test.gatekeeper.sh/v1alpha1\ntests:\n  - name: t\n    template: nope.yaml\n    constraint: c.yaml\n    cases:\n      - name: x\n        object: o.yaml\n',
      'gk/other.yaml': 'kind: Suite\napiVersion: v1\n',
    });
    const r = runGatorSuites({ root, dirs: [path.join(root, 'gk')] });
    expect(r.cases).toEqual([]);
    expect(r.errors.map((e) => [e.file, e.line])).toEqual([
      ['gk/suite.yaml', 5],
      ['gk/suite.yaml', 6],
    ]);
    expect(r.errors[0]!.message).toMatch(/cannot read gk\/nope.yaml/);
    expect(r.errors[1]!.message).toMatch(/cannot read gk\/c.yaml/);
  });

  it('refuses paths that leave the repository root', () => {
    const root = tempRepo({ 'gk/suite.yaml': 'kind: Suite\napiVersion: test.gatekeeper.sh/v1alpha1\ntests:\n  - name: t\n    template: ../../../../etc/passwd\n    constraint: c.yaml\n    cases:\n      - object: o.yaml\n' });
    const r = runGatorSuites({ root, dirs: [path.join(root, 'gk')] });
    expect(r.errors[0]!.message).toMatch(/outside the repository root/);
  });

  it('skips tests with an expansion template (not supported yet) instead of passing them', () => {
    const root = tempRepo({ 'gk/suite.yaml': 'kind: Suite\napiVersion: test.gatekeeper.sh/v1alpha1\ntests:\n  - name: exp\n    template: t.yaml\n    constraint: c.yaml\n    expansion: e.yaml\n    cases:\n      - object: o.yaml\n' });
    const r = runGatorSuites({ root, dirs: [path.join(root, 'gk')] });
    expect(r.cases.map((c) => [c.name, c.outcome, c.message])).toEqual([['exp', 'skip', 'expansion (ExpansionTemplate) is not supported yet']]);
  });

  it('reviews AdmissionReview objects with their operation, oldObject and userInfo', () => {
    const template = [
      'apiVersion: templates.gatekeeper.sh/v1',
      'kind: ConstraintTemplate',
      'metadata:',
      '  name: k8simmutableowner',
      'spec:',
      '  crd:',
      '    spec:',
      '      names:',
      '        kind: K8sImmutableOwner',
      '  targets:',
      '    - target: admission.k8s.gatekeeper.sh',
      '      rego: |',
      '        package k8simmutableowner',
      '        violation[{"msg": msg}] {',
      '          input.review.operation == "UPDATE"',
      '          old := input.review.oldObject.metadata.labels.owner',
      '          old != input.review.object.metadata.labels.owner',
      '          msg := sprintf("%v may not change owner %v", [input.review.userInfo.username, old])',
      '        }',
      '',
    ].join('\n');
    const review = (op: string): string =>
      `apiVersion: admission.k8s.io/v1\nkind: AdmissionReview\nrequest:\n  operation: ${op}\n  kind: {group: "", version: v1, kind: ConfigMap}\n  userInfo: {username: alice}\n  object: {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: n, labels: {owner: b}}}\n  oldObject: {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: n, labels: {owner: a}}}\n`;
    const root = tempRepo({
      'gk/template.yaml': template,
      'gk/constraint.yaml': 'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sImmutableOwner\nmetadata:\n  name: owner\n',
      'gk/update.yaml': review('UPDATE'),
      'gk/create.yaml': review('CREATE'),
      'gk/suite.yaml': 'kind: Suite\napiVersion: test.gatekeeper.sh/v1alpha1\ntests:\n  - name: t\n    template: template.yaml\n    constraint: constraint.yaml\n    cases:\n      - name: update\n        object: update.yaml\n        assertions:\n          - message: "^alice may not change owner a$"\n            violations: 1\n      - name: create\n        object: create.yaml\n        assertions:\n          - violations: no\n',
    });
    const r = runGatorSuites({ root, dirs: [path.join(root, 'gk')] });
    expect(r.errors).toEqual([]);
    expect(r.cases.map((c) => [c.name, c.outcome])).toEqual([
      ['t/update', 'pass'],
      ['t/create', 'pass'],
    ]);
  });

  it('accepts invalid: true tests when the constraint is rejected', () => {
    const root = tempRepo({
      'gk/template.yaml': readFileSync(TEMPLATE, 'utf8'),
      'gk/constraint.yaml': 'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sRequiredLabels\nmetadata:\n  name: owner\nspec:\n  parameters:\n    labels: owner\n',
      'gk/suite.yaml': 'kind: Suite\napiVersion: test.gatekeeper.sh/v1alpha1\ntests:\n  - name: bad-params\n    template: template.yaml\n    constraint: constraint.yaml\n    invalid: true\n',
    });
    const r = runGatorSuites({ root, dirs: [path.join(root, 'gk')] });
    expect(r.cases.map((c) => [c.name, c.outcome])).toEqual([['bad-params', 'pass']]);
  });

  it('plugs into syncgate test: exit code 1 on a failing case, 0 when all pass', async () => {
    const run = async (dir: string, root: string): Promise<{ out: string; code: number | undefined }> => {
      let out = '';
      process.exitCode = undefined;
      await testCommand([gatorTestRunner], (t) => (out += t)).exitOverride().parseAsync([dir, '--root', root, '--verbose'], { from: 'user' });
      const code = process.exitCode as number | undefined;
      process.exitCode = undefined;
      return { out, code };
    };
    const ok = await run(path.join(FIXTURES, 'requiredlabels'), ROOT);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/PASS  test\/fixtures\/gatekeeper\/requiredlabels\/suite.yaml:14: owner-label\/missing/);
    expect(ok.out).toMatch(/PASS: 4\/4/);
    const root = tempRepo({
      'gk/template.yaml': readFileSync(TEMPLATE, 'utf8'),
      'gk/constraint.yaml': 'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sRequiredLabels\nmetadata:\n  name: owner\nspec:\n  parameters:\n    labels:\n      - key: owner\n',
      'gk/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n',
      'gk/suite.yaml': 'kind: Suite\napiVersion: test.gatekeeper.sh/v1alpha1\ntests:\n  - name: t\n    template: template.yaml\n    constraint: constraint.yaml\n    cases:\n      - name: c\n        object: pod.yaml\n        assertions:\n          - violations: no\n',
    });
    const bad = await run(path.join(root, 'gk'), root);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/FAIL  gk\/suite.yaml:8: t\/c/);
    expect(bad.out).toMatch(/want none/);
  });
});
