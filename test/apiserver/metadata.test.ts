import { describe, expect, it } from 'vitest';
import {
  checkMetadata,
  RULE_INVALID_ANNOTATION,
  RULE_INVALID_LABEL,
  RULE_INVALID_NAME,
  TOTAL_ANNOTATION_SIZE_LIMIT,
} from '../../src/schema/apiserver/index.js';
import { fakeResource, manifest } from './helpers/fake-resource.js';

function run(apiVersion: string, kind: string, metadata: Record<string, unknown>, rest: Record<string, unknown> = {}) {
  const resource = fakeResource(manifest(apiVersion, kind, metadata, rest));
  const findings = checkMetadata(resource);
  return { resource, findings, pointers: findings.map((f) => resource.pointerAt(f)) };
}

const nameOk = (apiVersion: string, kind: string, name: string) => run(apiVersion, kind, { name }).findings.length === 0;

describe('checkMetadata: names', () => {
  it('accepts DNS subdomains for most kinds and rejects what is not one', () => {
    expect(nameOk('apps/v1', 'Deployment', 'web.frontend-1')).toBe(true);
    expect(nameOk('v1', 'ConfigMap', 'app.config')).toBe(true);
    expect(nameOk('example.com/v1', 'Widget', 'my.widget')).toBe(true);

    const { findings, pointers } = run('apps/v1', 'Deployment', { name: 'Web' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE_INVALID_NAME, severity: 'high', pointer: '/metadata/name' });
    expect(pointers).toEqual(['/metadata/name']);
    expect(findings[0]!.message).toContain('subdomain');

    expect(nameOk('v1', 'ConfigMap', 'my_config')).toBe(false);
    expect(nameOk('v1', 'ConfigMap', 'ends-with-dash-')).toBe(false);
    expect(nameOk('v1', 'ConfigMap', 'a..b')).toBe(false);
    expect(nameOk('v1', 'Secret', 'a'.repeat(253))).toBe(true);
    const long = run('v1', 'Secret', { name: 'a'.repeat(254) }).findings;
    expect(long[0]?.message).toContain('no more than 253 characters');
  });

  it('suggests a valid name when there is an obvious one', () => {
    const help = (apiVersion: string, kind: string, name: string) => run(apiVersion, kind, { name }).findings[0]?.help;
    expect(help('apps/v1', 'Deployment', 'My_App.Frontend')).toContain('"my-app.frontend"');
    expect(help('v1', 'Namespace', 'Team.A')).toContain('"team-a"');
    expect(help('v1', 'Service', '9-Web_API')).toContain('"web-api"');
    expect(help('v1', 'ConfigMap', 'x'.repeat(300))).toContain(`"${'x'.repeat(253)}"`);
    expect(help('v1', 'ConfigMap', '***')).toBeUndefined();
    expect(help('rbac.authorization.k8s.io/v1', 'Role', 'a/b')).toBeUndefined();
  });

  it('requires DNS labels for Namespaces and StatefulSets', () => {
    expect(nameOk('v1', 'Namespace', 'team-a')).toBe(true);
    expect(nameOk('v1', 'Namespace', 'team.a')).toBe(false);
    expect(nameOk('v1', 'Namespace', 'a'.repeat(63))).toBe(true);
    expect(nameOk('v1', 'Namespace', 'a'.repeat(64))).toBe(false);
    expect(nameOk('apps/v1', 'StatefulSet', 'db.primary')).toBe(false);
    expect(nameOk('apps/v1', 'StatefulSet', '0db')).toBe(true);
  });

  it('requires RFC 1035 labels for Services (must start with a letter)', () => {
    expect(nameOk('v1', 'Service', 'web-1')).toBe(true);
    expect(nameOk('v1', 'Service', '1web')).toBe(false);
    expect(nameOk('v1', 'Service', 'web.app')).toBe(false);
    // A custom resource that happens to be called Service is a subdomain like any custom resource.
    expect(nameOk('serving.knative.dev/v1', 'Service', 'web.app')).toBe(true);
  });

  it('only requires RBAC names to be path segments', () => {
    expect(nameOk('rbac.authorization.k8s.io/v1', 'ClusterRole', 'system:aggregate-to-edit')).toBe(true);
    expect(nameOk('rbac.authorization.k8s.io/v1', 'RoleBinding', 'Read_Only')).toBe(true);
    expect(nameOk('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'a/b')).toBe(false);
    expect(nameOk('rbac.authorization.k8s.io/v1', 'Role', '..')).toBe(false);
    expect(nameOk('rbac.authorization.k8s.io/v1', 'Role', '100%')).toBe(false);
  });

  it('checks generateName as a prefix and requires a name or generateName', () => {
    expect(run('batch/v1', 'Job', { generateName: 'migrate-' }).findings).toEqual([]);
    const bad = run('batch/v1', 'Job', { generateName: 'Migrate-' });
    expect(bad.pointers).toEqual(['/metadata/generateName']);
    expect(bad.findings[0]?.message).toContain('prefix');
    expect(run('v1', 'Service', { generateName: '1svc-' }).findings).toHaveLength(1);

    const missing = run('v1', 'ConfigMap', { labels: { app: 'x' } });
    expect(missing.findings).toHaveLength(1);
    expect(missing.findings[0]?.message).toContain('name (or generateName) is required');
    expect(run('v1', 'ConfigMap', {}).findings).toHaveLength(1);
    expect(checkMetadata(fakeResource({ apiVersion: 'apps/v1', kind: 'Deployment', spec: {} }))).toHaveLength(1);
    // Tool configs that look like resources (kubeconfig, skaffold, kubeadm) carry no metadata and need no name.
    expect(checkMetadata(fakeResource({ apiVersion: 'v1', kind: 'Config', clusters: [] }))).toEqual([]);
    expect(checkMetadata(fakeResource({ apiVersion: 'skaffold/v4beta11', kind: 'Config', build: {} }))).toEqual([]);
    expect(checkMetadata(fakeResource({ apiVersion: 'kubeadm.k8s.io/v1beta3', kind: 'ClusterConfiguration' }))).toEqual([]);
    expect(checkMetadata(fakeResource({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', metadata: {} }))).toEqual([]);
  });

  it('validates metadata.namespace as a DNS label', () => {
    const { pointers, findings } = run('v1', 'ConfigMap', { name: 'c', namespace: 'Team_A' });
    expect(pointers).toEqual(['/metadata/namespace']);
    expect(findings[0]?.ruleId).toBe(RULE_INVALID_NAME);
  });

  it('applies the kind-specific limits', () => {
    expect(nameOk('batch/v1', 'CronJob', 'c'.repeat(52))).toBe(true);
    expect(run('batch/v1', 'CronJob', { name: 'c'.repeat(53) }).findings[0]?.message).toContain('52 characters');
    expect(nameOk('batch/v1', 'Job', 'j'.repeat(63))).toBe(true);
    expect(nameOk('batch/v1', 'Job', 'j'.repeat(64))).toBe(false);
    expect(run('batch/v1', 'Job', { name: 'j'.repeat(64) }, { spec: { manualSelector: true } }).findings).toEqual([]);

    const crdSpec = { spec: { group: 'example.com', names: { plural: 'widgets', kind: 'Widget' } } };
    expect(run('apiextensions.k8s.io/v1', 'CustomResourceDefinition', { name: 'widgets.example.com' }, crdSpec).findings).toEqual([]);
    expect(run('apiextensions.k8s.io/v1', 'CustomResourceDefinition', { name: 'widget.example.com' }, crdSpec).findings[0]?.message).toContain(
      '"widgets.example.com"',
    );

    const apiService = { spec: { group: 'metrics.k8s.io', version: 'v1beta1' } };
    expect(run('apiregistration.k8s.io/v1', 'APIService', { name: 'v1beta1.metrics.k8s.io' }, apiService).findings).toEqual([]);
    expect(run('apiregistration.k8s.io/v1', 'APIService', { name: 'metrics' }, apiService).findings).toHaveLength(1);

    expect(run('scheduling.k8s.io/v1', 'PriorityClass', { name: 'system-high' }, { value: 1000 }).findings[0]?.message).toContain('reserved');
    expect(run('scheduling.k8s.io/v1', 'PriorityClass', { name: 'system-node-critical' }, { value: 2000001000 }).findings).toEqual([]);
    expect(run('scheduling.k8s.io/v1', 'PriorityClass', { name: 'high' }, { value: 1000 }).findings).toEqual([]);
  });

  it('requires IPAddress names to be canonical IP addresses', () => {
    expect(nameOk('networking.k8s.io/v1', 'IPAddress', '10.0.0.1')).toBe(true);
    expect(nameOk('networking.k8s.io/v1', 'IPAddress', '2001:db8::1')).toBe(true);
    expect(nameOk('networking.k8s.io/v1', 'IPAddress', '010.0.0.1')).toBe(false);
    expect(nameOk('networking.k8s.io/v1', 'IPAddress', '2001:DB8::1')).toBe(false);
    expect(nameOk('networking.k8s.io/v1', 'IPAddress', '2001:db8:0:0:0:0:0:1')).toBe(false);
  });
});

describe('checkMetadata: labels', () => {
  const labels = (l: Record<string, unknown>) => run('v1', 'ConfigMap', { name: 'c', labels: l });

  it('accepts empty and 63-character values, rejects 64', () => {
    expect(labels({ app: '', tier: 'v'.repeat(63), 'app.kubernetes.io/name': 'web', Version: 'V1.2_x' }).findings).toEqual([]);
    const { findings, pointers } = labels({ app: 'v'.repeat(64) });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE_INVALID_LABEL, severity: 'high' });
    expect(findings[0]!.message).toContain('no more than 63 characters');
    expect(pointers).toEqual(['/metadata/labels/app']);
  });

  it('treats a null value as empty', () => {
    expect(labels({ app: null }).findings).toEqual([]);
  });

  it('rejects values that do not start and end with an alphanumeric', () => {
    expect(labels({ app: '-web' }).findings).toHaveLength(1);
    expect(labels({ app: 'web.' }).findings).toHaveLength(1);
    expect(labels({ app: 'a b' }).findings).toHaveLength(1);
  });

  it('checks key names and prefixes, pointing at the escaped key', () => {
    expect(labels({ ['k'.repeat(63)]: 'x' }).findings).toEqual([]);
    expect(labels({ ['k'.repeat(64)]: 'x' }).findings).toHaveLength(1);
    expect(labels({ [`${'p'.repeat(253)}/app`]: 'x' }).findings).toEqual([]);
    expect(labels({ [`${'p'.repeat(254)}/app`]: 'x' }).findings).toHaveLength(1);

    const upperPrefix = labels({ 'Example.com/app': 'x' });
    expect(upperPrefix.findings[0]?.message).toContain('prefix part');
    expect(upperPrefix.pointers).toEqual(['/metadata/labels/Example.com~1app']);

    expect(labels({ 'a/b/c': 'x' }).findings[0]?.message).toContain("more than one '/'");
    expect(labels({ '/app': 'x' }).findings[0]?.message).toContain('prefix part must be non-empty');
    expect(labels({ 'example.com/': 'x' }).findings[0]?.message).toContain('name part must be non-empty');
    expect(labels({ 'my app': 'x' }).findings).toHaveLength(1);
  });

  it('reports a bad key and a bad value of one label in one finding', () => {
    const { findings } = labels({ '-bad': '-bad' });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('key "-bad"');
    expect(findings[0]!.message).toContain('value "-bad"');
  });

  it('checks pod template labels of built-in workloads', () => {
    const resource = fakeResource(
      manifest('apps/v1', 'Deployment', { name: 'web' }, { spec: { template: { metadata: { labels: { 'app name': 'web' } } } } }),
    );
    const findings = checkMetadata(resource);
    expect(findings.map((f) => resource.pointerAt(f))).toEqual(['/spec/template/metadata/labels/app name']);
    expect(findings[0]!.message).toContain('spec.template.metadata.labels');

    const cron = fakeResource(
      manifest('batch/v1', 'CronJob', { name: 'nightly' }, {
        spec: { jobTemplate: { metadata: { labels: { ok: 'x' } }, spec: { template: { metadata: { annotations: { 'bad key': 'x' } } } } } },
      }),
    );
    expect(checkMetadata(cron).map((f) => [f.ruleId, cron.pointerAt(f)])).toEqual([
      [RULE_INVALID_ANNOTATION, '/spec/jobTemplate/spec/template/metadata/annotations/bad key'],
    ]);
  });

  it('does not crash on malformed metadata and leaves type errors to the schema check', () => {
    expect(run('v1', 'ConfigMap', { name: 'c', labels: ['a'] }).findings).toEqual([]);
    expect(run('v1', 'ConfigMap', { name: 'c', labels: { n: 1 }, annotations: 'x' }).findings).toEqual([]);
    expect(checkMetadata(fakeResource({ apiVersion: 'v1', kind: 'ConfigMap', metadata: 'oops' }))).toEqual([]);
    expect(run('v1', 'ConfigMap', { name: 42 }).findings).toEqual([]);
  });
});

describe('checkMetadata: annotations', () => {
  const annotations = (a: Record<string, unknown>) => run('v1', 'ConfigMap', { name: 'c', annotations: a });

  it('uses the label key syntax, but compares the prefix case-insensitively', () => {
    expect(annotations({ 'Example.com/Owner': 'Team A', 'kubectl.kubernetes.io/last-applied-configuration': '{"a": 1}' }).findings).toEqual([]);
    const { findings, pointers } = annotations({ 'bad key': 'x' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE_INVALID_ANNOTATION, severity: 'high' });
    expect(pointers).toEqual(['/metadata/annotations/bad key']);
    expect(annotations({ 'x/y/z': '' }).findings).toHaveLength(1);
  });

  it('allows any value, of any length up to the total size limit', () => {
    expect(annotations({ note: ' spaces, UPPER & symbols! ' }).findings).toEqual([]);
    // key "k" (1 byte) + value: exactly at the limit passes, one byte more fails.
    expect(annotations({ k: 'x'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT - 1) }).findings).toEqual([]);
    const { findings, pointers } = annotations({ k: 'x'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT) });
    expect(findings).toHaveLength(1);
    expect(pointers).toEqual(['/metadata/annotations']);
    expect(findings[0]!.message).toContain(`${TOTAL_ANNOTATION_SIZE_LIMIT + 1} bytes`);
    expect(findings[0]!.properties?.['largestKeys']).toEqual(['k']);
  });

  it('counts the size in UTF-8 bytes, summed over keys and values', () => {
    const half = TOTAL_ANNOTATION_SIZE_LIMIT / 2;
    expect(annotations({ a: 'x'.repeat(half - 1), b: 'x'.repeat(half - 1) }).findings).toEqual([]);
    expect(annotations({ a: 'x'.repeat(half), b: 'x'.repeat(half) }).findings).toHaveLength(1);
    // 'é' is two bytes: 131072 of them are exactly the limit before the key is counted.
    expect(annotations({ k: 'é'.repeat(half) }).findings).toHaveLength(1);
  });
});
