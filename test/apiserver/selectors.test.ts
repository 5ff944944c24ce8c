import { describe, expect, it } from 'vitest';
import { checkMetadata, findDuplicateObjects, RULE_INVALID_LABEL } from '../../src/schema/apiserver/index.js';
import { fakeResource, manifest } from './helpers/fake-resource.js';

function pointersOf(object: Record<string, unknown>) {
  const resource = fakeResource(object);
  const findings = checkMetadata(resource);
  return { findings, pointers: findings.map((f) => resource.pointerAt(f)) };
}

describe('checkMetadata: label selectors of built-in kinds', () => {
  it('checks matchLabels keys and values and matchExpressions keys and values', () => {
    const { findings, pointers } = pointersOf(
      manifest('apps/v1', 'Deployment', { name: 'web' }, {
        spec: {
          selector: {
            matchLabels: { app: 'web', 'bad key': 'x', tier: 'x'.repeat(64) },
            matchExpressions: [
              { key: 'track', operator: 'In', values: ['stable', '-canary'] },
              { key: 'a/b/c', operator: 'Exists' },
            ],
          },
        },
      }),
    );
    expect(findings.every((f) => f.ruleId === RULE_INVALID_LABEL)).toBe(true);
    expect(pointers).toEqual([
      '/spec/selector/matchLabels/bad key',
      '/spec/selector/matchLabels/tier',
      '/spec/selector/matchExpressions/0/values/1',
      '/spec/selector/matchExpressions/1/key',
    ]);
  });

  it('checks the plain map selectors of Services', () => {
    const { pointers } = pointersOf(manifest('v1', 'Service', { name: 'web' }, { spec: { selector: { 'app.kubernetes.io/name': 'web', 'x/': 'y' } } }));
    expect(pointers).toEqual(['/spec/selector/x~1']);
  });

  it('leaves selectors of custom resources alone', () => {
    expect(pointersOf(manifest('example.com/v1', 'Deployment', { name: 'web' }, { spec: { selector: { matchLabels: { 'bad key': 'x' } } } })).findings).toEqual([]);
  });
});

describe('hostile input', () => {
  it('treats prototype-looking keys as plain data and never throws', () => {
    const labels = JSON.parse('{"__proto__": "x", "constructor": "y", "toString": ""}') as Record<string, unknown>;
    const object = manifest('apps/v1', 'Deployment', { name: 'web', labels, annotations: labels }, {
      spec: { selector: { matchLabels: labels, matchExpressions: 'nope' }, template: [] },
    });
    // "__proto__" is reported like any other key that does not start with an alphanumeric; the others are valid.
    const { pointers } = pointersOf(object);
    expect(pointers).toEqual(['/metadata/labels/__proto__', '/metadata/annotations/__proto__', '/spec/selector/matchLabels/__proto__']);
  });

  it('survives resources whose fields have unexpected types', () => {
    const odd = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: ['a'], generateName: 5, namespace: {}, labels: 'x', annotations: [1] } },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { volumeClaimTemplates: [null, 1, { metadata: 'x' }], selector: [] } },
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'x' }, spec: { names: null, group: 1 } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: null } } },
    ];
    const resources = odd.map((o) => fakeResource(o as Record<string, unknown>));
    for (const resource of resources) expect(() => checkMetadata(resource)).not.toThrow();
    expect(() => findDuplicateObjects([...resources, ...resources])).not.toThrow();
  });
});
