import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/model/index.js';
import { checkDeprecatedApi, checkMetadata, findDuplicateObjects } from '../../src/schema/apiserver/index.js';
import { resourcesFromFile } from './helpers/yaml-resources.js';

/** Real GitOps repositories: valid manifests must pass, and the duplicates we report must be real ones. */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GITOPS = path.resolve(REPO, '../shared/corpus/gitops');
const present = existsSync(GITOPS);
if (!present) console.log(`apiserver gitops corpus: skipped, ${path.relative(REPO, GITOPS)} is absent (the shared test corpus is not part of a clone)`);

/** Plain manifests only: no Helm templates, Kustomize overlays, kustomization or values files. */
function manifestFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry !== 'helm-chart' && entry !== 'kustomize') files.push(...manifestFiles(full));
    } else if (/\.ya?ml$/.test(entry) && !/^(kustomization|values|Chart|\.fluxschema)|-values\.yaml$/.test(entry)) {
      files.push(full);
    }
  }
  return files;
}

function load(...relativeDirs: string[]): Resource[] {
  return relativeDirs.flatMap((dir) => {
    const absolute = path.join(GITOPS, dir);
    const files = statSync(absolute).isDirectory() ? manifestFiles(absolute) : [absolute];
    return files.flatMap((file) => resourcesFromFile(file, path.relative(GITOPS, file)));
  });
}

describe.skipIf(!present)('apiserver checks on real GitOps repositories', () => {
  it('find nothing wrong with the names, labels, annotations and API versions of valid manifests', () => {
    const resources = load('microservices-demo', 'flux2-kustomize-helm-example');
    expect(resources.length).toBeGreaterThan(50);
    const findings = resources.flatMap((r) => [...checkMetadata(r), ...checkDeprecatedApi(r, '1.33')]);
    expect(findings.map((f) => `${f.file}: ${f.message}`)).toEqual([]);
  });

  it('find no duplicates within one deployable set, and flag every object the release bundle redefines', () => {
    const perService = load('microservices-demo/kubernetes-manifests');
    expect(findDuplicateObjects(perService)).toEqual([]);

    const bundle = load('microservices-demo/release/kubernetes-manifests.yaml');
    const defined = new Set(perService.map((r) => `${r.kind}/${r.name}`));
    const redefined = bundle.filter((r) => defined.has(`${r.kind}/${r.name}`));
    expect(redefined.length).toBeGreaterThan(20);

    const findings = findDuplicateObjects([...bundle, ...perService]);
    expect(findings).toHaveLength(redefined.length);
    // "First" is decided by file order, so every finding sits in the release bundle.
    expect(new Set(findings.map((f) => f.file))).toEqual(new Set(['microservices-demo/release/kubernetes-manifests.yaml']));
  });

  it('can keep the clusters of a multi-cluster repository apart', () => {
    const clusters = load('flux2-kustomize-helm-example/clusters');
    const unpartitioned = findDuplicateObjects(clusters);
    expect(unpartitioned.length).toBeGreaterThan(0);
    expect(unpartitioned.every((f) => f.file.includes('/clusters/staging/'))).toBe(true);

    const byCluster = (r: Resource) => r.source.file.split('/').slice(0, 3).join('/');
    expect(findDuplicateObjects(clusters, undefined, { partitionOf: byCluster })).toEqual([]);
  });
});
