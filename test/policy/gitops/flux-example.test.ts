import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../../src/load/index.js';
import { GITOPS_POLICIES, createPolicySet, createRepositoryView } from '../../../src/policy/index.js';
import { resourcesFromYaml } from '../helpers/yaml-resources.js';

/**
 * fluxcd/flux2-kustomize-helm-example, loaded by the real loader (which leaves out kustomization
 * files and the partial HelmRelease values patches). Its cluster Kustomizations take their sources
 * from an ArtifactGenerator over the bootstrap GitRepository; HelmReleases use OCIRepository and
 * HelmRepository sources defined next to them.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ROOT = path.resolve(REPO, '../shared/corpus/gitops/flux2-kustomize-helm-example');
const present = existsSync(ROOT);
if (!present) console.log(`flux2-kustomize-helm-example: skipped, ${path.relative(REPO, ROOT)} is absent (the shared test corpus is not part of a clone)`);

describe.skipIf(!present)('GitOps checks on flux2-kustomize-helm-example', () => {
  it('resolve every source (bootstrap GitRepository, ArtifactGenerator artifacts, OCI and Helm repositories) and flag only unpinned charts', async () => {
    const loaded = await loadInputs({ root: ROOT, inputs: [ROOT] });
    const repository = createRepositoryView(ROOT);
    const findings = createPolicySet(GITOPS_POLICIES).run(loaded.resources, { repository });
    const seen = findings.map((f) => `${f.ruleId} ${f.file}:${f.range.startLine} ${f.pointer}`).sort();
    console.log(`flux2-kustomize-helm-example (${loaded.resources.length} resources):\n  ${seen.join('\n  ')}`);
    expect(seen).toEqual([
      'gitops/helm-chart-version apps/base/podinfo/release.yaml:10 /spec/chart/spec',
      'gitops/helm-chart-version infrastructure/controllers/cert-manager.yaml:21 /spec/ref/semver',
      'gitops/helm-chart-version infrastructure/controllers/envoy-gateway.yaml:21 /spec/ref/semver',
    ]);
  });

  it('check Kustomization paths against the real tree', () => {
    const yaml = ['./apps/staging', 'apps/base/podinfo', './apps/typo', '../flux2-kustomize-helm-example/apps'].map((p, i) => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: k${i}, namespace: flux-system}
spec: {interval: 10m, prune: true, path: "${p}", sourceRef: {kind: GitRepository, name: flux-system}}
`).join('---\n');
    const findings = createPolicySet(GITOPS_POLICIES).run(resourcesFromYaml(yaml), { repository: createRepositoryView(ROOT) });
    expect(findings.map((f) => `${f.ruleId} ${f.resource?.name} ${f.pointer}`)).toEqual([
      'gitops/flux-kustomization-path k2 /spec/path',
      'gitops/flux-kustomization-path k3 /spec/path',
    ]);
  });
});
