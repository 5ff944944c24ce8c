import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf, toResourceRef } from '../../src/model/index.js';
import type { SchemaValidator } from '../../src/schema/index.js';
import { deployment, makeResource, pointerOf, summary, validator } from './helpers.js';

let v: SchemaValidator;
let strict: SchemaValidator;
beforeAll(async () => {
  v = await validator();
  strict = await validator({ strict: true });
});

const check = (o: Record<string, unknown>, val = v) => val.validate(makeResource(o));

describe('bundled Kubernetes schemas: valid objects', () => {
  it('accepts a plain Deployment, Service and ConfigMap', () => {
    expect(check(deployment()).findings).toEqual([]);
    expect(check({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 'http' }], selector: { app: 'x' } } }).findings).toEqual([]);
    expect(check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'app.properties': 'a=1' } }).findings).toEqual([]);
  });

  it('validates List kinds such as DeploymentList', () => {
    const list = { apiVersion: 'apps/v1', kind: 'DeploymentList', items: [deployment(), deployment({ replicas: 'x' })] };
    expect(summary(check(list).findings)).toEqual(['schema/invalid-type /items/1/spec/replicas']);
  });
});

describe('types and formats', () => {
  it('reports a string where an integer is expected, with pointer and range', () => {
    const r = makeResource(deployment({ replicas: 'asd' }));
    const { findings } = v.validate(r);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({
      ruleId: 'schema/invalid-type',
      severity: 'high',
      message: 'spec.replicas: expected integer, got string "asd"',
      file: 'manifests/test.yaml',
      pointer: '/spec/replicas',
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'prod' },
    });
    expect(pointerOf(f.range)).toBe('/spec/replicas');
    expect(f.fingerprint).toBe(fingerprintOf({ ruleId: f.ruleId, file: f.file, resource: toResourceRef(r), pointer: '/spec/replicas' }));
  });

  it('rejects floats for integers and enforces int32 / int64 ranges', () => {
    expect(summary(check(deployment({ replicas: 1.5 })).findings)).toEqual(['schema/invalid-type /spec/replicas']);
    const big = check(deployment({ replicas: 3_000_000_000 })).findings;
    expect(big[0]).toMatchObject({ ruleId: 'schema/invalid-value', pointer: '/spec/replicas' });
    expect(big[0]!.message).toBe('spec.replicas: 3000000000 is out of range for int32 (-2147483648..2147483647)');
    // activeDeadlineSeconds is int64
    const pod = (n: unknown) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }], activeDeadlineSeconds: n } });
    expect(check(pod(3_000_000_000)).findings).toEqual([]);
    expect(summary(check(pod(1e20)).findings)).toEqual(['schema/invalid-value /spec/activeDeadlineSeconds']);
  });

  it('accepts int-or-string as an integer or a string, nothing else', () => {
    const svc = (targetPort: unknown) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort }] } });
    expect(check(svc(8080)).findings).toEqual([]);
    expect(check(svc('http')).findings).toEqual([]);
    const bad = check(svc(true)).findings;
    expect(bad.map((f) => f.message)).toEqual(['spec.ports[0].targetPort: expected integer or string, got boolean true']);
    expect(summary(check(svc(1.5)).findings)).toEqual(['schema/invalid-type /spec/ports/0/targetPort']);
    expect(check(deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } } })).findings).toEqual([]);
  });

  it('accepts quantities as strings or numbers and rejects malformed ones', () => {
    const lr = (max: unknown) => ({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l' }, spec: { limits: [{ type: 'Container', max: { memory: max } }] } });
    for (const ok of ['512Mi', '1Gi', '500m', '0.5', '1e3', '1E', 256000, 0.25, '+1', '.5']) expect(check(lr(ok)).findings, String(ok)).toEqual([]);
    const bad = check(lr('512MB')).findings;
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ ruleId: 'schema/invalid-value', pointer: '/spec/limits/0/max/memory' });
    expect(bad[0]!.message).toContain('spec.limits[0].max.memory: "512MB" is not a valid quantity');
    expect(summary(check(lr(true)).findings)).toEqual(['schema/invalid-type /spec/limits/0/max/memory']);
    const res = { limits: { cpu: 2, memory: '1Gi' }, requests: { cpu: '100m' } };
    expect(check(deployment({ template: { metadata: {}, spec: { containers: [{ name: 'c', resources: res }] } } })).findings).toEqual([]);
  });

  it('checks date-time and base64 formats', () => {
    const meta = (ts: unknown) => deployment({}, { metadata: { name: 'web', creationTimestamp: ts } });
    expect(check(meta('2024-02-29T10:00:00Z')).findings).toEqual([]);
    expect(check(meta('2024-02-29T10:00:00.123+02:00')).findings).toEqual([]);
    expect(summary(check(meta('yesterday')).findings)).toEqual(['schema/invalid-value /metadata/creationTimestamp']);
    expect(summary(check(meta('2023-02-29T10:00:00Z')).findings)).toEqual(['schema/invalid-value /metadata/creationTimestamp']);
    const secret = (data: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data });
    expect(check(secret({ a: 'aGVsbG8=', b: '', c: 'aGVs\nbG8=' })).findings).toEqual([]);
    const bad = check(secret({ password: 'not base64!' })).findings;
    expect(bad.map((f) => [f.pointer, f.message])).toEqual([['/data/password', 'data.password: "not base64!" is not valid base64']]);
    expect(check({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'not base64!' } }).findings).toEqual([]);
  });

  it('names the expected type for maps and lists given the wrong shape', () => {
    const labels = check(deployment({}, { metadata: { name: 'web', labels: ['a'] } })).findings;
    expect(labels.map((f) => f.message)).toEqual(['metadata.labels: expected object, got array']);
    const containers = check(deployment({ template: { spec: { containers: { name: 'c' } } } })).findings;
    expect(containers.map((f) => f.message)).toEqual(['spec.template.spec.containers: expected array, got object']);
    const value = check(deployment({ template: { spec: { containers: [{ name: 'c', env: [{ name: 'A', value: 5 }] }] } } })).findings;
    expect(value.map((f) => f.message)).toEqual(['spec.template.spec.containers[0].env[0].value: expected string, got integer 5']);
    const label = check(deployment({}, { metadata: { name: 'web', labels: { enabled: true } } })).findings;
    expect(label.map((f) => [f.pointer, f.message])).toEqual([['/metadata/labels/enabled', 'metadata.labels.enabled: expected string, got boolean true']]);
  });

  it('quotes keys that are not identifiers in messages and escapes them in pointers', () => {
    const f = check(deployment({}, { metadata: { name: 'web', annotations: { 'example.com/a~b': 1 } } })).findings;
    expect(f.map((x) => [x.pointer, x.message])).toEqual([['/metadata/annotations/example.com~1a~0b', 'metadata.annotations["example.com/a~b"]: expected string, got integer 1']]);
  });
});

describe('required fields', () => {
  it('points at the parent object and names the field', () => {
    const spec = deployment() as { spec: Record<string, unknown> };
    delete spec.spec.selector;
    const { findings } = check(spec);
    expect(findings.map((f) => [f.ruleId, f.pointer, f.message, pointerOf(f.range)])).toEqual([
      ['schema/required-field', '/spec', 'missing required field "selector" in spec', '/spec'],
    ]);
  });

  it('reports each missing field of a list item', () => {
    const { findings } = check(deployment({ template: { spec: { containers: [{ image: 'nginx' }, { name: 'ok' }] } } }));
    expect(findings.map((f) => [f.pointer, f.message])).toEqual([['/spec/template/spec/containers/0', 'missing required field "name" in spec.template.spec.containers[0]']]);
  });

  it('reports a required field given as null', () => {
    const { findings } = check(deployment({ selector: null }));
    expect(summary(findings)).toEqual(['schema/invalid-type /spec/selector']);
  });
});

describe('explicit null', () => {
  it('is accepted for optional fields (kubeconform null_string / null_array)', () => {
    const o = deployment(
      { strategy: null, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', args: null, ports: null, resources: null }] } } },
      { metadata: { name: 'web', creationTimestamp: null, labels: null }, status: null },
    );
    expect(check(o).findings).toEqual([]);
    expect(check({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] }, status: { loadBalancer: {} } }).findings).toEqual([]);
  });

  it('is not accepted as a list item or a label value', () => {
    expect(summary(check(deployment({ template: { spec: { containers: [null] } } })).findings)).toEqual(['schema/invalid-type /spec/template/spec/containers/0']);
    expect(summary(check(deployment({}, { metadata: { name: 'web', labels: { a: null } } })).findings)).toEqual(['schema/invalid-type /metadata/labels/a']);
  });
});

describe('free-form maps and embedded raw objects', () => {
  it('leaves labels, annotations and data maps open to any key', () => {
    expect(check(deployment({}, { metadata: { name: 'web', labels: { 'anything/goes': 'x' }, annotations: { a: '' } } })).findings).toEqual([]);
  });

  it('leaves RawExtension and JSON fields open', () => {
    const cr = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, revision: 1, data: { anything: [1, { nested: true }] } };
    expect(check(cr, strict).findings).toEqual([]);
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', default: { a: [1] }, example: 'x' } } } } }],
      },
    };
    expect(check(crd, strict).findings).toEqual([]);
  });
});

describe('unknown fields', () => {
  it('are low-severity warnings by default and high with strict, with a suggestion', () => {
    const o = deployment({ template: { metadata: {}, spec: { contianers: [{ name: 'c' }], containers: [{ name: 'c' }] } } });
    const lax = check(o).findings;
    expect(lax.map((f) => [f.ruleId, f.severity, f.pointer, f.message])).toEqual([
      ['schema/unknown-field', 'low', '/spec/template/spec/contianers', 'unknown field "contianers" in spec.template.spec (did you mean "containers"?)'],
    ]);
    expect(pointerOf(lax[0]!.range)).toBe('/spec/template/spec/contianers');
    expect(check(o, strict).findings.map((f) => f.severity)).toEqual(['high']);
  });

  it('suggests a missing required field rather than one already set', () => {
    const o = deployment({ templates: {} });
    delete (o.spec as Record<string, unknown>).template;
    const msgs = check(o).findings.map((f) => f.message);
    expect(msgs).toContain('unknown field "templates" in spec (did you mean "template"?)');
    expect(msgs).toContain('missing required field "template" in spec');
  });

  it('reports unknown top-level and metadata fields (kubeconform extra_property)', () => {
    const ds = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'd', lables: { a: 'b' } },
      spec: { replicas: 2, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c' }] } } },
      extra: true,
    };
    expect(check(ds).findings.map((f) => [f.pointer, f.message])).toEqual([
      ['/metadata/lables', 'unknown field "lables" in metadata (did you mean "labels"?)'],
      ['/spec/replicas', 'unknown field "replicas" in spec'],
      ['/extra', 'unknown field "extra" at the top level'],
    ]);
  });
});

describe('List items', () => {
  it('keeps pointers relative to the item object', () => {
    const item = makeResource(deployment({ replicas: 'x' }), 'list.yaml', 0, '/items/3');
    const { findings } = v.validate(item);
    expect(findings[0]!.pointer).toBe('/spec/replicas');
  });
});

describe('odd input never crashes', () => {
  it('handles numeric-looking keys, __proto__ keys, huge strings and deep nesting', () => {
    const withProto = JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"__proto__":"x"}},"data":{"5":"integer","3.14":"float","true":"bool","__proto__":"y"},"__proto__":{"polluted":true}}');
    const r = check(withProto).findings;
    expect(r.map((f) => [f.ruleId, f.pointer])).toEqual([['schema/unknown-field', '/__proto__']]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const huge = 'x'.repeat(5_000_000);
    const h = check(deployment({}, { metadata: { name: 'web', annotations: { big: huge } }, spec: { replicas: huge } })).findings;
    expect(summary(h)).toContain('schema/invalid-type /spec/replicas');
    expect(h.every((f) => f.message.length < 300)).toBe(true);

    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 20_000; i++) deep = { nested: deep };
    expect(check({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, revision: 1, data: deep }).findings).toEqual([]);
    expect(check(deployment({}, { metadata: { name: 'web', labels: deep } })).findings.map((f) => f.pointer)).toEqual(['/metadata/labels/nested']);
  });

  it('handles wrong root shapes and non-string apiVersion values', () => {
    expect(summary(check({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: 'x', spec: [] }).findings)).toEqual([
      'schema/invalid-type /metadata',
      'schema/invalid-type /spec',
    ]);
    const odd: Record<string, unknown> = { apiVersion: 5, kind: 'Deployment', metadata: { name: 'x' } };
    expect(check(odd).skipped?.kind).toBe('missing-schema');
  });

  it('bounds the depth it descends into recursive schemas', () => {
    let props: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 1500; i++) props = { type: 'object', properties: { a: props } };
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'deep.example.com' },
      spec: { group: 'example.com', names: { kind: 'Deep', plural: 'deeps' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: props } }] },
    };
    const findings = check(crd).findings;
    expect(findings.length).toBe(1);
    expect(findings[0]!.message).toMatch(/nested more than 1000 levels deep/);
  });
});

describe('SOPS-encrypted manifests', () => {
  it('ignores the sops block and encrypted values', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { password: 'ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]' },
      sops: { mac: 'ENC[...]', lastmodified: '2024-01-01T00:00:00Z', version: '3.8.1' },
    };
    expect(check(secret, strict).findings).toEqual([]);
    expect(summary(check({ ...secret, data: { password: 'plain!' } }, strict).findings)).toEqual(['schema/invalid-value /data/password']);
  });
});
