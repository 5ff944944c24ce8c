import { describe, expect, it } from 'vitest';
import { withLinearMatches } from '../../../src/cel/index.js';
import { loadGatekeeper } from '../../../src/policy/gatekeeper/index.js';
import { loadFrom, tempRepo } from './helpers.js';

/* Gatekeeper's CEL engine: what syncgate cannot evaluate is said once, errors land where they belong. */

function template(validation: string, extra = ''): string {
  return [
    'apiVersion: templates.gatekeeper.sh/v1',
    'kind: ConstraintTemplate',
    'metadata:',
    '  name: k8stest',
    'spec:',
    '  crd:',
    '    spec:',
    '      names:',
    '        kind: K8sTest',
    '  targets:',
    '    - target: admission.k8s.gatekeeper.sh',
    '      code:',
    '        - engine: K8sNativeValidation',
    '          source:',
    '            validations:',
    `              - expression: ${JSON.stringify(validation)}`,
    extra,
    '',
  ].join('\n');
}

const CONSTRAINT = 'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sTest\nmetadata:\n  name: t\nspec:\n  match:\n    kinds:\n      - apiGroups: [""]\n        kinds: ["ConfigMap"]\n';

async function run(validation: string, data: Record<string, string> = { key: 'value' }, extra = '') {
  const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n${Object.entries(data).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join('\n')}\n`;
  const root = tempRepo({ 't.yaml': template(validation, extra), 'c.yaml': CONSTRAINT, 'cm.yaml': configMap });
  const resources = await loadFrom(root, 't.yaml', 'c.yaml', 'cm.yaml');
  const gk = loadGatekeeper(resources, { root });
  return { load: gk.loadFindings, run: gk.run(resources) };
}

describe('Gatekeeper CEL templates', () => {
  it('reports a Kubernetes CEL function syncgate does not provide as unsupported (info), at the expression', async () => {
    const r = await run("url(object.data.key).getScheme() == 'https'");
    expect(r.load).toEqual([expect.objectContaining({ ruleId: 'gatekeeper/unsupported', severity: 'info', file: 't.yaml', range: expect.objectContaining({ startLine: 16 }), message: expect.stringContaining('url()') })]);
    expect(r.run).toEqual([]);
  });

  it('reports a CEL syntax error as a policy error at the expression', async () => {
    const r = await run('object.data.key ==');
    expect(r.load).toEqual([expect.objectContaining({ ruleId: 'policy/error', file: 't.yaml', range: expect.objectContaining({ startLine: 16 }), message: expect.stringContaining('CEL:') })]);
  });

  it('reports an evaluation error on the object it was checking', async () => {
    const r = await run('object.data.key + 1 == "x"');
    expect(r.run).toEqual([expect.objectContaining({ ruleId: 'policy/error', file: 'cm.yaml', message: expect.stringContaining('CEL evaluation failed') })]);
  });

  it('does not fail an object for a field it lacks, which defaulting may set at admission', async () => {
    expect((await run('object.data.missing == "x"')).run).toEqual([]);
  });

  it('uses the static message, or the Kubernetes default naming the expression', async () => {
    expect((await run('object.data.key == "other"', { key: 'value' }, '                message: "key must be other"')).run.map((f) => f.message)).toEqual(['key must be other']);
    expect((await run('object.data.key == "other"')).run.map((f) => f.message)).toEqual(['failed expression: object.data.key == "other"']);
  });

  it('matches regular expressions in linear time (RE2), whatever the pattern', async () => {
    const r = await run("!object.data.key.matches('^(a+)+$')", { key: `${'a'.repeat(5000)}b` });
    expect(r.load).toEqual([]);
    expect(r.run).toEqual([]);
  });

  it('routes matches() to RE2 outside string literals only', () => {
    expect(withLinearMatches(`s.matches('x') && matches(s, "y") && "a.matches(b)" == 'matches('`)).toBe(`s.syncgateMatches('x') && syncgateMatches(s, "y") && "a.matches(b)" == 'matches('`);
  });

  it('has the Kubernetes quantity library', async () => {
    const r = await run("quantity(object.data.key).isLessThan(quantity('1Gi'))", { key: '2Gi' }, '                message: "at most 1Gi"');
    expect(r.run.map((f) => f.message)).toEqual(['at most 1Gi']);
    expect((await run("quantity(object.data.key).isLessThan(quantity('1Gi'))", { key: '512Mi' })).run).toEqual([]);
  });
});
