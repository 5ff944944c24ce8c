import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf, type Finding, type Resource } from '../../src/model/index.js';
import { parseDocuments } from '../../src/load/index.js';
import { renderScopeOf } from '../../src/render/index.js';
import { byIdentity, CORPUS, HAS_CORPUS, lineOf, renderPaths, setUpRenderTools, type RenderBinaries } from './helpers.js';

if (!HAS_CORPUS) console.warn(`skipping render corpus tests: the shared corpus (${CORPUS}) is absent`);
const tools = HAS_CORPUS ? setUpRenderTools() : undefined;

/** What the tool itself prints for a root, as objects. */
function toolObjects(bin: string, args: string[]): Array<Record<string, unknown>> {
  const out = execFileSync(bin, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return parseDocuments(out, 'out.yaml').map((d) => d.value as Record<string, unknown>).filter((v) => v && typeof v === 'object');
}

function kustomizeObjects(t: RenderBinaries, dir: string) {
  return toolObjects(t.kubectl, ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', dir]);
}

function resourcesOfRoot(resources: Resource[], rootFile: string): Resource[] {
  return resources.filter((r) => r.source.origin?.file === rootFile);
}

/** A finding as a check would make it: on the resource's file, at `locate(pointer)`. */
function findingOn(r: Resource, pointer: string): Finding {
  return { ruleId: 'test/rule', severity: 'high', message: 'x', file: r.source.file, range: r.locate(pointer), pointer, fingerprint: fingerprintOf({ ruleId: 'test/rule', file: r.source.file, pointer }) };
}

function find(resources: Resource[], kind: string, name: string): Resource {
  const r = resources.find((x) => x.kind === kind && x.name === name);
  if (!r) throw new Error(`no ${kind} ${name} among ${resources.length} resources`);
  return r;
}

describe.skipIf(!tools)('microservices-demo kustomize (root and tests/ overlays with components)', () => {
  const repo = path.join(CORPUS, 'microservices-demo');
  const roots = ['kustomize', 'kustomize/tests/memorystore-with-all-components', 'kustomize/tests/service-mesh-istio-with-all-components', 'kustomize/tests/spanner-with-all-components'];
  let result: Awaited<ReturnType<typeof renderPaths>>;
  beforeAll(async () => {
    result = await renderPaths(repo, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm }, [path.join(repo, 'kustomize')]);
  });

  it('gives each root its own sync scope, so a base rendered by four overlays is not a duplicate', () => {
    const scopes = new Set(result.resources.filter((r) => r.kind === 'Deployment' && r.name === 'adservice').map(renderScopeOf));
    expect(scopes.size).toBe(4);
  });

  it('renders exactly the top-level kustomizations (base and components are included, not roots) without findings', () => {
    const origins = [...new Set(result.resources.map((r) => r.source.origin?.file))].sort();
    expect(origins).toEqual(roots.map((r) => `${r}/kustomization.yaml`).sort());
    expect(result.findings).toEqual([]);
  });

  it.each(roots)('%s renders to what kubectl kustomize prints', (root) => {
    const ours = byIdentity(resourcesOfRoot(result.resources, `${root}/kustomization.yaml`).map((r) => r.object));
    const theirs = byIdentity(kustomizeObjects(tools!, path.join(repo, root)));
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [key, object] of theirs) expect(ours.get(key), key).toEqual(object);
  });

  it('maps every rendered resource to the source file and line it came from, never to a patch fragment', () => {
    for (const r of result.resources) {
      expect(r.source.file).toMatch(/^kustomize\/(base|components\/[^/]+)\/[^/]+\.yaml$/);
      expect(r.source.file).not.toMatch(/kustomization\.yaml$|patch/);
      const name = r.locate('/metadata/name');
      expect(lineOf(path.join(repo, r.source.file), name.startLine)).toContain(`name: ${r.name}`);
    }
    expect(result.consumedFiles).toContain('kustomize/base/cartservice.yaml');
    expect(result.consumedFiles).toContain('kustomize/components/network-policies/network-policy-deny-all.yaml');
    expect(result.consumedFiles).toContain('kustomize/components/spanner/kustomization.yaml');
  });

  it('finds a field of a rendered resource in its base file, and a field a patch set in the patch', () => {
    const spanner = resourcesOfRoot(result.resources, 'kustomize/tests/spanner-with-all-components/kustomization.yaml');
    const cart = find(spanner, 'Deployment', 'cartservice');
    const image = cart.locate('/spec/template/spec/containers/0/image');
    expect(lineOf(path.join(repo, 'kustomize/base/cartservice.yaml'), image.startLine)).toMatch(/^\s+image: /);

    const env = (cart.object as { spec: { template: { spec: { containers: Array<{ env: Array<{ name: string }> }> } } } }).spec.template.spec.containers[0]!.env;
    const index = env.findIndex((e) => e.name === 'SPANNER_CONNECTION_STRING');
    expect(index).toBeGreaterThanOrEqual(0);
    const [moved] = result.pointFindingsAtPatches([findingOn(cart, `/spec/template/spec/containers/0/env/${index}/value`)]);
    expect(moved!.file).toBe('kustomize/components/spanner/kustomization.yaml');
    expect(lineOf(path.join(repo, moved!.file), moved!.range.startLine)).toMatch(/^\s+value: projects\/SPANNER_PROJECT/);

    // A field no patch touches stays in the base file; so does a container the patch only changed part of.
    const [kept] = result.pointFindingsAtPatches([findingOn(cart, '/spec/template/spec/containers/0/image')]);
    expect(kept!.file).toBe('kustomize/base/cartservice.yaml');
    const [container] = result.pointFindingsAtPatches([findingOn(cart, '/spec/template/spec/containers/0')]);
    expect(container!.file).toBe('kustomize/base/cartservice.yaml');
  });
});

describe.skipIf(!tools)('flux2-kustomize-helm-example (staging and production overlays, remote charts)', () => {
  const repo = path.join(CORPUS, 'flux2-kustomize-helm-example');
  let result: Awaited<ReturnType<typeof renderPaths>>;
  beforeAll(async () => {
    result = await renderPaths(repo, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm });
  });

  it.each(['apps/staging', 'apps/production', 'infrastructure/controllers'])('%s renders to what kubectl kustomize prints', (root) => {
    const ours = byIdentity(resourcesOfRoot(result.resources, `${root}/kustomization.yaml`).map((r) => r.object));
    const theirs = byIdentity(kustomizeObjects(tools!, path.join(repo, root)));
    expect(ours.size).toBeGreaterThan(0);
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [key, object] of theirs) expect(ours.get(key), key).toEqual(object);
  });

  it('renders what the Flux Kustomizations sync (ExternalArtifact paths mapped through the ArtifactGenerator), with their patches', () => {
    const stagingConfigs = resourcesOfRoot(result.resources, 'clusters/staging/infrastructure.yaml');
    const issuer = find(stagingConfigs, 'ClusterIssuer', 'letsencrypt');
    expect(issuer.object).toMatchObject({ spec: { acme: { server: 'https://acme-staging-v02.api.letsencrypt.org/directory' } } });
    expect(issuer.source.file).toBe('infrastructure/configs/cluster-issuers.yaml');
    const [onServer] = result.pointFindingsAtPatches([findingOn(issuer, '/spec/acme/server')]);
    expect(onServer!.file).toBe('clusters/staging/infrastructure.yaml');
    expect(lineOf(path.join(repo, onServer!.file), onServer!.range.startLine)).toContain('value: https://acme-staging-v02.api.letsencrypt.org/directory');
    // Production syncs the same folder with its own patch.
    const productionIssuer = find(resourcesOfRoot(result.resources, 'clusters/production/infrastructure.yaml'), 'ClusterIssuer', 'letsencrypt');
    expect(productionIssuer.object).toMatchObject({ spec: { acme: { server: 'https://acme-v02.api.letsencrypt.org/directory' } } });
    const [onProduction] = result.pointFindingsAtPatches([findingOn(productionIssuer, '/spec/acme/server')]);
    expect(onProduction!.file).toBe('clusters/production/infrastructure.yaml');
    // A field no patch wrote stays in the base file.
    const [onEmail] = result.pointFindingsAtPatches([findingOn(productionIssuer, '/spec/acme/privateKeySecretRef')]);
    expect(onEmail!.file).toBe('infrastructure/configs/cluster-issuers.yaml');
    // The folder is synced only with the Flux options, so its plain render is not validated as well.
    expect(resourcesOfRoot(result.resources, 'infrastructure/configs/kustomization.yaml')).toEqual([]);
  });

  it('reports the HelmRelease charts from Helm and OCI repositories as not rendered, with their URLs', () => {
    const remote = result.findings.filter((f) => f.ruleId === 'render/remote-not-rendered');
    expect(remote.map((f) => f.message).join('\n')).toContain('https://stefanprodan.github.io/podinfo');
    expect(remote.map((f) => f.message).join('\n')).toContain('oci://quay.io/jetstack/charts/cert-manager');
    expect(remote.every((f) => f.severity === 'info')).toBe(true);
    expect(result.findings.filter((f) => f.ruleId !== 'render/remote-not-rendered')).toEqual([]);
  });

  it('never validates the values patch alone, and points a patched field at the patch file', () => {
    expect(result.consumedFiles).toContain('apps/staging/podinfo-values.yaml');
    expect(result.resources.some((r) => r.source.file.endsWith('podinfo-values.yaml'))).toBe(false);
    const staging = resourcesOfRoot(result.resources, 'apps/staging/kustomization.yaml');
    const release = find(staging, 'HelmRelease', 'podinfo');
    expect(release.source.file).toBe('apps/base/podinfo/release.yaml');
    const [onHost] = result.pointFindingsAtPatches([findingOn(release, '/spec/values/httpRoute/hostnames/0')]);
    expect(onHost!.file).toBe('apps/staging/podinfo-values.yaml');
    expect(lineOf(path.join(repo, onHost!.file), onHost!.range.startLine)).toContain('podinfo.staging');
    // Every patch names its target: the name is the object's, not the patch's.
    const [onName] = result.pointFindingsAtPatches([findingOn(release, '/metadata/name')]);
    expect(onName!.file).toBe('apps/base/podinfo/release.yaml');
    const [onRedis] = result.pointFindingsAtPatches([findingOn(release, '/spec/values/redis/tag')]);
    expect(onRedis!.file).toBe('apps/base/podinfo/release.yaml');
    expect(lineOf(path.join(repo, onRedis!.file), onRedis!.range.startLine)).toContain('tag: 8.6.2');
  });
});

describe.skipIf(!tools)('microservices-demo helm-chart (default values)', () => {
  const repo = path.join(CORPUS, 'microservices-demo');
  let result: Awaited<ReturnType<typeof renderPaths>>;
  beforeAll(async () => {
    result = await renderPaths(repo, { kustomizeBin: tools!.kubectl, helmBin: tools!.helm }, [path.join(repo, 'helm-chart')]);
  });

  it('renders to what helm template prints, consuming the chart files', () => {
    expect(result.findings).toEqual([]);
    const ours = byIdentity(result.resources.map((r) => r.object));
    const theirs = byIdentity(toolObjects(tools!.helm, ['template', path.join(repo, 'helm-chart'), '--include-crds']));
    expect(ours.size).toBeGreaterThan(20);
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [key, object] of theirs) expect(ours.get(key), key).toEqual(object);
    expect(result.consumedFiles).toContain('helm-chart/templates/adservice.yaml');
    expect(result.consumedFiles).toContain('helm-chart/values.yaml');
  });

  it('points a finding on a rendered field into the template file', () => {
    const deployment = find(result.resources, 'Deployment', 'adservice');
    expect(deployment.source.file).toBe('helm-chart/templates/adservice.yaml');
    expect(deployment.source.origin?.file).toBe('helm-chart/Chart.yaml');
    const image = deployment.locate('/spec/template/spec/containers/0/image');
    expect(lineOf(path.join(repo, deployment.source.file), image.startLine)).toMatch(/^\s+image: \{\{/);
    const service = find(result.resources, 'Service', 'adservice');
    const port = service.locate('/spec/ports/0/port');
    expect(lineOf(path.join(repo, service.source.file), port.startLine)).toMatch(/^\s+port: /);
  });

  it('shows the first branch of an if/else that writes the same key', () => {
    const deployment = find(result.resources, 'Deployment', 'adservice');
    const at = deployment.locate('/spec/template/spec/serviceAccountName');
    expect(lineOf(path.join(repo, deployment.source.file), at.startLine)).toMatch(/serviceAccountName: \{\{/);
  });
});

