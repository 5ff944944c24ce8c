import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { argoRepositoryRoot, gateCommand } from '../../src/cli/gate.js';
import { setUpRenderTools } from '../render/helpers.js';
import { REPO, tempDir } from './helpers.js';

const CORPUS = path.resolve(REPO, '../shared/corpus/gitops/microservices-demo/kubernetes-manifests');
const haveCorpus = existsSync(CORPUS);
if (!haveCorpus) console.log(`skipping syncgate gate corpus tests: ${CORPUS} is absent`);

const onPath = (tool: string, args: string[]) => {
  try {
    execFileSync(tool, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const haveKustomize = onPath('kustomize', ['version']) || onPath('kubectl', ['version', '--client']);

const PRIVILEGED = `apiVersion: v1
kind: Pod
metadata:
  name: debug-shell
spec:
  containers:
  - name: shell
    image: busybox:1.36
    securityContext:
      privileged: true
`;

async function gate(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const saved = process.exitCode;
  const cmd = gateCommand({ stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env }).exitOverride();
  try {
    await cmd.parseAsync([...args, '--no-config'], { from: 'user' });
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.exitCode = saved;
  }
}

const tmp = tempDir('syncgate-gate-');
afterAll(() => tmp.cleanup());

/** A copy of the corpus application with a privileged Pod added (the corpus itself is never modified). */
function withViolation(name: string): string {
  const dir = path.join(tmp.dir, name);
  cpSync(CORPUS, dir, { recursive: true });
  writeFileSync(path.join(dir, 'debug-shell.yaml'), PRIVILEGED);
  const k = path.join(dir, 'kustomization.yaml');
  writeFileSync(k, readFileSync(k, 'utf8').replace(/^resources:\n/m, 'resources:\n - debug-shell.yaml\n'));
  return dir;
}

const docsOf = (stream: string) => parseAllDocuments(stream).map((d) => d.toJS() as { kind: string; metadata: { name: string } });

describe.skipIf(!haveCorpus)('syncgate gate on microservices-demo', () => {
  it('prints every manifest as a YAML stream when the directory passes (plain renderer)', async () => {
    const res = await gate([CORPUS, '--renderer', 'plain']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const docs = docsOf(res.stdout);
    expect(docs).toHaveLength(35);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(expect.arrayContaining(['Deployment/frontend', 'Service/frontend-external', 'Deployment/loadgenerator']));
  });

  it('prints nothing on stdout and the report on stderr, exit 1, when a manifest violates a rule', async () => {
    const res = await gate([withViolation('plain-bad'), '--renderer', 'plain']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('debug-shell.yaml');
    expect(res.stderr).toMatch(/pss\/[a-z-]*privileged/);
  });

  it.skipIf(!haveKustomize)('renders with kustomize when the directory has a kustomization', async () => {
    const pass = await gate([CORPUS]);
    expect(pass.code).toBe(0);
    const docs = docsOf(pass.stdout);
    // kustomization.yaml leaves loadgenerator.yaml out.
    expect(docs.map((d) => d.metadata.name)).not.toContain('loadgenerator');
    expect(docs.length).toBeGreaterThan(20);
    const fail = await gate([withViolation('kustomize-bad')]);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toBe('');
    expect(fail.stderr).toMatch(/pss\/[a-z-]*privileged/);
    // Rendered through src/render: the finding names the file and line of the offending field.
    expect(fail.stderr).toContain('debug-shell.yaml:10:7  high  pss/privileged');
    expect(fail.stderr).not.toContain('<stdin>');
  });
});

const BASE_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27.0
        resources:
          limits: {memory: 128Mi}
        securityContext:
          allowPrivilegeEscalation: false
          runAsNonRoot: true
          readOnlyRootFilesystem: true
          capabilities: {drop: [ALL]}
          seccompProfile: {type: RuntimeDefault}
`;

const PRIVILEGED_PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        securityContext:
          privileged: true
`;

/** An Argo CD repository as the plugin receives it: base and overlays, no .git (excluded from the tarball). */
function overlayRepository(name: string, overlay: string): string {
  const repo = path.join(tmp.dir, name);
  mkdirSync(path.join(repo, 'base'), { recursive: true });
  mkdirSync(path.join(repo, 'overlays/prod'), { recursive: true });
  writeFileSync(path.join(repo, 'base/deployment.yaml'), BASE_DEPLOYMENT);
  writeFileSync(path.join(repo, 'base/kustomization.yaml'), 'resources:\n- deployment.yaml\n');
  writeFileSync(path.join(repo, 'overlays/prod/privileged.yaml'), PRIVILEGED_PATCH);
  writeFileSync(path.join(repo, 'overlays/prod/kustomization.yaml'), overlay);
  return repo;
}

describe.skipIf(!haveKustomize)('syncgate gate on a Kustomize overlay (Argo CD plugin layout)', () => {
  it('prints the rendered manifests of an overlay that passes', async () => {
    const repo = overlayRepository('overlay-pass', 'resources:\n- ../../base\nnamePrefix: prod-\n');
    const res = await gate([path.join(repo, 'overlays/prod')], { ARGOCD_APP_SOURCE_PATH: 'overlays/prod' });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(docsOf(res.stdout).map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Deployment/prod-web']);
    // The origin annotations syncgate asks Kustomize for never reach Argo CD.
    expect(res.stdout).not.toContain('config.kubernetes.io/origin');
  });

  it('points a finding on a patched field at the patch file in the overlay', async () => {
    const repo = overlayRepository('overlay-patched', 'resources:\n- ../../base\npatches:\n- path: privileged.yaml\n');
    const res = await gate([path.join(repo, 'overlays/prod')], { ARGOCD_APP_SOURCE_PATH: 'overlays/prod' });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('overlays/prod/privileged.yaml:11:11  high  pss/privileged');
  });

  it('refuses to print anything when the overlay reaches outside the repository root', async () => {
    // Without .git and without ARGOCD_APP_SOURCE_PATH the root is the overlay itself, so ../../base escapes it.
    const repo = overlayRepository('overlay-escape', 'resources:\n- ../../base\n');
    const res = await gate([path.join(repo, 'overlays/prod')]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('could not be rendered completely');
    expect(res.stderr).toContain('render/path-escape');
  });

  it('refuses to print a partial render: a remote base is not fetched without --allow-network', async () => {
    const repo = overlayRepository('overlay-remote', 'resources:\n- ../../base\n- https://github.com/example/platform//base?ref=v1.0.0\n');
    const res = await gate([path.join(repo, 'overlays/prod')], { ARGOCD_APP_SOURCE_PATH: 'overlays/prod' });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('render/remote-not-rendered');
  });

  it('fails with the tool\'s message when Kustomize cannot build the overlay, even with --fail-on critical', async () => {
    const repo = overlayRepository('overlay-broken', 'resources:\n- ../../base\n- missing.yaml\n');
    const res = await gate([path.join(repo, 'overlays/prod'), '--fail-on', 'critical'], { ARGOCD_APP_SOURCE_PATH: 'overlays/prod' });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/overlays\/prod\/kustomization\.yaml:\d+:\d+: render\/failed: .*missing\.yaml/);
  });
});

const renderTools = setUpRenderTools();

const CHART = {
  'Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
  'values.yaml': 'privileged: false\nreplicas: 2\n',
  'values-debug.yaml': 'privileged: true\n',
  'templates/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ .Release.Name }}-web',
    '  namespace: {{ .Release.Namespace }}',
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
};

function chartRepository(name: string): string {
  const repo = path.join(tmp.dir, name);
  for (const [file, text] of Object.entries(CHART)) {
    mkdirSync(path.dirname(path.join(repo, 'apps/shop', file)), { recursive: true });
    writeFileSync(path.join(repo, 'apps/shop', file), text);
  }
  return repo;
}

describe.skipIf(!renderTools)('syncgate gate on a Helm chart (Argo CD plugin layout)', () => {
  const argo = { ARGOCD_APP_SOURCE_PATH: 'apps/shop', ARGOCD_APP_NAME: 'storefront', ARGOCD_APP_NAMESPACE: 'prod' };

  it("prints helm template's output with Argo CD's release name and namespace", async () => {
    const repo = chartRepository('chart-pass');
    const res = await gate([path.join(repo, 'apps/shop'), '--helm-bin', renderTools!.helm], argo);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const docs = parseAllDocuments(res.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace: string } });
    expect(docs.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`)).toEqual(['Deployment/prod/storefront-web']);
  });

  it('applies the values files the plugin names, and points a finding at the template line', async () => {
    const repo = chartRepository('chart-values');
    const res = await gate([path.join(repo, 'apps/shop'), '--helm-bin', renderTools!.helm], { ...argo, ARGOCD_ENV_HELM_VALUES: 'values-debug.yaml' });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('apps/shop/templates/deployment.yaml:16:11  high  pss/privileged');
  });

  it('refuses a values file that links out of the repository (helm would follow the link)', async () => {
    const repo = chartRepository('chart-link');
    const outside = path.join(tmp.dir, 'outside-values.yaml');
    writeFileSync(outside, 'privileged: true\n');
    symlinkSync(outside, path.join(repo, 'apps/shop/values-linked.yaml'));
    await expect(gate([path.join(repo, 'apps/shop'), '--helm-bin', renderTools!.helm, '--helm-values', 'values-linked.yaml'], argo)).rejects.toThrow(/outside the repository/);
  });

  it('refuses a values file outside the repository', async () => {
    const repo = chartRepository('chart-escape');
    await expect(gate([path.join(repo, 'apps/shop'), '--helm-bin', renderTools!.helm, '--helm-values', '../../../outside.yaml'], argo)).rejects.toThrow(/outside the repository/);
  });
});

describe('argoRepositoryRoot', () => {
  it('strips the application path Argo CD reports from the directory', () => {
    expect(argoRepositoryRoot('/tmp/_cmp/repo/apps/web', { ARGOCD_APP_SOURCE_PATH: 'apps/web' })).toBe('/tmp/_cmp/repo');
    expect(argoRepositoryRoot('/tmp/_cmp/repo/apps/web', { ARGOCD_APP_SOURCE_PATH: './apps/web/' })).toBe('/tmp/_cmp/repo');
    expect(argoRepositoryRoot('/tmp/_cmp/repo', { ARGOCD_APP_SOURCE_PATH: '.' })).toBe('/tmp/_cmp/repo');
  });

  it('ignores a path that does not end the directory or climbs out of it', () => {
    expect(argoRepositoryRoot('/tmp/_cmp/repo/apps/web', { ARGOCD_APP_SOURCE_PATH: 'apps/api' })).toBeUndefined();
    expect(argoRepositoryRoot('/tmp/_cmp/repo/apps/web', { ARGOCD_APP_SOURCE_PATH: '../../etc' })).toBeUndefined();
    expect(argoRepositoryRoot('/tmp/_cmp/repo/apps/web', {})).toBeUndefined();
  });
});
