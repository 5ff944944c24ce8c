import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultRunOptions, run } from '../../src/engine/index.js';
import type { SchemaValidator } from '../../src/schema/index.js';
import { parseFieldPath } from '../../src/schema/cel-rules.js';
import { CORPUS, HAVE_CORPUS, makeResource, validator } from './helpers.js';

/* CRD validation rules (x-kubernetes-validations) evaluated offline, as the API server would. */

const crd = makeResource({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'scalers.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Scaler', plural: 'scalers', singular: 'scaler' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                'x-kubernetes-validations': [
                  { rule: 'self.minReplicas <= self.maxReplicas', message: 'minReplicas must not exceed maxReplicas', fieldPath: '.minReplicas' },
                  { rule: "!has(self.mode) || self.mode != 'auto' || has(self.target)", messageExpression: "'mode ' + self.mode + ' needs a target'" },
                  { rule: 'self.minReplicas == oldSelf.minReplicas', message: 'transition rule' },
                  { rule: "!has(self.memory) || quantity(self.memory).isGreaterThan(quantity('1Mi'))", message: 'memory must exceed 1Mi' },
                  { rule: "!has(self.target) || url(self.target).getScheme() == 'https'", message: 'needs url()' },
                  { rule: "has(self.policy) && self.policy.strategy != ''", message: 'policy.strategy is set (by default)' },
                  { rule: 'self.undeclared == 1', message: 'evaluation error' },
                ],
                properties: {
                  minReplicas: { type: 'integer' },
                  maxReplicas: { type: 'integer' },
                  mode: { type: 'string' },
                  target: { type: 'string' },
                  memory: { type: 'string' },
                  policy: { type: 'object', default: {}, properties: { strategy: { type: 'string', default: 'rolling' } } },
                  names: { type: 'array', items: { type: 'string' }, 'x-kubernetes-validations': [{ rule: "self.all(n, n.matches('^[a-z]+$'))" }] },
                },
              },
            },
          },
        },
      },
    ],
  },
});

const scaler = (spec: Record<string, unknown>) => makeResource({ apiVersion: 'example.com/v1', kind: 'Scaler', metadata: { name: 's', namespace: 'shop' }, spec });

let v: SchemaValidator;
beforeAll(async () => {
  v = await validator({}, [crd]);
});

const problems = (spec: Record<string, unknown>) => v.validate(scaler(spec)).findings.map((f) => [f.ruleId, f.pointer, f.message]);

describe('CRD validation rules (x-kubernetes-validations)', () => {
  it('accepts an object every rule holds for', () => {
    expect(problems({ minReplicas: 1, maxReplicas: 3, mode: 'auto', target: 'cpu', names: ['web'] })).toEqual([]);
  });

  it('reports a failing rule with its message, at its fieldPath, as an invalid value', () => {
    expect(problems({ minReplicas: 5, maxReplicas: 2 })).toEqual([
      ['schema/invalid-value', '/spec/minReplicas', 'spec.minReplicas: minReplicas must not exceed maxReplicas (validation rule of the CRD)'],
    ]);
  });

  it('uses messageExpression, and Kubernetes\u2019 default message naming the rule', () => {
    expect(problems({ minReplicas: 1, maxReplicas: 2, mode: 'auto' })).toEqual([['schema/invalid-value', '/spec', 'spec: mode auto needs a target (validation rule of the CRD)']]);
    expect(problems({ minReplicas: 1, maxReplicas: 2, names: ['ok', 'Bad'] })).toEqual([
      ['schema/invalid-value', '/spec/names', "spec.names: failed rule: self.all(n, n.matches('^[a-z]+$')) (validation rule of the CRD)"],
    ]);
  });

  it('judges a rule even when a child field is invalid, unless its evaluation fails', () => {
    expect(problems({ minReplicas: 5, maxReplicas: 2, names: ['Bad'] }).map((p) => p[1]).sort()).toEqual(['/spec/minReplicas', '/spec/names']);
    // A string where the rule compares integers: the schema says so; the rule is not judged.
    expect(problems({ minReplicas: 'five', maxReplicas: 2 }).map((p) => p[0] + ' ' + p[1])).toEqual(['schema/invalid-type /spec/minReplicas']);
  });

  it('leaves out transition rules (oldSelf), rules calling functions syncgate lacks, and rules whose evaluation fails', () => {
    const messages = v.validate(scaler({ minReplicas: 1, maxReplicas: 2, target: 'http://x' })).findings.map((f) => f.message);
    expect(messages.join('\n')).not.toMatch(/transition rule|needs url|evaluation error/);
  });

  it('applies the schema defaults first, as the API server does', () => {
    expect(problems({ minReplicas: 1, maxReplicas: 2 })).toEqual([]);
    expect(problems({ minReplicas: 1, maxReplicas: 2, policy: { strategy: '' } }).map((p) => p[2])).toEqual(['spec: policy.strategy is set (by default) (validation rule of the CRD)']);
  });

  it('has the Kubernetes quantity library', () => {
    expect(problems({ minReplicas: 1, maxReplicas: 2, memory: '1Ki' })).toEqual([['schema/invalid-value', '/spec', 'spec: memory must exceed 1Mi (validation rule of the CRD)']]);
    expect(problems({ minReplicas: 1, maxReplicas: 2, memory: '1.5Mi' })).toEqual([]);
  });
});

describe('parseFieldPath', () => {
  it('reads dotted and bracketed fields, and refuses the rest', () => {
    expect(parseFieldPath(".spec.ports['app.kubernetes.io/name']")).toEqual(['spec', 'ports', 'app.kubernetes.io/name']);
    expect(parseFieldPath('.items[2].name')).toEqual(['items', 2, 'name']);
    expect(parseFieldPath('spec..x')).toEqual([]);
  });
});

describe.skipIf(!HAVE_CORPUS)('a real CRD rule (grafana-operator, from the kubeconform corpus)', () => {
  it('passes the corpus sample and reports the sample with both folder fields set, with the CRD\u2019s message', async () => {
    const sample = readFileSync(join(CORPUS, 'kubeconform/grafana-alert-rule-group-sample.yaml'), 'utf8');
    const root = mkdtempSync(join(tmpdir(), 'syncgate-cel-'));
    writeFileSync(join(root, 'good.yaml'), sample);
    writeFileSync(join(root, 'bad.yaml'), sample.replace('  folderRef: test-folder\n', '  folderRef: test-folder\n  folderUID: abc\n').replace('name: grafanaalertrulegroup-sample', 'name: both-folders'));
    const location = join(CORPUS, 'kubeconform/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json');
    const result = await run(defaultRunOptions({ root, inputs: [root], preset: 'none', schemaLocations: [location] }));
    expect(result.report.findings.map((f) => [f.file, f.ruleId, f.message])).toEqual([['bad.yaml', 'schema/invalid-value', 'spec: Only one of FolderUID or FolderRef can be set (validation rule of the CRD)']]);
  });
});
