import { describe, expect, it } from 'vitest';
import { defaultRunOptions, run, type RunOptions } from '../../src/engine/index.js';
import { atLeast, type Report } from '../../src/model/index.js';
import { corpusPath, HAS_CORPUS, warnIfNoCorpus } from './corpus.js';

// The expected results are ../shared/corpus/kubeconform-expected.md, restated per row.
warnIfNoCorpus('the kubeconform fixture oracle');

const fixture = (name: string) => corpusPath('kubeconform', name);

async function check(names: string[], overrides: Partial<RunOptions> = {}): Promise<Report> {
  // The oracle is about schema validation alone (no policies), as kubeconform does it.
  const result = await run(defaultRunOptions({ root: corpusPath('kubeconform'), inputs: names.map(fixture), preset: 'none', ...overrides }));
  expect(result.inputErrors).toEqual([]);
  return result.report;
}

/** Findings that fail a run at the default threshold. */
const failing = (r: Report) => r.findings.filter((f) => atLeast(f.severity, r.failOn));
const describeFailing = (r: Report) => failing(r).map((f) => `${f.file}:${f.range.startLine} ${f.ruleId} ${f.message}`);

describe.skipIf(!HAS_CORPUS)('kubeconform fixtures give the documented results', () => {
  it.each([
    ['valid.yaml', 1],
    ['valid.json', 1],
    ['folder', 7],
    ['multi_valid.yaml', 6],
    ['multi_valid_source.yaml', undefined],
    ['int_or_string.yaml', 1],
    ['quantity.yaml', 1],
    ['null_string.yaml', 1],
    ['null_array.yaml', 1],
    ['generate_name.yaml', 1],
    ['blank.yaml', 0],
    ['comment.yaml', 0],
    ['list_valid.yaml', 6],
    ['list_empty_valid.yaml', 0],
    ['multi_with_list.yaml', 2],
    ['unconventional_keys.yaml', 1],
    ['valid_version.yaml', 1],
  ])('%s is valid (%s resources)', async (name, count) => {
    const report = await check([name]);
    expect(describeFailing(report)).toEqual([]);
    if (count !== undefined) expect(report.resourceCount).toBe(count);
  });

  it('crd_schema.yaml: the CRD is read, and its apiextensions.k8s.io/v1beta1 API is reported as removed in every shipped version', async () => {
    const report = await check(['crd_schema.yaml']);
    expect(report.resourceCount).toBe(1);
    expect(failing(report).map((f) => f.ruleId)).toEqual(['schema/removed-api']);
    expect(failing(report)[0]!.message).toContain('apiextensions.k8s.io/v1');
  });

  it.each(['multi_invalid.yaml', 'multi_invalid_resources.yaml', 'invalid.yaml', 'list_invalid.yaml'])('%s fails', async (name) => {
    const report = await check([name]);
    expect(failing(report).length).toBeGreaterThan(0);
  });

  it('points the invalid.yaml errors at their lines', async () => {
    const report = await check(['invalid.yaml']);
    for (const f of failing(report)) {
      expect(f.file).toBe('invalid.yaml');
      expect(f.range.startLine).toBeGreaterThan(1);
      expect(f.pointer).toBeTruthy();
    }
  });

  it.each([
    ['missing_kind.yaml', "'kind'"],
    ['missing_kind_value.yaml', "'kind'"],
    ['missing_apiversion.yaml', "'apiVersion'"],
  ])('%s fails naming the missing key', async (name, key) => {
    const report = await check([name]);
    expect(failing(report).length).toBeGreaterThan(0);
    expect(failing(report)[0]!.message).toContain(key);
  });

  it('extra_property.yaml: valid, with an unknown-field warning; fails when strict', async () => {
    const loose = await check(['extra_property.yaml']);
    expect(describeFailing(loose)).toEqual([]);
    expect(loose.findings.map((f) => f.ruleId)).toContain('schema/unknown-field');
    const strict = await check(['extra_property.yaml'], { strict: true });
    expect(failing(strict).map((f) => f.ruleId)).toContain('schema/unknown-field');
  });

  it('duplicate_property.yaml: a warning by default, an error when strict', async () => {
    const loose = await check(['duplicate_property.yaml']);
    expect(describeFailing(loose)).toEqual([]);
    expect(loose.findings.map((f) => f.ruleId)).toContain('schema/duplicate-key');
    const strict = await check(['duplicate_property.yaml'], { strict: true });
    expect(failing(strict).map((f) => f.ruleId)).toContain('schema/duplicate-key');
  });

  it('test_crd.yaml: skipped when its schema is unknown, fails with --fail-on-missing-schema, passes with its CRD or schema', async () => {
    const skipped = await check(['test_crd.yaml']);
    expect(describeFailing(skipped)).toEqual([]);
    expect(skipped.skipped.map((s) => s.kind)).toContain('missing-schema');
    const strictMissing = await check(['test_crd.yaml'], { failOnMissingSchema: true });
    expect(failing(strictMissing).map((f) => f.ruleId)).toEqual(['schema/missing-schema']);
    const withCrd = await check(['test_crd.yaml'], { crdPaths: [fixture('registry/sagemaker.aws.amazon.com_trainingjobs.yaml')], failOnMissingSchema: true });
    expect(describeFailing(withCrd)).toEqual([]);
    const withSchema = await check(['test_crd.yaml'], { schemaLocations: [fixture('registry')], failOnMissingSchema: true });
    expect(describeFailing(withSchema)).toEqual([]);
  });

  it('grafana-alert-rule-group-sample.yaml validates against its supplied schema, Go durations included', async () => {
    const report = await check(['grafana-alert-rule-group-sample.yaml'], {
      schemaLocations: [`${corpusPath('kubeconform')}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`],
      failOnMissingSchema: true,
    });
    expect(describeFailing(report)).toEqual([]);
    expect(report.resourceCount).toBe(1);
  });

  it('httpproxy.yaml has no known schema unless one is supplied', async () => {
    const report = await check(['httpproxy.yaml'], { failOnMissingSchema: true });
    expect(failing(report).map((f) => f.ruleId)).toEqual(['schema/missing-schema']);
  });

  it.each(['duplicates.yaml', 'duplicates-non-namespaced.yaml', 'duplicates-with-namespace.yaml'])('%s: the same object twice is a finding with both locations', async (name) => {
    const report = await check([name]);
    const dup = report.findings.filter((f) => f.ruleId === 'schema/duplicate-object');
    expect(dup).toHaveLength(1);
    expect(dup[0]!.message).toMatch(new RegExp(`${name.replace('.', '\\.')}:\\d+`));
  });

  it.each(['same-object-different-namespace.yaml', 'same-object-different-namespace-default.yaml', 'duplicates-with-namespace-default.yaml'])(
    '%s: same name in different namespaces is not a duplicate',
    async (name) => {
      const report = await check([name]);
      expect(report.findings.filter((f) => f.ruleId === 'schema/duplicate-object')).toEqual([]);
    },
  );

  it('duplicates-skipped-kinds.yaml: skipped kinds are not judged', async () => {
    const report = await check(['duplicates-skipped-kinds.yaml'], { skipKinds: ['SkipThisKind'] });
    expect(report.findings).toEqual([]);
    expect(report.skipped.filter((s) => s.kind === 'skipped-kind')).toHaveLength(2);
  });

  it('same-kind-different-api.yaml: one object under two API versions of one group is a duplicate (smarter than kubeval on purpose)', async () => {
    const report = await check(['same-kind-different-api.yaml']);
    expect(report.findings.map((f) => f.ruleId)).toContain('schema/duplicate-object');
    expect(report.findings.map((f) => f.ruleId)).toContain('schema/removed-api');
  });

  it('a path that does not exist is an error naming the path', async () => {
    const result = await run(defaultRunOptions({ root: corpusPath('kubeconform'), inputs: [fixture('no-such-file.yaml')] }));
    expect(result.inputErrors).toEqual([`path does not exist: ${fixture('no-such-file.yaml')}`]);
  });
});
