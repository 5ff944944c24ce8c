import { describe, expect, it } from 'vitest';
import { defaultRunOptions, run } from '../../src/engine/index.js';
import { atLeast } from '../../src/model/index.js';
import { corpusPath, HAS_CORPUS, PROJECT_ROOT, warnIfNoCorpus } from './corpus.js';

warnIfNoCorpus('the GitOps corpus runs');

/** Findings of the schema and API-server checks (policies are judged in their own suites). */
const schemaFindingsAtLeast = (report: { findings: Array<{ ruleId: string; severity: Parameters<typeof atLeast>[0]; file: string; range: { startLine: number }; message: string }> }, severity: Parameters<typeof atLeast>[1]) =>
  report.findings.filter((f) => f.ruleId.startsWith('schema/') && atLeast(f.severity, severity)).map((f) => `${f.file}:${f.range.startLine} ${f.message}`);

async function checkDir(dir: string, overrides = {}) {
  const result = await run(defaultRunOptions({ root: dir, inputs: [dir], ...overrides }));
  expect(result.inputErrors).toEqual([]);
  return result.report;
}

describe.skipIf(!HAS_CORPUS)('real GitOps repositories', () => {
  it('flux2-kustomize-helm-example: no false errors, patches skipped, Flux kinds listed as having no schema', async () => {
    const report = await checkDir(corpusPath('gitops/flux2-kustomize-helm-example'));
    expect(schemaFindingsAtLeast(report, 'medium')).toEqual([]);
    // Rendered: the overlays' files are consumed by Kustomize and validated as what it renders.
    expect(new Set(report.skipped.map((s) => s.kind))).toContain('render-input');
    // Not rendered: kustomization files and patches are recognised and never validated alone.
    const plain = await checkDir(corpusPath('gitops/flux2-kustomize-helm-example'), { render: false });
    expect(schemaFindingsAtLeast(plain, 'medium')).toEqual([]);
    const skippedKinds = new Set(plain.skipped.map((s) => s.kind));
    expect(skippedKinds).toContain('kustomization');
    expect(skippedKinds).toContain('kustomize-patch');
    // gotk-components.yaml in this corpus is a one-line stub without CRDs, so Flux kinds have no schema:
    // they are listed as skipped with the reason, and do not fail the run.
    const missing = new Set(plain.skipped.filter((s) => s.kind === 'missing-schema').map((s) => s.resource?.kind));
    expect(missing).toContain('Kustomization');
    expect(missing).toContain('HelmRelease');
  });

  it('microservices-demo: plain manifests, Kustomize tree and Helm chart give no false errors', async () => {
    const report = await checkDir(corpusPath('gitops/microservices-demo'));
    expect(schemaFindingsAtLeast(report, 'medium')).toEqual([]);
    expect(report.skipped.some((s) => s.kind === 'helm-chart')).toBe(true);
    expect(report.resourceCount).toBeGreaterThan(100);
  });

  it('passes in strict mode too (no unknown fields in real manifests)', async () => {
    for (const repo of ['flux2-kustomize-helm-example', 'microservices-demo']) {
      const report = await checkDir(corpusPath('gitops', repo), { strict: true });
      expect(schemaFindingsAtLeast(report, 'high')).toEqual([]);
    }
  });
});

describe('the shipped example', () => {
  it('validates its custom resource against the CRD in the same repository', async () => {
    const dir = `${PROJECT_ROOT}/examples/gitops`;
    const report = await checkDir(dir);
    const issuer = report.findings.filter((f) => f.file === 'infrastructure/issuers/letsencrypt.yaml');
    expect(issuer).toEqual([]);
    expect(report.skipped.filter((s) => s.kind === 'missing-schema').map((s) => s.resource?.kind)).toEqual(['Kustomization', 'Kustomization']);
  });
});
