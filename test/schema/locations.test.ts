import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, FIXTURES, HAVE_CORPUS, deployment, makeResource, summary, validator, yamlResources } from './helpers.js';

const SCHEMAS = join(FIXTURES, 'schemas');
const LOCAL = join(FIXTURES, 'schemas-local');

const widget = (spec: Record<string, unknown>) => makeResource({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec });

describe('schema locations: directory layouts', () => {
  it('finds <kind>-<group label>-<version>.json and validates with it', async () => {
    const v = await validator({ schemaLocations: [SCHEMAS] });
    expect(v.validate(widget({ size: 'small', port: 80, ratio: 0.5 })).findings).toEqual([]);
    expect(summary(v.validate(widget({ size: 'medium', ratio: 1 })).findings)).toEqual(['schema/invalid-value /spec/size', 'schema/invalid-value /spec/ratio']);
  });

  it('accepts null in kubeconform-style oneOf type unions', async () => {
    const v = await validator({ schemaLocations: [SCHEMAS] });
    expect(v.validate(widget({ port: null })).findings).toEqual([]);
    expect(v.validate(widget({ port: 'http' })).findings).toEqual([]);
    expect(v.validate(widget({ port: true })).findings.map((f) => f.message)).toEqual(['spec.port: expected string or integer, got boolean true']);
  });

  it('treats typed objects of location schemas as closed: unknown fields low, high with strict', async () => {
    const lax = await validator({ schemaLocations: [SCHEMAS] });
    expect(lax.validate(widget({ sizes: 'small' })).findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      ['schema/unknown-field', 'low', 'unknown field "sizes" in spec (did you mean "size"?)'],
    ]);
    const strict = await validator({ strict: true, schemaLocations: [SCHEMAS] });
    expect(strict.validate(widget({ sizes: 'small' })).findings.map((f) => f.severity)).toEqual(['high']);
  });

  it('finds <group>/<kind>_<version>.json and honours x-kubernetes-preserve-unknown-fields in it', async () => {
    const v = await validator({ strict: true, schemaLocations: [SCHEMAS] });
    const gizmo = (spec: unknown) => makeResource({ apiVersion: 'example.com/v2', kind: 'Gizmo', metadata: { name: 'g' }, spec });
    expect(v.validate(gizmo({ mode: 'a', raw: { a: 'x', b: 1 } })).findings).toEqual([]);
    expect(summary(v.validate(gizmo({ mode: 1, raw: { a: 2 } })).findings)).toEqual(['schema/invalid-type /spec/mode', 'schema/invalid-type /spec/raw/a']);
  });

  it('reports an unreadable schema file as invalid-schema instead of skipping silently', async () => {
    const v = await validator({ schemaLocations: [SCHEMAS] });
    const r = v.validate(makeResource({ apiVersion: 'example.com/v1', kind: 'Broken', metadata: { name: 'b' } }));
    expect(r.findings.map((f) => [f.ruleId, f.severity, f.pointer])).toEqual([['schema/invalid-schema', 'medium', '']]);
    expect(r.findings[0]!.message).toMatch(/^Broken not validated: schema .*broken-example-v1\.json is not valid JSON/);
  });

  it('resolves $refs to sibling files (kubeconform -local flavour)', async () => {
    const v = await validator({ schemaLocations: [LOCAL] });
    const thing = (o: Record<string, unknown>) => makeResource({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't' }, ...o });
    expect(v.validate(thing({ spec: { name: 'x', count: 1 } })).findings).toEqual([]);
    expect(summary(v.validate(thing({ spec: { count: 2 ** 40 } })).findings)).toEqual(['schema/invalid-value /spec/count', 'schema/required-field /spec']);
    const unresolved = v.validate(thing({ missing: 1 })).findings;
    expect(unresolved.map((f) => f.ruleId)).toEqual(['schema/invalid-schema']);
    expect(unresolved[0]!.message).toContain('cannot resolve $ref "nothere.json#/definitions/x"');
  });
});

describe('schema locations: order and templates', () => {
  it('uses the bundled schemas last unless "default" says where', async () => {
    const first = await validator({ schemaLocations: [LOCAL] });
    expect(summary(first.validate(makeResource(deployment())).findings)).toEqual(['schema/invalid-type /spec']);
    const builtinFirst = await validator({ schemaLocations: ['default', LOCAL] });
    expect(builtinFirst.validate(makeResource(deployment())).findings).toEqual([]);
  });

  it('renders kubeconform path templates', async () => {
    const v = await validator({ schemaLocations: [join(SCHEMAS, '{{ .ResourceKind }}{{ .KindSuffix }}.json')] });
    expect(summary(v.validate(widget({ size: 'x' })).findings)).toEqual(['schema/invalid-value /spec/size']);
    const g = await validator({ schemaLocations: [join(SCHEMAS, '{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}')] });
    expect(g.validate(makeResource({ apiVersion: 'example.com/v2', kind: 'Gizmo', metadata: { name: 'g' }, spec: { mode: 'a' } })).findings).toEqual([]);
  });

  it('rejects remote, missing and malformed locations with a clear error', async () => {
    await expect(validator({ schemaLocations: ['https://raw.githubusercontent.com/x/{{ .ResourceKind }}.json'] })).rejects.toThrow(/only local paths are supported/);
    await expect(validator({ schemaLocations: [join(FIXTURES, 'nope')] })).rejects.toThrow(/does not exist/);
    await expect(validator({ schemaLocations: [join(SCHEMAS, '{{ .Kind }}.json')] })).rejects.toThrow(/unknown template variable \.Kind/);
  });
});

describe.skipIf(!HAVE_CORPUS)('kubeconform fixtures with schema locations', () => {
  const dir = join(CORPUS, 'kubeconform');

  it('validates the SageMaker TrainingJob against registry/ (test_crd.yaml)', async () => {
    const [job] = yamlResources(join(dir, 'test_crd.yaml'), dir);
    for (const loc of [join(dir, 'registry'), join(dir, 'registry', '{{ .ResourceKind }}{{ .KindSuffix }}.json')]) {
      const v = await validator({ strict: true, schemaLocations: [loc] });
      expect(v.validate(job!)).toEqual({ findings: [] });
      const broken = structuredClone(job!.object) as { spec: { resourceConfig: { instanceCount: unknown } } };
      broken.spec.resourceConfig.instanceCount = 'one';
      expect(summary(v.validate(makeResource(broken as never)).findings)).toEqual(['schema/invalid-type /spec/resourceConfig/instanceCount']);
    }
  });

  it('accepts a Go duration for format: duration (grafanaalertrulegroup_v1beta1.json)', async () => {
    const [rules] = yamlResources(join(dir, 'grafana-alert-rule-group-sample.yaml'), dir);
    const v = await validator({ strict: true, schemaLocations: [join(dir, '{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json')] });
    expect(v.validate(rules!)).toEqual({ findings: [] });
    const obj = structuredClone(rules!.object) as { spec: { interval: string } };
    obj.spec.interval = 'every five minutes';
    const findings = v.validate(makeResource(obj as never)).findings;
    expect(findings.map((f) => f.pointer)).toEqual(['/spec/interval']);
  });
});
