import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo, renderPaths, setUpRenderTools } from './helpers.js';

/* Kustomize `helmCharts`: vendored charts are inflated offline; charts Kustomize would download are reported. */

const tools = setUpRenderTools();

const chart = (name: string) => ({
  [`${name}/Chart.yaml`]: `apiVersion: v2\nname: web\nversion: 0.1.0\n`,
  [`${name}/values.yaml`]: `privileged: false\nreplicas: 1\n`,
  [`${name}/templates/deployment.yaml`]: [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ .Release.Name }}',
    'spec:',
    '  replicas: {{ .Values.replicas }}',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec:',
    '      containers:',
    '      - name: web',
    '        image: nginx:1.27',
    '        securityContext:',
    '          privileged: {{ .Values.privileged }}',
    '',
  ].join('\n'),
});

const KUSTOMIZATION = [
  'namespace: shop',
  'helmCharts:',
  '- name: web',
  '  releaseName: storefront',
  '  valuesInline:',
  '    privileged: true',
  'patches:',
  '- path: replicas.yaml',
  '',
].join('\n');

const REPLICAS_PATCH = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: storefront\nspec:\n  replicas: 3\n';

describe.skipIf(!tools)('Kustomize helmCharts', () => {
  it('inflates a vendored chart with its values and applies the patches on top', async () => {
    const root = makeRepo({ 'app/kustomization.yaml': KUSTOMIZATION, 'app/replicas.yaml': REPLICAS_PATCH, ...chart('app/charts/web') });
    const result = await renderPaths(root, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm });
    expect(result.findings).toEqual([]);
    expect(result.resources.map((r) => `${r.kind}/${r.namespace}/${r.name}`)).toEqual(['Deployment/shop/storefront']);
    const deployment = result.resources[0]!;
    const spec = deployment.object['spec'] as { replicas: number; template: { spec: { containers: Array<{ securityContext: { privileged: boolean } }> } } };
    expect(spec.replicas).toBe(3);
    expect(spec.template.spec.containers[0]!.securityContext.privileged).toBe(true);
    // A field the chart wrote points at the chart entry; a field a patch wrote, at the patch.
    expect(deployment.source.file).toBe('app/kustomization.yaml');
    expect(deployment.locate('/spec/template/spec/containers/0/securityContext/privileged').startLine).toBe(3);
    // The chart is part of the application, not a Helm root of its own, and its files are not manifests.
    expect(result.skipped.filter((s) => s.kind === 'not-rendered')).toEqual([]);
  });

  it('reports a chart Kustomize would download, with or without --allow-network, and writes nothing into the repository', async () => {
    const kustomization = 'helmCharts:\n- name: podinfo\n  repo: https://stefanprodan.github.io/podinfo\n  version: 6.5.0\n  releaseName: podinfo\n';
    const root = makeRepo({ 'app/kustomization.yaml': kustomization });
    for (const allowNetwork of [false, true]) {
      const result = await renderPaths(root, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm, allowNetwork });
      expect(result.resources).toEqual([]);
      expect(result.findings).toEqual([
        expect.objectContaining({
          ruleId: 'render/remote-not-rendered',
          file: 'app/kustomization.yaml',
          range: expect.objectContaining({ startLine: 2 }),
          message: expect.stringContaining('helm chart podinfo 6.5.0 from https://stefanprodan.github.io/podinfo is not vendored: Kustomize would download it into charts/podinfo-6.5.0/podinfo'),
        }),
      ]);
    }
    expect(readdirSync(path.join(root, 'app'))).toEqual(['kustomization.yaml']);
  });

  it('uses a chart vendored where Kustomize pulls it (<chartHome>/<name>-<version>/<name> with a repo)', async () => {
    const kustomization = 'helmGlobals:\n  chartHome: vendor\nhelmCharts:\n- name: web\n  repo: https://charts.example.invalid\n  version: 0.1.0\n  releaseName: web\n';
    const root = makeRepo({ 'app/kustomization.yaml': kustomization, ...chart('app/vendor/web-0.1.0/web') });
    const result = await renderPaths(root, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm });
    expect(result.findings).toEqual([]);
    expect(result.resources.map((r) => r.name)).toEqual(['web']);
    expect(existsSync(path.join(root, 'app/vendor/web-0.1.0/web/Chart.yaml'))).toBe(true);
  });

  it('gives the same objects as kubectl kustomize with helm enabled', async () => {
    const root = makeRepo({ 'app/kustomization.yaml': KUSTOMIZATION, 'app/replicas.yaml': REPLICAS_PATCH, ...chart('app/charts/web') });
    const result = await renderPaths(root, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm });
    // The reference: the same build by hand, with a helm that Kustomize 5 accepts (see src/render/helm-shim.ts).
    const shimDir = makeRepo({ 'helm': `#!/bin/sh\nif [ "$1" = version ]; then echo v3.99.0; exit 0; fi\nexec '${tools!.helm}' "$@"\n` });
    execFileSync('chmod', ['+x', path.join(shimDir, 'helm')]);
    const expected = execFileSync(tools!.kubectl, ['kustomize', '--enable-helm', '--helm-command', path.join(shimDir, 'helm'), path.join(root, 'app')], { encoding: 'utf8', env: { ...process.env, HELM_CACHE_HOME: path.join(shimDir, 'c'), HELM_CONFIG_HOME: path.join(shimDir, 'g'), HELM_DATA_HOME: path.join(shimDir, 'd') } });
    const { parseAllDocuments } = await import('yaml');
    expect(result.resources.map((r) => r.object)).toEqual(parseAllDocuments(expected).map((d) => d.toJS()));
  });

  it('fails a root a Flux Kustomization builds: Flux does not inflate helmCharts', async () => {
    const flux = [
      'apiVersion: kustomize.toolkit.fluxcd.io/v1',
      'kind: Kustomization',
      'metadata:',
      '  name: app',
      '  namespace: flux-system',
      'spec:',
      '  sourceRef:',
      '    kind: GitRepository',
      '    name: flux-system',
      '  path: ./app',
      '',
    ].join('\n');
    const root = makeRepo({ 'app/kustomization.yaml': KUSTOMIZATION, 'app/replicas.yaml': REPLICAS_PATCH, ...chart('app/charts/web'), 'clusters/prod/app.yaml': flux });
    const result = await renderPaths(root, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm });
    expect(result.findings).toEqual([
      expect.objectContaining({
        ruleId: 'render/failed',
        file: 'app/kustomization.yaml',
        range: expect.objectContaining({ startLine: 3 }),
        message: expect.stringContaining('Flux builds app without Kustomize\'s --enable-helm, so its helmCharts (web) fail the sync'),
      }),
    ]);
  });

  it('does not inflate a vendored chart that links out of the repository', async () => {
    const root = makeRepo({ 'app/kustomization.yaml': KUSTOMIZATION, 'app/replicas.yaml': REPLICAS_PATCH, ...chart('app/charts/web') });
    const outside = makeRepo({ 'secret.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stolen\ndata:\n  token: do-not-read\n' });
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'app/charts/web/templates/stolen.yaml'));
    const result = await renderPaths(root, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm });
    expect(result.resources).toEqual([]);
    expect(result.findings).toEqual([expect.objectContaining({ ruleId: 'render/path-escape', file: 'app/charts/web/templates/stolen.yaml' })]);
    expect(JSON.stringify(result)).not.toContain('do-not-read');
  });
});
