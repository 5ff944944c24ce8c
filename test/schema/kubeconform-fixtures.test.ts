/**
 * The schema half of the kubeconform oracle (../shared/corpus/kubeconform-expected.md): what the validator
 * says about each fixture's resources. Loading concerns (missing kind, duplicate keys, empty files) belong to
 * the loader; the end-to-end oracle runs in the engine's tests.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/model/index.js';
import type { SchemaValidator } from '../../src/schema/index.js';
import { CORPUS, HAVE_CORPUS, validator, yamlResources } from './helpers.js';

const DIR = join(CORPUS, 'kubeconform');
const load = (...files: string[]): Resource[] => files.flatMap((f) => yamlResources(join(DIR, f), DIR));

type Verdict = 'valid' | 'invalid' | 'skipped';
function verdicts(v: SchemaValidator, resources: Resource[]): Verdict[] {
  return resources.map((r) => {
    const c = v.validate(r);
    if (c.findings.some((f) => f.severity === 'high' || f.severity === 'critical')) return 'invalid';
    return c.skipped ? 'skipped' : 'valid';
  });
}

describe.skipIf(!HAVE_CORPUS)('kubeconform fixtures', () => {
  const valid = [
    'valid.yaml',
    'valid.json',
    'folder/valid.yaml',
    'folder/multi_valid.yaml',
    'multi_valid.yaml',
    'multi_valid_source.yaml',
    'int_or_string.yaml',
    'quantity.yaml',
    'null_string.yaml',
    'null_array.yaml',
    'generate_name.yaml',
    'list_valid.yaml',
    'list_empty_valid.yaml',
    'multi_with_list.yaml',
    'unconventional_keys.yaml',
    'valid_version.yaml',
    'full_domain_group.yaml',
    'same-object-different-namespace.yaml',
    'same-object-different-namespace-default.yaml',
    'duplicates.yaml',
    'duplicates-non-namespaced.yaml',
    'duplicates-with-namespace.yaml',
    'duplicates-with-namespace-default.yaml',
    'extra_property.yaml',
    'duplicate_property.yaml',
  ];

  it.each(valid)('%s: every resource valid (unknown fields only warn)', async (file) => {
    const v = await validator();
    const resources = load(file);
    expect(verdicts(v, resources)).toEqual(resources.map(() => 'valid'));
  });

  it('counts resources as kubeconform does', () => {
    expect(load('multi_valid.yaml')).toHaveLength(6);
    expect(load('folder/valid.yaml', 'folder/multi_valid.yaml')).toHaveLength(7);
    expect(load('list_valid.yaml')).toHaveLength(6);
    expect(load('list_empty_valid.yaml')).toHaveLength(0);
    expect(load('multi_with_list.yaml')).toHaveLength(2);
  });

  it.each(['extra_property.yaml', 'duplicate_property.yaml'])('%s: fails with strict (unknown field spec.replicas)', async (file) => {
    const v = await validator({ strict: true, kubernetesVersion: '1.30' });
    const [r] = load(file);
    const findings = v.validate(r!).findings;
    expect(findings.map((f) => [f.ruleId, f.severity, f.pointer])).toEqual([['schema/unknown-field', 'high', '/spec/replicas']]);
  });

  it('invalid.yaml: replicas "asd\\"" and the templates typo', async () => {
    const v = await validator();
    const [r] = load('invalid.yaml');
    expect(v.validate(r!).findings.map((f) => `${f.severity} ${f.message}`)).toEqual([
      'high spec.replicas: expected integer, got string "asd\\""',
      'low unknown field "templates" in spec (did you mean "template"?)',
    ]);
  });

  it('multi_invalid.yaml and list_invalid.yaml: exactly one invalid resource', async () => {
    const v = await validator();
    const multi = verdicts(v, load('multi_invalid.yaml'));
    expect(multi.filter((x) => x === 'invalid')).toHaveLength(1);
    const list = load('list_invalid.yaml');
    expect(verdicts(v, list)).toEqual(['valid', 'invalid']);
    expect(list[1]!.documentPointer).toBe('/items/1');
    expect(v.validate(list[1]!).findings[0]!.pointer).toBe('/spec/replicas');
  });

  it('test_crd.yaml: skipped without its schema, valid with its CRD or the registry', async () => {
    const job = load('test_crd.yaml');
    expect(verdicts(await validator(), job)).toEqual(['skipped']);
    expect(verdicts(await validator({}, load('crd_schema.yaml', 'test_crd.yaml')), job)).toEqual(['valid']);
    expect(verdicts(await validator({ crdResources: load('registry/sagemaker.aws.amazon.com_trainingjobs.yaml') }), job)).toEqual(['valid']);
    expect(verdicts(await validator({ strict: true, schemaLocations: [join(DIR, 'registry')] }), job)).toEqual(['valid']);
  });

  it('crd_schema.yaml: an apiextensions.k8s.io/v1beta1 CRD, not served since Kubernetes 1.22, is skipped', async () => {
    const [crd] = load('crd_schema.yaml');
    const c = (await validator()).validate(crd!);
    expect(c.findings).toEqual([]);
    expect(c.skipped?.kind).toBe('missing-schema');
  });

  it('httpproxy.yaml and same-kind-different-api.yaml: unknown kinds are skipped, not failed', async () => {
    const v = await validator();
    expect(verdicts(v, load('httpproxy.yaml'))).toEqual(['skipped']);
    expect(verdicts(v, load('same-kind-different-api.yaml')).sort()).toEqual(['skipped', 'valid']);
  });
});
