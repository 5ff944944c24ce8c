import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRepositoryView, GITOPS_RULES } from '../../../src/policy/index.js';
import { object, run, type Obj } from '../best-practice/harness.js';

const KS = 'kustomize.toolkit.fluxcd.io/v1';
const HR = 'helm.toolkit.fluxcd.io/v2';
const SRC = 'source.toolkit.fluxcd.io/v1';

const ks = (name: string, spec: Obj, namespace = 'flux-system') =>
  object(KS, 'Kustomization', name, { spec: { interval: '10m', prune: true, path: './apps', sourceRef: { kind: 'GitRepository', name: 'flux-system' }, ...spec } }, namespace);
const hr = (name: string, chartSpec: Obj, extra: Obj = {}, namespace = 'apps') =>
  object(HR, 'HelmRelease', name, { spec: { interval: '1h', chart: { spec: { chart: name, sourceRef: { kind: 'HelmRepository', name: 'charts' }, ...chartSpec } }, ...extra } }, namespace);
const helmRepo = (namespace = 'apps') => object(SRC, 'HelmRepository', 'charts', { spec: { interval: '1h', url: 'https://charts.example.com' } }, namespace);
const secret = (rest: Obj) => object('v1', 'Secret', 'db', rest);

describe('gitops rules', () => {
  it('carry ids, the gitops tag and metadata', () => {
    for (const r of GITOPS_RULES) {
      expect(r.id).toMatch(/^gitops\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.tags[0]).toBe('gitops');
      expect(r.title && r.description && r.remediation && r.helpUri).toBeTruthy();
    }
  });

  describe('gitops/plaintext-secret', () => {
    it('flags data and stringData values in plain text, at the first plain key', () => {
      expect(run('gitops/plaintext-secret', [secret({ stringData: { password: 'hunter2' } })]).map((f) => f.pointer)).toEqual(['/stringData/password']);
      const f = run('gitops/plaintext-secret', [secret({ data: { user: 'YWRtaW4=', password: 'aHVudGVyMg==' } })]);
      expect(f.map((x) => x.pointer)).toEqual(['/data/user']);
      expect(f[0]!.message).toMatch(/and 1 more key/);
    });
    it('allows SOPS-encrypted Secrets, placeholders, empty Secrets and SealedSecrets', () => {
      expect(run('gitops/plaintext-secret', [
        secret({ stringData: { password: 'ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]' } }),
        { ...secret({ data: { password: 'c2VjcmV0' } }), sops: { version: '3.9.0', lastmodified: '2024-01-01T00:00:00Z' } },
        secret({ stringData: { password: '${DB_PASSWORD}' } }),
        secret({ type: 'kubernetes.io/service-account-token' }),
        object('bitnami.com/v1alpha1', 'SealedSecret', 'db', { spec: { encryptedData: { password: 'AgBy3i4OJSWK+PiTySYZZA==' } } }),
      ])).toEqual([]);
    });
  });

  describe('gitops/flux-source-ref', () => {
    it('resolves sources in the referrer namespace, allows the bootstrap source and ArtifactGenerator artifacts', () => {
      expect(run('gitops/flux-source-ref', [
        ks('apps', {}),
        ks('infra', { sourceRef: { kind: 'ExternalArtifact', name: 'infrastructure' } }),
        object('source.extensions.fluxcd.io/v1beta1', 'ArtifactGenerator', 'gen', { spec: { artifacts: [{ name: 'infrastructure' }] } }, 'flux-system'),
        helmRepo(),
        hr('podinfo', { version: '6.5.0' }),
        object(SRC, 'OCIRepository', 'redis', { spec: { url: 'oci://r', ref: { tag: '1.0.0' } } }, 'cache'),
        object(HR, 'HelmRelease', 'redis', { spec: { interval: '1h', chartRef: { kind: 'OCIRepository', name: 'redis' } } }, 'cache'),
      ])).toEqual([]);
    });
    it('flags a source missing from the run, or defined in another namespace, at the name', () => {
      const f = run('gitops/flux-source-ref', [helmRepo('other'), hr('podinfo', { version: '6.5.0' }), ks('apps', { sourceRef: { kind: 'GitRepository', name: 'apps-repo' } })]);
      expect(f.map((x) => [x.resource?.kind, x.pointer, x.message])).toEqual([
        ['HelmRelease', '/spec/chart/spec/sourceRef/name', 'HelmRepository apps/charts is not defined in the run'],
        ['Kustomization', '/spec/sourceRef/name', 'GitRepository flux-system/apps-repo is not defined in the run'],
      ]);
    });
    it('takes extra assumed sources from the rule options', () => {
      const objects = [ks('apps', { sourceRef: { kind: 'GitRepository', name: 'platform', namespace: 'flux-system' } })];
      expect(run('gitops/flux-source-ref', objects, { ruleOptions: { 'gitops/flux-source-ref': { assumedSources: ['GitRepository/flux-system/platform'] } } })).toEqual([]);
    });
  });

  describe('gitops/flux-depends-on-cycle', () => {
    it('reports each cycle once, on its first member, listing the cycle', () => {
      const f = run('gitops/flux-depends-on-cycle', [
        ks('a', { dependsOn: [{ name: 'x' }, { name: 'b' }] }),
        ks('b', { dependsOn: [{ name: 'c' }] }),
        ks('c', { dependsOn: [{ name: 'a' }] }),
        ks('x', {}),
        ks('self', { dependsOn: [{ name: 'self' }] }),
      ]);
      expect(f.map((x) => [x.resource?.name, x.pointer, x.message])).toEqual([
        ['a', '/spec/dependsOn/1', 'Kustomization dependsOn cycle: flux-system/a -> flux-system/b -> flux-system/c -> flux-system/a'],
        ['self', '/spec/dependsOn/0', 'Kustomization dependsOn cycle: flux-system/self -> flux-system/self'],
      ]);
    });
    it('passes a chain, and keeps namespaces apart', () => {
      expect(run('gitops/flux-depends-on-cycle', [
        ks('a', { dependsOn: [{ name: 'b' }] }),
        ks('b', { dependsOn: [{ name: 'a', namespace: 'other' }] }),
        ks('a', {}, 'other'),
        hr('web', { version: '1.0.0' }, { dependsOn: [{ name: 'db' }] }),
        hr('db', { version: '1.0.0' }),
      ])).toEqual([]);
    });
  });

  describe('gitops/argo-project-missing', () => {
    const app = (project: string) => object('argoproj.io/v1alpha1', 'Application', 'web', { spec: { project, source: { repoURL: 'https://git.example.com/r', path: 'web' }, destination: { namespace: 'web', server: 'https://kubernetes.default.svc' } } }, 'argocd');
    it('passes default and projects of the run', () => {
      expect(run('gitops/argo-project-missing', [app('default'), app('team-a'), object('argoproj.io/v1alpha1', 'AppProject', 'team-a', { spec: {} }, 'argocd')])).toEqual([]);
    });
    it('flags a project that is not in the run', () => {
      expect(run('gitops/argo-project-missing', [app('team-b')]).map((f) => [f.pointer, f.message])).toEqual([['/spec/project', 'AppProject "team-b" is not defined in the run']]);
    });
  });

  describe('gitops/helm-chart-version', () => {
    it('passes exact versions and Git chart sources', () => {
      expect(run('gitops/helm-chart-version', [
        hr('a', { version: '1.2.3' }),
        hr('b', { version: 'v2.0.0-rc.1+build.5' }),
        hr('c', { sourceRef: { kind: 'GitRepository', name: 'repo' } }),
        object(SRC, 'OCIRepository', 'redis', { spec: { url: 'oci://r', ref: { semver: '1.2.3' } } }, 'apps'),
        object(HR, 'HelmRelease', 'redis', { spec: { interval: '1h', chartRef: { kind: 'OCIRepository', name: 'redis' } } }, 'apps'),
        object(SRC, 'OCIRepository', 'app-manifests', { spec: { url: 'oci://m', ref: { semver: '>=1.0.0' } } }, 'apps'),
      ])).toEqual([]);
    });
    it('flags missing versions, wildcards and ranges', () => {
      const versions = ['*', '>=1.0', '^1.2', '~1.2', '1.x', '1.2', '>= 1.8.0-rc.0'];
      for (const version of versions) {
        const f = run('gitops/helm-chart-version', [hr('a', { version })]);
        expect(f.map((x) => x.pointer), version).toEqual(['/spec/chart/spec/version']);
      }
      const missing = run('gitops/helm-chart-version', [hr('a', {})]);
      expect(missing.map((x) => [x.pointer, x.message])).toEqual([['/spec/chart/spec', expect.stringMatching(/sets no version/)]]);
    });
    it('flags a range on an OCIRepository used as a chartRef', () => {
      const f = run('gitops/helm-chart-version', [
        object(SRC, 'OCIRepository', 'cert-manager', { spec: { url: 'oci://q', ref: { semver: '1.x' } } }, 'cm'),
        object(HR, 'HelmRelease', 'cert-manager', { spec: { interval: '1h', chartRef: { kind: 'OCIRepository', name: 'cert-manager' } } }, 'cm'),
      ]);
      expect(f.map((x) => [x.resource?.kind, x.pointer])).toEqual([['OCIRepository', '/spec/ref/semver']]);
    });
  });

  describe('gitops/flux-interval-missing and gitops/flux-prune-disabled', () => {
    it('flag a missing interval and an explicit prune: false', () => {
      expect(run('gitops/flux-interval-missing', [ks('a', { interval: undefined }), hr('b', { version: '1.0.0' }, { interval: undefined })]).map((f) => f.pointer)).toEqual(['/spec', '/spec']);
      expect(run('gitops/flux-prune-disabled', [ks('a', { prune: false })]).map((f) => f.pointer)).toEqual(['/spec/prune']);
    });
    it('pass a complete Kustomization without targetNamespace, and kustomize.config.k8s.io files', () => {
      const kustomizeFile = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['a.yaml'] };
      expect(run('gitops/flux-interval-missing', [ks('a', {}), kustomizeFile])).toEqual([]);
      expect(run('gitops/flux-prune-disabled', [ks('a', {}), kustomizeFile])).toEqual([]);
    });
  });
});

describe('gitops/flux-kustomization-path and the repository view', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'syncgate-repo-'));
  const outside = mkdtempSync(path.join(tmpdir(), 'syncgate-outside-'));
  const root = path.join(dir, 'repo');
  mkdirSync(path.join(root, 'clusters', 'prod'), { recursive: true });
  mkdirSync(path.join(root, 'apps'), { recursive: true });
  writeFileSync(path.join(root, 'apps', 'kustomization.yaml'), 'resources: []\n');
  mkdirSync(path.join(outside, 'secret-dir'));
  symlinkSync(path.join(outside, 'secret-dir'), path.join(root, 'escape'));
  symlinkSync('../apps', path.join(root, 'clusters', 'apps-link'));
  symlinkSync(path.join(root, 'apps'), path.join(root, 'absolute-link'));
  symlinkSync('loop-b', path.join(root, 'loop-a'));
  symlinkSync('loop-a', path.join(root, 'loop-b'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  const repository = createRepositoryView(root);

  it('answers only for paths inside the root', () => {
    expect(repository.exists('./apps')).toBe(true);
    expect(repository.exists('apps/kustomization.yaml')).toBe(true);
    expect(repository.exists('clusters/prod/../../apps')).toBe(true);
    expect(repository.exists('clusters/apps-link')).toBe(true);
    expect(repository.exists('missing')).toBe(false);
    expect(repository.exists('../repo/apps')).toBe(false);
    expect(repository.exists(path.join(root, 'apps'))).toBe(false);
    expect(repository.exists('escape')).toBe(false);
    expect(repository.exists('escape/../apps')).toBe(false);
    expect(repository.exists('apps\\kustomization.yaml')).toBe(false);
    expect(repository.exists('absolute-link/kustomization.yaml')).toBe(true);
    expect(repository.exists('loop-a')).toBe(false);
    expect(repository.exists('')).toBe(true);
  });

  it('flags a missing or escaping path of a Kustomization synced from the bootstrap repository', () => {
    const options = { repository };
    expect(run('gitops/flux-kustomization-path', [ks('ok', { path: './apps' }), ks('root', { path: './' })], options)).toEqual([]);
    const f = run('gitops/flux-kustomization-path', [ks('typo', { path: './app' }), ks('out', { path: '../outside' }), ks('win', { path: '.\\apps' }), ks('link', { path: './escape' })], options);
    expect(f.map((x) => [x.resource?.name, x.pointer])).toEqual([['typo', '/spec/path'], ['out', '/spec/path'], ['win', '/spec/path'], ['link', '/spec/path']]);
    expect(f[2]!.message).toMatch(/backslashes/);
  });

  it('skips other sources and runs without a repository', () => {
    const other = ks('other', { path: './nope', sourceRef: { kind: 'GitRepository', name: 'tenant', namespace: 'flux-system' } });
    expect(run('gitops/flux-kustomization-path', [other], { repository })).toEqual([]);
    expect(run('gitops/flux-kustomization-path', [ks('typo', { path: './app' })])).toEqual([]);
    const local = { repository, ruleOptions: { 'gitops/flux-kustomization-path': { localSources: ['flux-system/tenant'] } } };
    expect(run('gitops/flux-kustomization-path', [other], local).map((x) => x.pointer)).toEqual(['/spec/path']);
  });
});
