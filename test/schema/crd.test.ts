import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../src/model/index.js';
import type { SchemaValidator } from '../../src/schema/index.js';
import { CORPUS, FIXTURES, HAVE_CORPUS, makeResource, pointerOf, summary, validator, yamlResources } from './helpers.js';

const widgetCrds = yamlResources(join(FIXTURES, 'widgets-crd.yaml'), FIXTURES);
const legacyCrd = yamlResources(join(FIXTURES, 'legacy-crd.yaml'), FIXTURES);

const widget = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}): Resource =>
  makeResource({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec: { size: 'small', ...spec }, ...extra });

let v: SchemaValidator;
let strict: SchemaValidator;
beforeAll(async () => {
  v = await validator({}, [...widgetCrds, ...legacyCrd]);
  strict = await validator({ strict: true }, [...widgetCrds, ...legacyCrd]);
});

describe('CRD registration', () => {
  it('validates the CRD objects themselves against apiextensions.k8s.io/v1', () => {
    for (const crd of widgetCrds) expect(strict.validate(crd).findings).toEqual([]);
    const broken = makeResource({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'x.example.com' },
      spec: { group: 'example.com', names: { kind: 'X', plural: 'xs' }, scope: 'Namespaced', versions: [{ name: 'v1', served: 'yes', storage: true, schema: { openAPIV3Schema: { type: 'object', propertys: {} } } }] },
    });
    expect(summary(strict.validate(broken).findings)).toEqual([
      'schema/invalid-type /spec/versions/0/served',
      'schema/unknown-field /spec/versions/0/schema/openAPIV3Schema/propertys',
    ]);
  });

  it('validates a custom resource against its served version', () => {
    expect(v.validate(widget({ replicas: 3 })).findings).toEqual([]);
    expect(v.namespaced('example.com/v1', 'Widget')).toBe(true);
    expect(v.namespaced('example.com/v1', 'Gadget')).toBe(false);
  });

  it('skips versions that are not served and explains why', () => {
    const r = v.validate(makeResource({ apiVersion: 'example.com/v1alpha1', kind: 'Widget', metadata: { name: 'w' } }));
    expect(r.findings).toEqual([]);
    expect(r.skipped).toMatchObject({ kind: 'missing-schema', file: 'manifests/test.yaml', resource: { kind: 'Widget', name: 'w' } });
    expect(r.skipped!.reason).toBe(
      'no schema for example.com/v1alpha1/Widget in Kubernetes 1.36, CRDs or schema locations (CRD widgets.example.com serves v1 of Widget)',
    );
  });

  it('registers CRDs given as crdResources', async () => {
    const fromFlag = await validator({ crdResources: widgetCrds });
    expect(summary(fromFlag.validate(widget({ size: 'huge' })).findings)).toEqual(['schema/invalid-value /spec/size']);
  });

  it('without the CRD, a custom resource is skipped as missing-schema', async () => {
    const bare = await validator();
    const r = bare.validate(widget({}));
    expect(r.skipped?.kind).toBe('missing-schema');
    expect(r.skipped?.reason).toMatch(/^no schema for example.com\/v1\/Widget in Kubernetes 1\.\d+, CRDs or schema locations/);
  });
});

describe('CRD schema semantics', () => {
  it('checks required fields, enums, ranges and patterns', () => {
    const r = v.validate(widget({ size: 'huge', replicas: 11, interval: '5 minutes' }));
    expect(r.findings.map((f) => [f.ruleId, f.pointer, f.message])).toEqual([
      ['schema/invalid-value', '/spec/size', 'spec.size: "huge" is not one of "small", "medium", "large"'],
      ['schema/invalid-value', '/spec/replicas', 'spec.replicas: 11 is greater than the maximum 10'],
      ['schema/invalid-value', '/spec/interval', 'spec.interval: "5 minutes" does not match the pattern ^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$'],
    ]);
    const missing = v.validate(makeResource({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} }));
    expect(missing.findings.map((f) => [f.pointer, f.message])).toEqual([['/spec', 'missing required field "size" in spec']]);
    const noSpec = v.validate(makeResource({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }));
    expect(noSpec.findings.map((f) => f.message)).toEqual(['missing required field "spec" at the top level']);
  });

  it('honours x-kubernetes-int-or-string', () => {
    expect(v.validate(widget({ port: 8080 })).findings).toEqual([]);
    expect(v.validate(widget({ port: 'http' })).findings).toEqual([]);
    expect(v.validate(widget({ port: true })).findings.map((f) => f.message)).toEqual(['spec.port: expected integer or string, got boolean true']);
  });

  it('honours nullable; other nulls are dropped by the API server, so only required ones fail', () => {
    expect(v.validate(widget({ description: null })).findings).toEqual([]);
    expect(summary(v.validate(widget({ description: 'x'.repeat(21) })).findings)).toEqual(['schema/invalid-value /spec/description']);
    // not nullable, optional: pruned before validation (PruneNonNullableNullsWithoutDefaults)
    expect(v.validate(widget({ replicas: null, labels: { a: null } })).findings).toEqual([]);
    // not nullable, required: pruned, then missing
    expect(v.validate(widget({ size: null })).findings.map((f) => [f.pointer, f.message])).toEqual([['/spec', 'missing required field "size" in spec']]);
    // list items are not pruned
    expect(summary(v.validate(widget({ tags: [null] })).findings)).toEqual(['schema/invalid-type /spec/tags/0']);
  });

  it('honours x-kubernetes-preserve-unknown-fields (open below, declared fields still checked)', () => {
    expect(strict.validate(widget({ values: { anything: { goes: [1, 2] } } })).findings).toEqual([]);
    expect(strict.validate(widget({ config: { level: 3, extra: 'kept' } })).findings).toEqual([]);
    expect(summary(strict.validate(widget({ config: { level: 'high' } })).findings)).toEqual(['schema/invalid-type /spec/config/level']);
  });

  it('prunes (reports) fields the structural schema does not declare', () => {
    const lax = v.validate(widget({ sise: 'x', opaque: { a: 1 } }, { status: { ready: true, phase: 'x' } })).findings;
    expect(lax.map((f) => [f.ruleId, f.severity, f.pointer, f.message])).toEqual([
      ['schema/unknown-field', 'low', '/spec/sise', 'unknown field "sise" in spec (did you mean "size"?)'],
      ['schema/unknown-field', 'low', '/spec/opaque/a', 'unknown field "a" in spec.opaque (the schema declares no fields there)'],
      ['schema/unknown-field', 'low', '/status/phase', 'unknown field "phase" in status'],
    ]);
    expect(pointerOf(lax[0]!.range)).toBe('/spec/sise');
    expect(strict.validate(widget({ sise: 'x' })).findings.map((f) => f.severity)).toEqual(['high']);
  });

  it('validates the implied metadata as ObjectMeta and the root apiVersion/kind', () => {
    const r = v.validate(widget({}, { metadata: { name: 'w', labels: { a: 1 }, nmae: 'x' } }));
    expect(summary(r.findings)).toEqual(['schema/invalid-type /metadata/labels/a', 'schema/unknown-field /metadata/nmae']);
    const long = v.validate(widget({}, { metadata: { name: 'much-too-long-a-name' } }));
    expect(long.findings.map((f) => f.message)).toEqual(['metadata.name: must be at most 10 characters long, got 20']);
  });

  it('honours x-kubernetes-embedded-resource', () => {
    const embedded = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { a: 'b' } }, data: { k: 'v' } };
    expect(strict.validate(widget({ template: embedded })).findings).toEqual([]);
    expect(summary(strict.validate(widget({ template: { ...embedded, metadata: { name: 5 } } })).findings)).toEqual(['schema/invalid-type /spec/template/metadata/name']);
    expect(strict.validate(widget({ strictTemplate: { apiVersion: 'v1', kind: 'X', metadata: { name: 'x' }, spec: { foo: 'bar' } } })).findings).toEqual([]);
    expect(summary(strict.validate(widget({ strictTemplate: { apiVersion: 'v1', kind: 'X', spec: { foo: 'bar' }, data: {} } })).findings)).toEqual([
      'schema/unknown-field /spec/strictTemplate/data',
    ]);
    expect(summary(strict.validate(widget({ strictTemplate: { kind: 1 } })).findings)).toEqual(['schema/invalid-type /spec/strictTemplate/kind']);
  });

  it('checks x-kubernetes-list-type set and map uniqueness', () => {
    expect(v.validate(widget({ tags: ['a', 'b'], ports: [{ name: 'http', number: 80 }, { name: 'https', number: 443 }] })).findings).toEqual([]);
    const dup = v.validate(widget({ tags: ['a', 'b', 'a'], ports: [{ name: 'http', number: 80 }, { name: 'http', number: 8080 }] })).findings;
    expect(dup.map((f) => [f.pointer, f.message])).toEqual([
      ['/spec/tags/2', 'spec.tags[2]: duplicate item (same as item 0)'],
      ['/spec/ports/1', 'spec.ports[1]: duplicate entry: name "http" is already used by item 0'],
    ]);
  });

  it('checks formats it knows (duration) and ignores others (email)', () => {
    expect(v.validate(widget({ timeout: '1h30m', owner: 'not an email' })).findings).toEqual([]);
    expect(v.validate(widget({ timeout: 'PT5M' })).findings).toEqual([]);
    expect(summary(v.validate(widget({ timeout: 'soon' })).findings)).toEqual(['schema/invalid-value /spec/timeout']);
  });

  it('a root x-kubernetes-preserve-unknown-fields keeps unknown fields at the root', () => {
    const gadget = makeResource({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { count: 1, other: true }, extra: 1 });
    expect(summary(strict.validate(gadget).findings)).toEqual(['schema/unknown-field /spec/other']);
  });

  it('v1beta1 CRDs: spec.validation registers the schema; unknown fields are preserved', () => {
    const oldie = (spec: unknown) => makeResource({ apiVersion: 'example.com/v1beta1', kind: 'Oldie', metadata: { name: 'o' }, spec });
    expect(strict.validate(oldie({ year: 1999, whatever: true })).findings).toEqual([]);
    expect(summary(strict.validate(oldie({ year: 'ninety-nine' })).findings)).toEqual(['schema/invalid-type /spec/year']);
    expect(summary(strict.validate(oldie({})).findings)).toEqual(['schema/required-field /spec']);
    // The v1beta1 CRD object itself is not served by Kubernetes >= 1.22: no schema, skipped.
    expect(strict.validate(legacyCrd[0]!).skipped?.kind).toBe('missing-schema');
  });
});

describe('Flux repository with its CRDs', () => {
  const flux = yamlResources(join(FIXTURES, 'flux-crds.yaml'), FIXTURES);

  it('validates HelmRelease, Kustomization and sources written against the CRDs', async () => {
    const val = await validator({ strict: true }, flux);
    const hr = makeResource({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'podinfo', namespace: 'podinfo' },
      spec: {
        interval: '50m',
        chart: { spec: { chart: 'podinfo', version: '6.x', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } },
        values: { replicaCount: 2, ingress: { enabled: true, hosts: [{ host: 'x' }] } },
      },
    });
    expect(val.validate(hr).findings).toEqual([]);
    const bad = makeResource({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'podinfo' },
      spec: { interval: '1 hour', chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepo', name: 'podinfo' } } }, valuesFrom: [{ kind: 'Secret' }] },
    });
    expect(val.validate(bad).findings.map((f) => `${f.ruleId} ${f.pointer}`)).toEqual([
      'schema/invalid-value /spec/interval',
      'schema/invalid-value /spec/chart/spec/sourceRef/kind',
      'schema/required-field /spec/valuesFrom/0',
    ]);
  });

  it.skipIf(!HAVE_CORPUS)('finds no false errors in flux2-kustomize-helm-example', async () => {
    const root = join(CORPUS, 'gitops', 'flux2-kustomize-helm-example');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.yaml')) files.push(join(dir, e.name));
      }
    };
    walk(root);
    // Kustomize overlay patches (podinfo-values.yaml) are not standalone resources, and kustomization.yaml
    // is Kustomize's own config: neither is validated on its own.
    const resources = files
      .filter((f) => !f.endsWith('podinfo-values.yaml') && !f.endsWith('kustomization.yaml'))
      .flatMap((f) => yamlResources(f, root));
    expect(resources.length).toBeGreaterThan(10);
    const val = await validator({ strict: true }, [...flux, ...resources]);
    const flagged: string[] = [];
    const skipped: string[] = [];
    for (const r of resources) {
      const c = val.validate(r);
      for (const f of c.findings) flagged.push(`${r.source.file} ${f.ruleId} ${f.pointer} ${f.message}`);
      if (c.skipped) skipped.push(`${r.apiVersion}/${r.kind}`);
    }
    expect(flagged).toEqual([]);
    // No CRDs in the corpus for these: skipped, never errors.
    expect([...new Set(skipped)].sort()).toEqual([
      'cert-manager.io/v1/ClusterIssuer',
      'gateway.networking.k8s.io/v1/Gateway',
      'gateway.networking.k8s.io/v1/GatewayClass',
      'source.extensions.fluxcd.io/v1beta1/ArtifactGenerator',
    ]);
  });
});
