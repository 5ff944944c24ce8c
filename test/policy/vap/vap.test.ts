import { describe, expect, it } from 'vitest';
import { defaultRunOptions, run } from '../../../src/engine/index.js';
import { loadAdmissionPolicies, pluralOf } from '../../../src/policy/vap/index.js';
import { loadFrom, tempRepo } from '../gatekeeper/helpers.js';

/* ValidatingAdmissionPolicies of the repository judge its manifests as the API server would on CREATE. */

function policy(validation: string, extra: string[] = [], name = 'replica-limit'): string {
  return [
    'apiVersion: admissionregistration.k8s.io/v1',
    'kind: ValidatingAdmissionPolicy',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    ...extra,
    '  matchConstraints:',
    '    resourceRules:',
    '    - apiGroups: ["apps"]',
    '      apiVersions: ["v1"]',
    '      operations: ["CREATE", "UPDATE"]',
    '      resources: ["deployments"]',
    '  validations:',
    `  - expression: ${JSON.stringify(validation)}`,
    '',
  ].join('\n');
}

function binding(spec: string[], policyName = 'replica-limit', name = 'limit'): string {
  return ['apiVersion: admissionregistration.k8s.io/v1', 'kind: ValidatingAdmissionPolicyBinding', 'metadata:', `  name: ${name}`, 'spec:', `  policyName: ${policyName}`, ...spec, ''].join('\n');
}

const deployment = (name: string, namespace: string, replicas: number, labels = '{}') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}, labels: ${labels}}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: x}}\n    spec: {containers: [{name: c, image: "nginx:1.27"}]}\n`;

const namespaces = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {env: prod}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: dev, labels: {env: dev}}\n';

async function check(files: Record<string, string>) {
  const root = tempRepo(files);
  const resources = await loadFrom(root, ...Object.keys(files));
  const set = loadAdmissionPolicies(resources);
  return { load: set.loadFindings, run: set.run(resources), rules: set.rules };
}

describe('ValidatingAdmissionPolicy', () => {
  it('applies a binding with parameters and a namespaceSelector: only matching objects are judged', async () => {
    const r = await check({
      'policy.yaml': policy('object.spec.replicas <= int(params.data.maxReplicas)', ['  paramKind: {apiVersion: v1, kind: ConfigMap}']).replace(
        '  validations:\n  - expression: "object.spec.replicas <= int(params.data.maxReplicas)"',
        '  validations:\n  - expression: "object.spec.replicas <= int(params.data.maxReplicas)"\n    messageExpression: "\'replicas must be at most \' + params.data.maxReplicas"',
      ),
      'binding.yaml': binding(['  validationActions: [Deny]', '  paramRef: {name: limits, namespace: platform, parameterNotFoundAction: Deny}', '  matchResources:', '    namespaceSelector: {matchLabels: {env: prod}}']),
      'params.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: limits, namespace: platform}\ndata: {maxReplicas: "5"}\n',
      'ns.yaml': namespaces,
      'prod.yaml': deployment('big', 'shop', 10),
      'dev.yaml': deployment('big', 'dev', 10),
      'ok.yaml': deployment('small', 'shop', 3),
    });
    expect(r.load).toEqual([]);
    expect(r.run.map((f) => [f.ruleId, f.severity, f.file, f.message])).toEqual([['vap/replica-limit/limit', 'high', 'prod.yaml', 'replicas must be at most 5']]);
    expect(r.run[0]!.properties).toMatchObject({ policy: 'replica-limit', binding: 'limit', params: 'ConfigMap/limits' });
  });

  it('maps validationActions to severities: Warn medium, Audit info', async () => {
    for (const [action, severity] of [['Warn', 'medium'], ['Audit', 'info'], ['Deny, Warn', 'high']] as const) {
      const r = await check({ 'p.yaml': policy('object.spec.replicas <= 5'), 'b.yaml': binding([`  validationActions: [${action}]`]), 'd.yaml': deployment('big', 'shop', 10) });
      expect(r.run.map((f) => [f.severity, f.message])).toEqual([[severity, 'failed expression: object.spec.replicas <= 5']]);
    }
  });

  it('reports a missing parameter object when the binding denies on it, and skips it when it allows', async () => {
    const files = (action: string) => ({
      'p.yaml': policy('object.spec.replicas <= int(params.data.maxReplicas)', ['  paramKind: {apiVersion: v1, kind: ConfigMap}']),
      'b.yaml': binding(['  validationActions: [Deny]', `  paramRef: {name: absent, parameterNotFoundAction: ${action}}`]),
      'd.yaml': deployment('big', 'shop', 10),
    });
    expect((await check(files('Deny'))).run.map((f) => f.message)).toEqual([expect.stringContaining('no parameter object for ValidatingAdmissionPolicy replica-limit')]);
    expect((await check(files('Allow'))).run).toEqual([]);
  });

  it('honours objectSelector and excludeResourceRules', async () => {
    const r = await check({
      'p.yaml': policy('object.spec.replicas <= 5'),
      'b.yaml': binding(['  validationActions: [Deny]', '  matchResources:', '    objectSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [batch]}]}']),
      'a.yaml': deployment('web', 'shop', 10, '{tier: web}'),
      'b2.yaml': deployment('jobs', 'shop', 10, '{tier: batch}'),
    });
    expect(r.run.map((f) => f.file)).toEqual(['a.yaml']);
    const excluded = await check({
      'p.yaml': policy('object.spec.replicas <= 5'),
      'b.yaml': binding(['  validationActions: [Deny]', '  matchResources:', '    excludeResourceRules:', '    - {apiGroups: ["apps"], apiVersions: ["*"], operations: ["*"], resources: ["deployments"]}']),
      'a.yaml': deployment('web', 'shop', 10),
    });
    expect(excluded.run).toEqual([]);
  });

  it('reports an evaluation error as a policy error under failurePolicy Fail, and nothing under Ignore', async () => {
    const files = (failurePolicy: string) => ({ 'p.yaml': policy("object.metadata.name + 1 == 'x'", [`  failurePolicy: ${failurePolicy}`]), 'b.yaml': binding(['  validationActions: [Deny]']), 'd.yaml': deployment('web', 'shop', 1) });
    expect((await check(files('Fail'))).run.map((f) => [f.ruleId, f.file])).toEqual([['policy/error', 'd.yaml']]);
    expect((await check(files('Ignore'))).run).toEqual([]);
  });

  it('does not fail an object for a field the manifest leaves to defaulting (the API server sees it set)', async () => {
    const withoutReplicas = deployment('web', 'shop', 1).replace('  replicas: 1\n', '');
    const r = await check({ 'p.yaml': policy('object.spec.replicas <= 5'), 'b.yaml': binding(['  validationActions: [Deny]']), 'd.yaml': withoutReplicas });
    expect(r.run).toEqual([]);
  });

  it('says once when a policy uses a CEL function syncgate lacks, and when a binding names no policy', async () => {
    const r = await check({ 'p.yaml': policy("url(object.metadata.name).getScheme() == 'https'"), 'b.yaml': binding(['  validationActions: [Deny]']), 'x.yaml': binding(['  validationActions: [Deny]'], 'nope', 'orphan'), 'd.yaml': deployment('web', 'shop', 1) });
    expect(r.load.map((f) => [f.ruleId, f.file, f.range.startLine])).toEqual([
      ['vap/unsupported', 'p.yaml', 13],
      ['policy/error', 'x.yaml', 6],
    ]);
    expect(r.run).toEqual([]);
  });

  it('runs in syncgate check, from the checked files', async () => {
    const root = tempRepo({ 'p.yaml': policy('object.spec.replicas <= 5'), 'b.yaml': binding(['  validationActions: [Warn]']), 'd.yaml': deployment('web', 'shop', 10) });
    const result = await run(defaultRunOptions({ root, inputs: [root], preset: 'none' }));
    expect(result.report.findings.filter((f) => f.ruleId.startsWith('vap/')).map((f) => [f.ruleId, f.severity, f.file])).toEqual([['vap/replica-limit/limit', 'medium', 'd.yaml']]);
    expect(result.report.rules.map((r) => r.id)).toContain('vap/replica-limit/limit');
  });
});

describe('pluralOf', () => {
  it('names resources as the API server does', () => {
    const crds = new Map([['example.com/Octopus', 'octopi']]);
    expect(['Deployment', 'Ingress', 'NetworkPolicy', 'Endpoints', 'Gateway', 'StorageClass'].map((k) => pluralOf(k, crds, ''))).toEqual(['deployments', 'ingresses', 'networkpolicies', 'endpoints', 'gateways', 'storageclasses']);
    expect(pluralOf('Octopus', crds, 'example.com')).toBe('octopi');
  });
});
