import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineOf, makeRepo, renderPaths, setUpRenderTools } from './helpers.js';

const tools = setUpRenderTools();

const app = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    env: \${ENV:=dev}
    team: \${TEAM}
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

describe.skipIf(!tools)('roots named by Flux and Argo CD objects', () => {
  it("applies a Flux Kustomization's targetNamespace, patches, images and postBuild substitution, keeping source lines", async () => {
    const root = makeRepo({
      'apps/web/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- deploy.yaml\n',
      'apps/web/deploy.yaml': app,
      'clusters/prod/web.yaml': [
        'apiVersion: kustomize.toolkit.fluxcd.io/v1',
        'kind: Kustomization',
        'metadata:',
        '  name: web',
        '  namespace: flux-system',
        'spec:',
        '  sourceRef:',
        '    kind: GitRepository',
        '    name: flux-system',
        '  path: ./apps/web',
        '  targetNamespace: prod',
        '  images:',
        '    - name: nginx',
        '      newTag: "1.28"',
        '  patches:',
        '    - patch: |',
        '        - op: replace',
        '          path: /spec/replicas',
        '          value: 3',
        '      target:',
        '        kind: Deployment',
        '  postBuild:',
        '    substituteFrom:',
        '      - kind: ConfigMap',
        '        name: cluster-vars',
        '    substitute:',
        '      ENV: prod',
        '---',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: cluster-vars',
        '  namespace: flux-system',
        'data:',
        '  ENV: from-configmap',
        '  TEAM: shop',
        '',
      ].join('\n'),
    });
    // The whole repository: apps/web is also a top-level kustomization, but it is synced only through Flux.
    const r = await renderPaths(root, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm });
    expect(r.findings).toEqual([]);
    expect(r.resources).toHaveLength(1);
    const web = r.resources[0]!;
    expect(web.namespace).toBe('prod');
    expect(web.object).toMatchObject({ metadata: { labels: { env: 'prod', team: 'shop' } }, spec: { replicas: 3, template: { spec: { containers: [{ image: 'nginx:1.28' }] } } } });
    expect(web.source).toEqual({ file: 'apps/web/deploy.yaml', docIndex: 0, origin: { file: 'clusters/prod/web.yaml', line: 10 } });
    expect(lineOf(path.join(root, 'apps/web/deploy.yaml'), web.locate('/spec/template/spec/containers/0/image').startLine)).toContain('image: nginx:1.27');
  });

  it("adds a Flux Kustomization's components, and refuses one outside the repository", async () => {
    const files = {
      'apps/web/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- deploy.yaml\n',
      'apps/web/deploy.yaml': app,
      'components/probes/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: web\n    spec:\n      minReadySeconds: 10\n',
    };
    const flux = (components: string) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: web\nspec:\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  path: ./apps/web\n  components:\n${components}`;
    const root = makeRepo({ ...files, 'clusters/web.yaml': flux('  - ../../components/probes\n') });
    const r = await renderPaths(root, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm }, [path.join(root, 'clusters')]);
    expect(r.findings).toEqual([]);
    expect(r.resources[0]!.object).toMatchObject({ spec: { minReadySeconds: 10 } });
    const [moved] = r.pointFindingsAtPatches([
      { ruleId: 't', severity: 'low', message: 'm', file: r.resources[0]!.source.file, range: r.resources[0]!.locate('/spec/minReadySeconds'), fingerprint: 'f' },
    ]);
    expect(moved!.file).toBe('components/probes/kustomization.yaml');

    const escaping = makeRepo({ ...files, 'clusters/web.yaml': flux('  - ../../../../outside\n') });
    const refused = await renderPaths(escaping, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm }, [path.join(escaping, 'clusters')]);
    expect(refused.findings.map((f) => [f.ruleId, f.range.startLine])).toEqual([['render/path-escape', 11]]);
    expect(refused.resources).toEqual([]);
  });

  it('renders the same overlay once when a discovered root and a Flux Kustomization name it', async () => {
    const root = makeRepo({
      'apps/web/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- deploy.yaml\n',
      'apps/web/deploy.yaml': app,
      'clusters/web.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: web\nspec:\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  path: ./apps/web\n',
    });
    const r = await renderPaths(root, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm });
    expect(r.resources.map((x) => x.name)).toEqual(['web']);
    expect(r.consumedFiles).toEqual(new Set(['apps/web/kustomization.yaml', 'apps/web/deploy.yaml']));
  });

  it("applies an Argo CD Application's kustomize options", async () => {
    const root = makeRepo({
      'apps/web/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- deploy.yaml\n',
      'apps/web/deploy.yaml': app,
      'argo/web.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web\nspec:\n  destination:\n    namespace: shop\n  source:\n    repoURL: https://example.com/r.git\n    path: apps/web\n    kustomize:\n      namePrefix: shop-\n      namespace: shop\n      images:\n        - nginx=registry.example.com/nginx:2.0\n',
    });
    const r = await renderPaths(root, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm }, [path.join(root, 'argo')]);
    expect(r.findings).toEqual([]);
    expect(r.resources.map((x) => `${x.namespace}/${x.name}`)).toEqual(['shop/shop-web']);
    expect(r.resources[0]!.object).toMatchObject({ spec: { template: { spec: { containers: [{ image: 'registry.example.com/nginx:2.0' }] } } } });
    expect(r.resources[0]!.source.file).toBe('apps/web/deploy.yaml');
  });
});
