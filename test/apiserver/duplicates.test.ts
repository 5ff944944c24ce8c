import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findDuplicateObjects, RULE_DUPLICATE_OBJECT } from '../../src/schema/apiserver/index.js';
import { fakeResource, manifest } from './helpers/fake-resource.js';
import { resourcesFromFile } from './helpers/yaml-resources.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.resolve(REPO, '../shared/corpus/kubeconform');
const corpusPresent = existsSync(FIXTURES);
if (!corpusPresent) {
  console.log(`apiserver duplicates: corpus cases skipped, ${path.relative(REPO, FIXTURES)} is absent (the shared test corpus is not part of a clone)`);
}

function at(file: string, docIndex: number, apiVersion: string, kind: string, metadata: Record<string, unknown>, rest: Record<string, unknown> = {}) {
  return fakeResource(manifest(apiVersion, kind, metadata, rest), { file, docIndex });
}

describe('findDuplicateObjects', () => {
  it('reports the second definition, naming the first one and listing every other location', () => {
    const first = at('base/cm.yaml', 0, 'v1', 'ConfigMap', { name: 'settings', namespace: 'shop' });
    const second = at('overlays/prod/cm.yaml', 2, 'v1', 'ConfigMap', { name: 'settings', namespace: 'shop' });
    const findings = findDuplicateObjects([second, first]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({ ruleId: RULE_DUPLICATE_OBJECT, severity: 'high', file: 'overlays/prod/cm.yaml', pointer: '/metadata/name' });
    expect(second.pointerAt(finding!)).toBe('/metadata/name');
    // The fake locator puts the first pointer asked for ('' of the first definition) on line 1.
    expect(finding!.message).toBe('ConfigMap shop/settings is defined more than once: first defined at base/cm.yaml:1 (an identical copy)');
    expect(finding!.properties?.['identicalToFirst']).toBe(true);
    expect(finding!.properties?.['otherLocations']).toEqual([{ file: 'base/cm.yaml', line: 1, column: 1 }]);
  });

  it('says whether a duplicate differs from the first definition', () => {
    const first = at('a.yaml', 0, 'v1', 'ConfigMap', { name: 'c' }, { data: { mode: 'fast', list: [1, { a: 2 }] } });
    const same = at('b.yaml', 0, 'v1', 'ConfigMap', { name: 'c' }, { data: { list: [1, { a: 2 }], mode: 'fast' } });
    const different = at('c.yaml', 0, 'v1', 'ConfigMap', { name: 'c' }, { data: { mode: 'slow', list: [1, { a: 2 }] } });
    const findings = findDuplicateObjects([first, same, different]);
    expect(findings.map((f) => f.properties?.['identicalToFirst'])).toEqual([true, false]);
    expect(findings[1]!.message).toContain('with different content');
  });

  it('lists all other definitions when there are more than two', () => {
    const resources = ['a.yaml', 'b.yaml', 'c.yaml'].map((file) => at(file, 0, 'v1', 'Secret', { name: 's' }));
    const findings = findDuplicateObjects(resources);
    expect(findings.map((f) => f.file)).toEqual(['b.yaml', 'c.yaml']);
    for (const finding of findings) {
      expect(finding.message).toContain('first defined at a.yaml:1');
      expect(finding.message).toContain('3 definitions in total');
      const others = finding.properties?.['otherLocations'] as Array<{ file: string }>;
      expect(others.map((o) => o.file)).toEqual(['a.yaml', 'b.yaml', 'c.yaml'].filter((f) => f !== finding.file));
    }
  });

  it('treats an omitted namespace as "default" for namespaced kinds', () => {
    const implicit = at('a.yaml', 0, 'apps/v1', 'Deployment', { name: 'web' });
    const explicit = at('a.yaml', 1, 'apps/v1', 'Deployment', { name: 'web', namespace: 'default' });
    expect(findDuplicateObjects([implicit, explicit])).toHaveLength(1);
    expect(findDuplicateObjects([implicit, explicit])[0]!.message).toContain('Deployment default/web');
    const elsewhere = at('a.yaml', 1, 'apps/v1', 'Deployment', { name: 'web', namespace: 'staging' });
    expect(findDuplicateObjects([implicit, elsewhere])).toEqual([]);
    expect(findDuplicateObjects([implicit, elsewhere], undefined, { defaultNamespace: 'staging' })).toHaveLength(1);
  });

  it('ignores the namespace of cluster-scoped kinds', () => {
    const a = at('a.yaml', 0, 'rbac.authorization.k8s.io/v1', 'ClusterRole', { name: 'reader', namespace: 'one' });
    const b = at('b.yaml', 0, 'rbac.authorization.k8s.io/v1', 'ClusterRole', { name: 'reader', namespace: 'two' });
    const findings = findDuplicateObjects([a, b]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('ClusterRole reader is defined');
    const roleA = at('a.yaml', 0, 'rbac.authorization.k8s.io/v1', 'Role', { name: 'reader', namespace: 'one' });
    const roleB = at('b.yaml', 0, 'rbac.authorization.k8s.io/v1', 'Role', { name: 'reader', namespace: 'two' });
    expect(findDuplicateObjects([roleA, roleB])).toEqual([]);
  });

  it('keys on the API group, not the version, and knows kinds that moved group', () => {
    const v1 = at('a.yaml', 0, 'apps/v1', 'Deployment', { name: 'web' });
    const beta = at('a.yaml', 1, 'apps/v1beta2', 'Deployment', { name: 'web' });
    const extensions = at('a.yaml', 2, 'extensions/v1beta1', 'Deployment', { name: 'web' });
    const findings = findDuplicateObjects([v1, beta, extensions]);
    expect(findings).toHaveLength(2);
    expect(findings[0]!.message).toContain('first defined as apps/v1 at a.yaml');

    const custom = at('a.yaml', 3, 'deploy.example.com/v1', 'Deployment', { name: 'web' });
    expect(findDuplicateObjects([v1, custom])).toEqual([]);
  });

  it('never clashes objects that only have generateName', () => {
    const a = at('a.yaml', 0, 'batch/v1', 'Job', { generateName: 'migrate-' });
    const b = at('a.yaml', 1, 'batch/v1', 'Job', { generateName: 'migrate-' });
    expect(findDuplicateObjects([a, b])).toEqual([]);
  });

  it('asks the callback for the scope first, then CRDs of the run, then the built-in list', () => {
    const widgetA = at('a.yaml', 0, 'example.com/v1', 'Widget', { name: 'w', namespace: 'one' });
    const widgetB = at('a.yaml', 1, 'example.com/v1', 'Widget', { name: 'w', namespace: 'two' });
    // Unknown custom kinds count as namespaced.
    expect(findDuplicateObjects([widgetA, widgetB])).toEqual([]);

    const seen: string[] = [];
    const clusterWidgets = (group: string, kind: string) => {
      seen.push(`${group}/${kind}`);
      return group === 'example.com' ? false : undefined;
    };
    expect(findDuplicateObjects([widgetA, widgetB], clusterWidgets)).toHaveLength(1);
    expect(seen).toContain('example.com/Widget');

    const crd = at('crds.yaml', 0, 'apiextensions.k8s.io/v1', 'CustomResourceDefinition', { name: 'widgets.example.com' }, {
      spec: { group: 'example.com', scope: 'Cluster', names: { kind: 'Widget', plural: 'widgets' } },
    });
    expect(findDuplicateObjects([crd, widgetA, widgetB])).toHaveLength(1);
    // The callback wins over the CRD.
    expect(findDuplicateObjects([crd, widgetA, widgetB], () => true)).toEqual([]);

    // A callback that throws is treated as "unknown".
    const cm1 = at('a.yaml', 0, 'v1', 'ConfigMap', { name: 'c' });
    const cm2 = at('a.yaml', 1, 'v1', 'ConfigMap', { name: 'c' });
    expect(findDuplicateObjects([cm1, cm2], () => { throw new Error('boom'); })).toHaveLength(1);
  });

  it('never clashes resources of different partitions', () => {
    const prod = at('clusters/prod/ns.yaml', 0, 'v1', 'Namespace', { name: 'shop' });
    const staging = at('clusters/staging/ns.yaml', 0, 'v1', 'Namespace', { name: 'shop' });
    const prodAgain = at('clusters/prod/more.yaml', 0, 'v1', 'Namespace', { name: 'shop' });
    const byCluster = (r: { source: { file: string } }) => r.source.file.split('/')[1];
    expect(findDuplicateObjects([prod, staging], undefined, { partitionOf: byCluster })).toEqual([]);
    const findings = findDuplicateObjects([prod, staging, prodAgain], undefined, { partitionOf: byCluster });
    expect(findings.map((f) => f.file)).toEqual(['clusters/prod/ns.yaml']);
    expect(findings[0]!.message).toContain('first defined at clusters/prod/more.yaml');
  });

  it('does not depend on the order resources arrive in', () => {
    const a = at('a.yaml', 0, 'v1', 'ConfigMap', { name: 'c' });
    const b = at('a.yaml', 1, 'v1', 'ConfigMap', { name: 'c' });
    const forward = findDuplicateObjects([a, b]);
    const backward = findDuplicateObjects([b, a]);
    expect(backward.map((f) => f.fingerprint)).toEqual(forward.map((f) => f.fingerprint));
    expect(forward[0]!.range).toEqual(b.locate('/metadata/name'));
  });

  it('skips malformed resources without crashing', () => {
    const broken = fakeResource({ apiVersion: 'v1', kind: 'ConfigMap', metadata: 'nope' });
    const noObject = fakeResource({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(findDuplicateObjects([broken, noObject, broken])).toEqual([]);
  });
});

describe.skipIf(!corpusPresent)('findDuplicateObjects on the kubeval duplicate fixtures', () => {
  const load = (name: string) => resourcesFromFile(path.join(FIXTURES, name), `fixtures/${name}`);

  it('flags the same object defined twice (duplicates.yaml), at the second definition', () => {
    const findings = findDuplicateObjects(load('duplicates.yaml'));
    expect(findings).toHaveLength(1);
    // The second document's metadata.name sits on line 26; the first document starts on line 3.
    expect(findings[0]!.range.startLine).toBe(26);
    expect(findings[0]!.message).toBe(
      'ReplicationController default/bob is defined more than once: first defined at fixtures/duplicates.yaml:3 (an identical copy)',
    );
    expect(findings[0]!.properties?.['otherLocations']).toEqual([{ file: 'fixtures/duplicates.yaml', line: 3, column: 1 }]);
  });

  it('flags duplicates of cluster-scoped kinds and in an explicit namespace', () => {
    expect(findDuplicateObjects(load('duplicates-non-namespaced.yaml'))).toHaveLength(1);
    expect(findDuplicateObjects(load('duplicates-with-namespace.yaml'))).toHaveLength(1);
  });

  it('uses the configured default namespace for objects without one', () => {
    const resources = load('duplicates-with-namespace-default.yaml');
    expect(findDuplicateObjects(resources, undefined, { defaultNamespace: 'the-default-namespace' })).toHaveLength(1);
    // With the usual default ("default") the two are in different namespaces.
    expect(findDuplicateObjects(resources)).toEqual([]);
  });

  it('accepts the same name in different namespaces', () => {
    expect(findDuplicateObjects(load('same-object-different-namespace.yaml'))).toEqual([]);
    expect(findDuplicateObjects(load('same-object-different-namespace-default.yaml'), undefined, { defaultNamespace: 'the-default-namespace' })).toEqual([]);
  });

  it('is stricter than kubeval on purpose: apps/v1 and apps/v1beta1 Deployments are one object', () => {
    const findings = findDuplicateObjects(load('same-kind-different-api.yaml'));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.resource?.apiVersion).toBe('apps/v1beta1');
  });

  it('leaves skipping kinds to the caller (duplicates-skipped-kinds.yaml)', () => {
    const resources = load('duplicates-skipped-kinds.yaml');
    expect(findDuplicateObjects(resources)).toHaveLength(1);
    expect(findDuplicateObjects(resources.filter((r) => r.kind !== 'SkipThisKind'))).toEqual([]);
  });
});
