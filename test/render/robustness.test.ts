import { describe, expect, it } from 'vitest';
import { makeRepo, renderPaths } from './helpers.js';

describe('untrusted input never crashes the render stage', () => {
  it('survives malformed kustomizations, charts and Flux/Argo CD objects', async () => {
    const root = makeRepo({
      'a/kustomization.yaml': 'resources: just-a-string\npatches: [1, null, {path: 5}, {patch: 7}]\ncomponents: {x: 1}\nconfigMapGenerator: [{files: [null, 3]}]\ntransformers: [{a: {b: {path: [1]}}}, 12]\n',
      'b/kustomization.yaml': '- a list\n- not a mapping\n',
      'c/kustomization.yaml': 'key: [unclosed\n',
      'd/kustomization.yaml': 'a: &a [*a]\n',
      'e/Kustomization': '',
      'chart/Chart.yaml': 'dependencies: 5\n',
      'chart/templates/x.yaml': '{{ broken\n',
      'flux.yaml': [
        'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: 5\nspec: 5\n',
        'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nspec:\n  path: [1]\n  sourceRef: {kind: ExternalArtifact, name: [x]}\n  patches: [{patch: 5}, 7]\n',
        'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nspec:\n  chart: {spec: {chart: 5, sourceRef: 7}}\n  valuesFrom: [5, {kind: ConfigMap}]\n  values: [1]\n',
        'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nspec:\n  chartRef: {kind: OCIRepository}\n',
        'apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  sources: [5, {path: 7}, {chart: x}, {path: "."}]\n',
        'apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  source: {path: chart, helm: {parameters: [{name: __proto__.polluted, value: "yes"}, {name: constructor.prototype.polluted, value: "yes"}]}}\n',
        'apiVersion: source.extensions.fluxcd.io/v1beta1\nkind: ArtifactGenerator\nspec:\n  artifacts: [{name: [1], copy: 5}]\n',
      ].join('---\n'),
    });
    for (const allowNetwork of [false, true]) {
      const r = await renderPaths(root, { kustomizeBin: '/nonexistent/kustomize', helmBin: '/nonexistent/helm', allowNetwork });
      expect(r.findings.every((f) => f.file && f.range.startLine >= 1)).toBe(true);
      expect(r.findings.map((f) => f.ruleId)).toContain('render/tool-missing');
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    }
  });
});
