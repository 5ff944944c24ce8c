import { chmodSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineOf, makeRepo, renderPaths, setUpRenderTools } from './helpers.js';

const tools = setUpRenderTools();

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: b\n`;
const kustomization = (body: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;

/** A directory outside the repository holding a file no render may ever read. */
function outsideSecret(): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'syncgate-outside-')));
  writeFileSync(path.join(dir, 'kustomization.yaml'), kustomization('resources:\n- secret.yaml\n'));
  writeFileSync(path.join(dir, 'secret.yaml'), configMap('machine-secret'));
  return dir;
}

describe('path escapes are refused before rendering (no tool needed)', () => {
  const options = { kustomizeBin: '/nonexistent/kustomize', helmBin: '/nonexistent/helm' };

  it('refuses a resource that leaves the root through ..', async () => {
    const outside = outsideSecret();
    const root = makeRepo({ 'app/kustomization.yaml': kustomization(`resources:\n- ok.yaml\n- ${path.relative('/x/app', '/x/../' + outside)}\n`), 'app/ok.yaml': configMap('ok') });
    // Written as a path relative to app/ that climbs out of the repository.
    const rel = path.relative(path.join(root, 'app'), outside);
    writeFileSync(path.join(root, 'app/kustomization.yaml'), kustomization(`resources:\n- ok.yaml\n- ${rel}\n`));
    const r = await renderPaths(root, options);
    const escapes = r.findings.filter((f) => f.ruleId === 'render/path-escape');
    expect(escapes).toHaveLength(1);
    expect(escapes[0]!.severity).toBe('high');
    expect(escapes[0]!.file).toBe('app/kustomization.yaml');
    expect(lineOf(path.join(root, 'app/kustomization.yaml'), escapes[0]!.range.startLine)).toContain(rel);
    expect(escapes[0]!.message).toContain('leaves the repository root');
    expect(r.resources).toEqual([]);
    expect(r.consumedFiles.size).toBe(0);
    // Not rendered because of the escape, not because of the missing tool.
    expect(r.findings.some((f) => f.ruleId === 'render/tool-missing')).toBe(false);
  });

  it('refuses absolute paths in every kind of entry', async () => {
    const root = makeRepo({
      'app/kustomization.yaml': kustomization('resources:\n- ok.yaml\npatches:\n- path: /etc/hostname\nconfigMapGenerator:\n- name: gen\n  files:\n  - key=/etc/passwd\n'),
      'app/ok.yaml': configMap('ok'),
    });
    const r = await renderPaths(root, options);
    const escapes = r.findings.filter((f) => f.ruleId === 'render/path-escape');
    expect(escapes.map((f) => lineOf(path.join(root, 'app/kustomization.yaml'), f.range.startLine).trim()).sort()).toEqual(['- key=/etc/passwd', '- path: /etc/hostname']);
    expect(escapes.every((f) => f.message.includes('absolute path'))).toBe(true);
    expect(r.resources).toEqual([]);
  });

  it('refuses a symbolic link that leads out of the repository', async () => {
    const outside = outsideSecret();
    const root = makeRepo({ 'app/kustomization.yaml': kustomization('resources:\n- shared\n') });
    symlinkSync(outside, path.join(root, 'app/shared'));
    const r = await renderPaths(root, options);
    const escapes = r.findings.filter((f) => f.ruleId === 'render/path-escape');
    expect(escapes).toHaveLength(1);
    expect(escapes[0]!.message).toContain('symbolic link');
    expect(lineOf(path.join(root, 'app/kustomization.yaml'), escapes[0]!.range.startLine)).toBe('- shared');
    expect(r.resources).toEqual([]);
  });

  it('refuses files named inside generator and transformer configurations, inline or in a file', async () => {
    const root = makeRepo({
      'app/kustomization.yaml': kustomization('resources:\n- ok.yaml\ngenerators:\n- gen.yaml\ntransformers:\n- |-\n  apiVersion: builtin\n  kind: PatchTransformer\n  metadata:\n    name: p\n  path: ../../../etc/hostname\n'),
      'app/gen.yaml': 'apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata:\n  name: leak\nfiles:\n- /etc/passwd\n',
      'app/ok.yaml': configMap('ok'),
    });
    const r = await renderPaths(root, options);
    const escapes = r.findings.filter((f) => f.ruleId === 'render/path-escape');
    expect(escapes.map((f) => lineOf(path.join(root, 'app/kustomization.yaml'), f.range.startLine).trim()).sort()).toEqual(['- gen.yaml', '- |-']);
    expect(escapes.map((f) => f.message).join('\n')).toContain('/etc/passwd');
    expect(r.resources).toEqual([]);
  });

  it('refuses a kustomization file that is itself a symbolic link out of the repository (named by a Flux Kustomization)', async () => {
    const outside = outsideSecret();
    const flux = makeRepo({ 'ks.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: x\nspec:\n  sourceRef:\n    kind: GitRepository\n    name: r\n  path: ./app\n' });
    mkdirSync(path.join(flux, 'app'));
    symlinkSync(path.join(outside, 'kustomization.yaml'), path.join(flux, 'app/kustomization.yaml'));
    const viaFlux = await renderPaths(flux, options);
    expect(viaFlux.findings.map((f) => f.ruleId)).toEqual(['render/path-escape']);
    expect(viaFlux.resources).toEqual([]);
  });

  it('refuses a Helm chart with a symbolic link out of the repository', async () => {
    const outside = outsideSecret();
    const root = makeRepo({ 'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n', 'chart/templates/cm.yaml': configMap('{{ .Release.Name }}') });
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'chart/templates/leak.yaml'));
    const r = await renderPaths(root, options);
    const escapes = r.findings.filter((f) => f.ruleId === 'render/path-escape');
    expect(escapes.map((f) => f.file)).toEqual(['chart/templates/leak.yaml']);
    expect(r.resources).toEqual([]);
  });

  it('refuses a Flux Kustomization or Argo CD Application path that leaves the root', async () => {
    const root = makeRepo({
      'clusters/apps.yaml': [
        'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  path: ../../etc\n',
        'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: app\nspec:\n  source:\n    repoURL: https://example.com/repo.git\n    path: ../outside\n',
      ].join('---\n'),
    });
    const r = await renderPaths(root, options);
    const escapes = r.findings.filter((f) => f.ruleId === 'render/path-escape');
    expect(escapes.map((f) => lineOf(path.join(root, 'clusters/apps.yaml'), f.range.startLine).trim())).toEqual(['path: ../../etc', 'path: ../outside']);
  });
});

describe('renderer problems', () => {
  it('says once which roots were not rendered when the tool is missing, and consumes nothing', async () => {
    const root = makeRepo({
      'a/kustomization.yaml': kustomization('resources:\n- cm.yaml\n'),
      'a/cm.yaml': configMap('a'),
      'b/kustomization.yml': kustomization('resources:\n- cm.yaml\n'),
      'b/cm.yaml': configMap('b'),
    });
    const r = await renderPaths(root, { kustomizeBin: path.join(root, 'no-such-kustomize') });
    const missing = r.findings.filter((f) => f.ruleId === 'render/tool-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.message).toContain('2 roots were not rendered (a/kustomization.yaml, b/kustomization.yml)');
    expect(missing[0]!.message).toContain('plain resource files are validated instead');
    expect(r.consumedFiles.size).toBe(0);
    expect(r.skipped.filter((s) => s.kind === 'not-rendered').map((s) => s.file)).toEqual(['a/kustomization.yaml', 'b/kustomization.yml']);
  });

  it('treats a binary that cannot start on this machine as missing', async () => {
    const root = makeRepo({ 'a/kustomization.yaml': kustomization('resources:\n- cm.yaml\n'), 'a/cm.yaml': configMap('a'), 'b/kustomization.yaml': kustomization('resources:\n- cm.yaml\n'), 'b/cm.yaml': configMap('b') });
    const alien = path.join(root, '.bin/kustomize');
    mkdirSync(path.dirname(alien), { recursive: true });
    writeFileSync(alien, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0xb7, 0]));
    chmodSync(alien, 0o755);
    const r = await renderPaths(root, { kustomizeBin: alien });
    expect(r.findings.map((f) => f.ruleId)).toEqual(['render/tool-missing']);
    expect(r.findings[0]!.message).toContain('2 roots were not rendered');
  });

  it('stops a renderer that does not finish in time and reports it', async () => {
    const root = makeRepo({ 'a/kustomization.yaml': kustomization('resources:\n- cm.yaml\n'), 'a/cm.yaml': configMap('a') });
    const fake = path.join(root, '.bin/kustomize');
    mkdirSync(path.dirname(fake), { recursive: true });
    // Answers the version probe, then hangs on build.
    writeFileSync(fake, '#!/bin/sh\nif [ "$1" = version ]; then echo v5; exit 0; fi\nexec sleep 600\n');
    chmodSync(fake, 0o755);
    const r = await renderPaths(root, { kustomizeBin: fake, timeoutMs: 300 });
    const failed = r.findings.filter((f) => f.ruleId === 'render/failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toContain('timed out');
    expect(failed[0]!.file).toBe('a/kustomization.yaml');
  });

  it('reports a remote base as not rendered, with its URL', async () => {
    const root = makeRepo({ 'a/kustomization.yaml': kustomization('resources:\n- cm.yaml\n- https://github.com/example/repo//deploy?ref=v1.0.0\n'), 'a/cm.yaml': configMap('a') });
    const r = await renderPaths(root, { kustomizeBin: '/nonexistent/kustomize' });
    const remote = r.findings.filter((f) => f.ruleId === 'render/remote-not-rendered');
    expect(remote).toHaveLength(1);
    expect(remote[0]!.severity).toBe('info');
    expect(remote[0]!.message).toContain('https://github.com/example/repo//deploy?ref=v1.0.0');
    expect(remote[0]!.range.startLine).toBe(5);
    expect(r.resources).toEqual([]);
  });

  it('reports a chart whose dependencies are not vendored as not rendered, and renders it once they are', async () => {
    const chart = { 'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 18.x\n    repository: https://charts.bitnami.com/bitnami\n', 'chart/templates/cm.yaml': configMap('{{ .Release.Name }}') };
    const r = await renderPaths(makeRepo(chart), { kustomizeBin: '/nonexistent/kustomize', helmBin: '/nonexistent/helm' });
    expect(r.findings.map((f) => [f.ruleId, f.file, f.range.startLine])).toEqual([['render/remote-not-rendered', 'chart/Chart.yaml', 4]]);
    expect(r.findings[0]!.message).toContain('https://charts.bitnami.com/bitnami (chart redis 18.x)');
    const vendored = await renderPaths(makeRepo({ ...chart, 'chart/charts/redis-18.1.0.tgz': 'x' }), { kustomizeBin: '/nonexistent/kustomize', helmBin: '/nonexistent/helm' });
    expect(vendored.findings.map((f) => f.ruleId)).toEqual(['render/tool-missing']);
  });

  it('treats a missing host/org/repo path as a remote base, not a local one', async () => {
    const root = makeRepo({ 'a/kustomization.yaml': kustomization('resources:\n- gitlab.example.com/team/base\n') });
    const r = await renderPaths(root, { kustomizeBin: '/nonexistent/kustomize' });
    expect(r.findings.map((f) => f.ruleId)).toEqual(['render/remote-not-rendered']);
  });
});

describe('remote charts with --allow-network', () => {
  it('renders a HelmRelease chart from its HelmRepository and positions the output at the release', async () => {
    const root = makeRepo({
      'apps/podinfo.yaml': [
        'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: podinfo\n  namespace: apps\nspec:\n  url: https://stefanprodan.github.io/podinfo\n',
        'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n  namespace: apps\nspec:\n  chart:\n    spec:\n      chart: podinfo\n      version: 6.x\n      sourceRef:\n        kind: HelmRepository\n        name: podinfo\n  values:\n    replicaCount: 2\n',
      ].join('---\n'),
    });
    // A stand-in for helm that prints its arguments as a ConfigMap (the network is not used in tests).
    const fake = path.join(root, '.bin/helm');
    mkdirSync(path.dirname(fake), { recursive: true });
    writeFileSync(fake, '#!/bin/sh\nif [ "$1" = version ]; then echo v4; exit 0; fi\nprintf -- "---\\n# Source: podinfo/templates/cm.yaml\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: args\\ndata:\\n  args: \\"%s\\"\\n" "$*"\n');
    chmodSync(fake, 0o755);
    const offline = await renderPaths(root, { helmBin: fake, kustomizeBin: '/nonexistent/kustomize' });
    expect(offline.resources).toEqual([]);
    expect(offline.findings.map((f) => f.ruleId)).toEqual(['render/remote-not-rendered']);

    const r = await renderPaths(root, { helmBin: fake, kustomizeBin: '/nonexistent/kustomize', allowNetwork: true });
    expect(r.findings).toEqual([]);
    expect(r.resources).toHaveLength(1);
    const args = String((r.resources[0]!.object['data'] as Record<string, string>)['args']);
    expect(args).toMatch(/^template podinfo podinfo --include-crds --repo https:\/\/stefanprodan\.github\.io\/podinfo --version 6\.x --namespace apps --values \S+values-0\.json$/);
    expect(r.resources[0]!.source.file).toBe('apps/podinfo.yaml');
    expect(lineOf(path.join(root, 'apps/podinfo.yaml'), r.resources[0]!.locate('/data/args').startLine)).toContain('chart: podinfo');
  });
});

describe.skipIf(!tools)('renders with the real tools', () => {
  it('reports a failing render with the tool message and the root', async () => {
    const root = makeRepo({ 'app/kustomization.yaml': kustomization('resources:\n- cm.yaml\n- missing.yaml\n'), 'app/cm.yaml': configMap('a') });
    const r = await renderPaths(root, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm });
    const failed = r.findings.filter((f) => f.ruleId === 'render/failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.severity).toBe('high');
    expect(failed[0]!.file).toBe('app/kustomization.yaml');
    expect(failed[0]!.message).toMatch(/^kustomize build app failed: .*missing\.yaml/s);
    expect(failed[0]!.message).not.toContain(root);
    expect(r.consumedFiles.size).toBe(0);
  });

  it('reports a failing Helm template with its message', async () => {
    const root = makeRepo({ 'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n', 'chart/templates/cm.yaml': '{{ fail "values are missing" }}\n' });
    const r = await renderPaths(root, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm });
    const failed = r.findings.filter((f) => f.ruleId === 'render/failed');
    expect(failed.map((f) => f.file)).toEqual(['chart/Chart.yaml']);
    expect(failed[0]!.message).toContain('values are missing');
  });

  it('renders what a Flux HelmRelease and an Argo CD Application point at, with their values', async () => {
    const root = makeRepo({
      'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'charts/web/values.yaml': 'replicas: 1\n',
      'charts/web/templates/deploy.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: {{ .Release.Name }}',
        'spec:',
        '  replicas: {{ .Values.replicas }}',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: web',
        '          image: {{ .Values.image | default "nginx" }}',
        '',
      ].join('\n'),
      'clusters/prod/release.yaml': [
        'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  chart:\n    spec:\n      chart: ./charts/web\n      sourceRef:\n        kind: GitRepository\n        name: flux-system\n  valuesFrom:\n    - kind: ConfigMap\n      name: web-values\n  values:\n    replicas: 3\n',
        '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-values\n  namespace: prod\ndata:\n  values.yaml: |\n    image: from-configmap:1\n    replicas: 2\n',
      ].join(''),
      'clusters/prod/app.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web-argo\nspec:\n  destination:\n    namespace: argo\n  source:\n    repoURL: https://example.com/this.git\n    path: charts/web\n    helm:\n      valuesObject:\n        replicas: 4\n      parameters:\n        - name: replicas\n          value: "5"\n',
    });
    const r = await renderPaths(root, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm }, [path.join(root, 'clusters')]);
    expect(r.findings).toEqual([]);
    const replicas = Object.fromEntries(r.resources.map((x) => [x.name, (x.object['spec'] as { replicas: number }).replicas]));
    expect(replicas).toEqual({ web: 3, 'web-argo': 5 });
    const flux = r.resources.find((x) => x.name === 'web')!;
    expect(JSON.stringify(flux.object)).toContain('from-configmap:1');
    expect(flux.namespace).toBeUndefined();
    expect(flux.source.file).toBe('charts/web/templates/deploy.yaml');
    expect(flux.source.origin).toEqual({ file: 'clusters/prod/release.yaml', line: 7 });
    expect(lineOf(path.join(root, flux.source.file), flux.locate('/spec/replicas').startLine)).toContain('replicas:');
  });
});
