import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { kustomizationIn } from './kustomization-file.js';
import { guardPath } from './path-guard.js';
import { isRecord } from './pointer-translate.js';
import { argoOverlay, fluxOverlay, overlayPatchesOf } from './reconciler-overlays.js';
import { argoInlineValues, valuesFromReference } from './release-values.js';
import type { GitOpsObject, RenderRequest, RootLabel } from './requests.js';

/** Something a Flux or Argo CD object names that syncgate will not render, and why. */
export interface RefProblem {
  kind: 'escape' | 'remote' | 'not-found';
  at: GitOpsObject;
  pointer: string;
  detail: string;
}

export interface RefScan {
  requests: RenderRequest[];
  problems: RefProblem[];
}

interface Ctx {
  root: string;
  realRoot: string;
  /** All objects of the run, to resolve HelmRepository URLs and valuesFrom ConfigMaps. */
  all: GitOpsObject[];
  allowNetwork: boolean;
}

export function isFluxKustomization(o: Record<string, unknown>): boolean {
  return o['kind'] === 'Kustomization' && typeof o['apiVersion'] === 'string' && o['apiVersion'].startsWith('kustomize.toolkit.fluxcd.io/');
}

function isHelmRelease(o: Record<string, unknown>): boolean {
  return o['kind'] === 'HelmRelease' && typeof o['apiVersion'] === 'string' && o['apiVersion'].startsWith('helm.toolkit.fluxcd.io/');
}

function isArgoApplication(o: Record<string, unknown>): boolean {
  return o['kind'] === 'Application' && typeof o['apiVersion'] === 'string' && o['apiVersion'].startsWith('argoproj.io/');
}

/** Kinds worth reading from plain files when looking for render roots. */
export const GITOPS_KIND_PATTERN = /^kind:\s*["']?(Kustomization|HelmRelease|Application|HelmRepository|OCIRepository|ArtifactGenerator|ConfigMap|Secret)["']?\s*$/m;

/**
 * The renders Flux and Argo CD objects ask for: a Flux Kustomization's `spec.path`, a
 * HelmRelease's chart from this repository with its values, an Application's source path.
 * Paths are relative to the repository root (the source's root, for the repository itself).
 */
export function scanGitOpsObjects(objects: GitOpsObject[], root: string, realRoot: string, all: GitOpsObject[], allowNetwork: boolean): RefScan {
  const ctx: Ctx = { root, realRoot, all, allowNetwork };
  const scan: RefScan = { requests: [], problems: [] };
  for (const at of objects) {
    const o = at.object;
    if (isFluxKustomization(o)) fluxKustomization(at, ctx, scan);
    else if (isHelmRelease(o)) helmRelease(at, ctx, scan);
    else if (isArgoApplication(o)) argoApplication(at, ctx, scan);
  }
  return scan;
}

function labelOf(at: GitOpsObject, pointer: string): RootLabel {
  return { file: at.file, line: at.locate(pointer).startLine };
}

function fluxKustomization(at: GitOpsObject, ctx: Ctx, scan: RefScan): void {
  const spec = rec(at.object['spec']);
  const sourceRef = rec(spec['sourceRef']);
  const sourceKind = sourceRef['kind'];
  let p = typeof spec['path'] === 'string' && spec['path'] !== '' ? spec['path'] : './';
  if (sourceKind === 'ExternalArtifact') {
    const mapped = artifactPathInRepository(ctx, str(sourceRef['name']), str(sourceRef['namespace']) ?? str(rec(at.object['metadata'])['namespace']), p);
    if (mapped === undefined) {
      scan.problems.push({ kind: 'not-found', at, pointer: '/spec/sourceRef', detail: `no ArtifactGenerator in the run copies ${p} of ExternalArtifact ${String(sourceRef['name'])} from this repository; not rendered` });
      return;
    }
    p = mapped;
  } else if (sourceKind !== undefined && sourceKind !== 'GitRepository') {
    // OCIRepository and Bucket artifacts are built elsewhere, with their own layout.
    scan.problems.push({ kind: 'not-found', at, pointer: '/spec/sourceRef', detail: `source kind ${String(sourceKind)} is not this repository's layout; ${p} was not rendered` });
    return;
  }
  const dir = localDir(p, at, '/spec/path', ctx, scan);
  if (!dir) return;
  // Without a kustomization file Flux generates one over the plain files, which are validated as they are.
  if (!kustomizationIn(dir)) return;
  const overlay = fluxOverlay(spec);
  const vars = substitutionVariables(rec(spec['postBuild']), str(rec(at.object['metadata'])['namespace']), ctx);
  const patches = overlayPatchesOf(spec['patches'], '/spec/patches');
  const components: string[] = [];
  (Array.isArray(spec['components']) ? spec['components'] : []).forEach((c, i) => {
    if (typeof c !== 'string') return;
    // Component paths are relative to spec.path.
    const guarded = guardPath(ctx.root, ctx.realRoot, dir, c);
    if (!guarded.ok) scan.problems.push({ kind: 'escape', at, pointer: `/spec/components/${i}`, detail: guarded.reason });
    else if (guarded.exists) components.push(guarded.absolutePath);
  });
  if (scan.problems.some((p) => p.at === at && p.kind === 'escape')) return;
  scan.requests.push({
    type: 'kustomize',
    dir,
    reconciler: 'flux',
    label: labelOf(at, '/spec/path'),
    ...(overlay ? { overlay } : {}),
    ...(components.length ? { components } : {}),
    ...(patches.length ? { overlayPatches: { file: at.file, docIndex: at.docIndex, patches } } : {}),
    ...(isRecord(spec['postBuild']) ? { substitute: vars } : {}),
  });
}

/**
 * Flux `postBuild` variables: `substituteFrom` ConfigMaps and Secrets defined in the run (in
 * order; others live only in the cluster), then `substitute`, which wins.
 */
function substitutionVariables(postBuild: Record<string, unknown>, namespace: string | undefined, ctx: Ctx): Record<string, string> {
  // Keys come from the repository: a null prototype keeps `__proto__` an ordinary key.
  const vars = Object.create(null) as Record<string, string>;
  for (const ref of Array.isArray(postBuild['substituteFrom']) ? postBuild['substituteFrom'].map(rec) : []) {
    const kind = str(ref['kind']);
    if (kind !== 'ConfigMap' && kind !== 'Secret') continue;
    const found = findObject(ctx, kind, str(ref['name']), namespace);
    if (!found) continue;
    for (const [key, value] of Object.entries(rec(found.object['data']))) {
      if (typeof value === 'string') vars[key] = kind === 'Secret' ? Buffer.from(value, 'base64').toString('utf8') : value;
    }
    if (kind === 'Secret') for (const [key, value] of Object.entries(rec(found.object['stringData']))) if (typeof value === 'string') vars[key] = value;
  }
  for (const [key, value] of Object.entries(rec(postBuild['substitute']))) if (typeof value === 'string') vars[key] = value;
  return vars;
}

/**
 * A path in an ExternalArtifact made by a Flux ArtifactGenerator, as a path of the repository:
 * a copy rule `from: "@alias/apps/staging/**"`, `to: "@artifact/staging/"` (alias a
 * GitRepository) maps `./staging/x` to `apps/staging/x`.
 */
function artifactPathInRepository(ctx: Ctx, artifact: string | undefined, namespace: string | undefined, artifactPath: string): string | undefined {
  const wanted = trimSlashes(artifactPath.replace(/^\.\/?/, ''));
  for (const generator of ctx.all) {
    const o = generator.object;
    if (o['kind'] !== 'ArtifactGenerator' || (namespace && str(rec(o['metadata'])['namespace']) && rec(o['metadata'])['namespace'] !== namespace)) continue;
    const spec = rec(o['spec']);
    const gitAliases = new Set((Array.isArray(spec['sources']) ? spec['sources'] : []).map(rec).filter((src) => src['kind'] === 'GitRepository').map((src) => str(src['alias'])));
    for (const a of Array.isArray(spec['artifacts']) ? spec['artifacts'].map(rec) : []) {
      if (a['name'] !== artifact) continue;
      for (const copy of Array.isArray(a['copy']) ? a['copy'].map(rec) : []) {
        const from = /^@([^/]+)\/(.*?)\/?(\*\*)?$/.exec(str(copy['from']) ?? '');
        const to = /^@artifact\/?(.*)$/.exec(str(copy['to']) ?? '');
        if (!from || !to || !gitAliases.has(from[1]) || !from[3]) continue;
        const dest = trimSlashes(to[1]!);
        if (dest !== '' && wanted !== dest && !wanted.startsWith(`${dest}/`)) continue;
        return `./${[trimSlashes(from[2]!), trimSlashes(wanted.slice(dest.length))].filter(Boolean).join('/')}`;
      }
    }
  }
  return undefined;
}

function trimSlashes(s: string): string {
  return s.replace(/^\/+|\/+$/g, '');
}

function helmRelease(at: GitOpsObject, ctx: Ctx, scan: RefScan): void {
  const spec = rec(at.object['spec']);
  const meta = rec(at.object['metadata']);
  const namespace = str(meta['namespace']);
  if (isRecord(spec['chartRef'])) {
    const ref = spec['chartRef'];
    const source = findObject(ctx, String(ref['kind']), str(ref['name']), str(ref['namespace']) ?? namespace);
    const sourceSpec = rec(source?.object['spec']);
    const url = str(sourceSpec['url']);
    if (ctx.allowNetwork && url && ref['kind'] === 'OCIRepository') {
      const version = str(rec(sourceSpec['ref'])['tag']) ?? str(rec(sourceSpec['ref'])['semver']);
      scan.requests.push(remoteRequest(at, '/spec/chartRef', { chart: url, ...(version ? { version } : {}) }, spec, meta, ctx));
      return;
    }
    scan.problems.push({ kind: 'remote', at, pointer: '/spec/chartRef', detail: `chart from ${String(ref['kind'])} ${String(ref['name'])}${url ? ` (${url})` : ''}` });
    return;
  }
  const chartSpec = rec(rec(spec['chart'])['spec']);
  const sourceRef = rec(chartSpec['sourceRef']);
  const chart = str(chartSpec['chart']);
  if (sourceRef['kind'] !== 'GitRepository' && sourceRef['kind'] !== 'Bucket') {
    const source = findObject(ctx, String(sourceRef['kind']), str(sourceRef['name']), str(sourceRef['namespace']) ?? namespace);
    const sourceSpec = rec(source?.object['spec']);
    const url = str(sourceSpec['url']);
    const version = str(chartSpec['version']);
    if (ctx.allowNetwork && url && chart && sourceRef['kind'] === 'HelmRepository') {
      const where = sourceSpec['type'] === 'oci' || url.startsWith('oci://') ? { chart: `${url.replace(/\/$/, '')}/${chart}` } : { chart, repo: url };
      scan.requests.push(remoteRequest(at, '/spec/chart/spec/chart', { ...where, ...(version ? { version } : {}) }, spec, meta, ctx));
      return;
    }
    scan.problems.push({ kind: 'remote', at, pointer: '/spec/chart/spec/chart', detail: `chart ${chart ?? '?'}${version ? ` ${version}` : ''} from ${url ?? `${String(sourceRef['kind'])} ${String(sourceRef['name'])}`}` });
    return;
  }
  if (!chart) return;
  const chartDir = localDir(chart, at, '/spec/chart/spec/chart', ctx, scan);
  if (!chartDir || !existsSync(path.join(chartDir, 'Chart.yaml'))) return;
  const valuesFiles: string[] = [];
  (Array.isArray(chartSpec['valuesFiles']) ? chartSpec['valuesFiles'] : [chartSpec['valuesFile']]).forEach((f, i) => {
    if (typeof f !== 'string') return;
    const guarded = guardPath(ctx.root, ctx.realRoot, ctx.root, f);
    if (!guarded.ok) scan.problems.push({ kind: 'escape', at, pointer: `/spec/chart/spec/valuesFiles/${i}`, detail: guarded.reason });
    else if (guarded.exists) valuesFiles.push(guarded.absolutePath);
  });
  const inlineValues: Array<Record<string, unknown>> = [];
  if (Array.isArray(spec['valuesFrom'])) {
    for (const ref of spec['valuesFrom']) {
      const values = valuesFromReference(rec(ref), namespace, (kind, name, ns) => findObject(ctx, kind, name, ns));
      if (values) inlineValues.push(values);
    }
  }
  if (isRecord(spec['values'])) inlineValues.push(spec['values']);
  const targetNamespace = str(spec['targetNamespace']);
  const name = str(meta['name']) ?? 'release';
  scan.requests.push({
    type: 'helm',
    chartDir,
    label: labelOf(at, '/spec/chart'),
    releaseName: str(spec['releaseName']) ?? (targetNamespace ? `${targetNamespace}-${name}` : name),
    ...((targetNamespace ?? namespace) ? { namespace: (targetNamespace ?? namespace)! } : {}),
    valuesFiles,
    inlineValues,
  });
}

function argoApplication(at: GitOpsObject, ctx: Ctx, scan: RefScan): void {
  const spec = rec(at.object['spec']);
  const sources: Array<{ source: Record<string, unknown>; pointer: string }> = isRecord(spec['source'])
    ? [{ source: spec['source'], pointer: '/spec/source' }]
    : Array.isArray(spec['sources'])
      ? spec['sources'].filter(isRecord).map((source, i) => ({ source, pointer: `/spec/sources/${i}` }))
      : [];
  const appName = str(rec(at.object['metadata'])['name']);
  const namespace = str(rec(spec['destination'])['namespace']);
  for (const { source, pointer } of sources) {
    if (typeof source['chart'] === 'string') {
      const repoURL = str(source['repoURL']);
      if (ctx.allowNetwork && repoURL) {
        const oci = repoURL.startsWith('oci://') || !/^[a-z]+:\/\//i.test(repoURL);
        const where = oci ? { chart: `oci://${repoURL.replace(/^oci:\/\//, '').replace(/\/$/, '')}/${source['chart']}` } : { chart: source['chart'], repo: repoURL };
        const version = str(source['targetRevision']);
        const helm = rec(source['helm']);
        const releaseName = str(helm['releaseName']) ?? appName;
        scan.requests.push({
          type: 'helm-remote',
          ...where,
          ...(version ? { version } : {}),
          label: labelOf(at, `${pointer}/chart`),
          at,
          chartPointer: `${pointer}/chart`,
          ...(releaseName ? { releaseName } : {}),
          ...(namespace ? { namespace } : {}),
          inlineValues: argoInlineValues(helm),
        });
        continue;
      }
      scan.problems.push({ kind: 'remote', at, pointer: `${pointer}/chart`, detail: `chart ${source['chart']}${str(source['targetRevision']) ? ` ${str(source['targetRevision'])}` : ''} from ${str(source['repoURL']) ?? 'a Helm repository'}` });
      continue;
    }
    const p = str(source['path']);
    if (p === undefined) continue;
    const dir = localDir(p, at, `${pointer}/path`, ctx, scan);
    if (!dir) continue;
    if (existsSync(path.join(dir, 'Chart.yaml'))) {
      const helm = rec(source['helm']);
      const valuesFiles: string[] = [];
      (Array.isArray(helm['valueFiles']) ? helm['valueFiles'] : []).forEach((f, i) => {
        if (typeof f !== 'string' || /^[a-z]+:\/\//i.test(f) || f.startsWith('$')) return;
        const guarded = guardPath(ctx.root, ctx.realRoot, dir, f);
        if (!guarded.ok) scan.problems.push({ kind: 'escape', at, pointer: `${pointer}/helm/valueFiles/${i}`, detail: guarded.reason });
        else if (guarded.exists) valuesFiles.push(guarded.absolutePath);
      });
      const inlineValues = argoInlineValues(helm);
      const releaseName = str(helm['releaseName']) ?? appName;
      scan.requests.push({
        type: 'helm',
        chartDir: dir,
        label: labelOf(at, `${pointer}/path`),
        ...(releaseName ? { releaseName } : {}),
        ...(namespace ? { namespace } : {}),
        valuesFiles,
        inlineValues,
      });
    } else if (kustomizationIn(dir)) {
      const overlay = argoOverlay(rec(source['kustomize']), namespace);
      const patches = overlayPatchesOf(rec(source['kustomize'])['patches'], `${pointer}/kustomize/patches`);
      scan.requests.push({
        type: 'kustomize',
        dir,
        reconciler: 'argocd',
        label: labelOf(at, `${pointer}/path`),
        ...(overlay ? { overlay } : {}),
        ...(patches.length ? { overlayPatches: { file: at.file, docIndex: at.docIndex, patches } } : {}),
      });
    }
  }
}

/** A HelmRelease chart from a repository, with the release's inline values (valuesFrom from the repository too). */
function remoteRequest(
  at: GitOpsObject,
  pointer: string,
  where: { chart: string; repo?: string; version?: string },
  spec: Record<string, unknown>,
  meta: Record<string, unknown>,
  ctx: Ctx,
): RenderRequest {
  const namespace = str(meta['namespace']);
  const inlineValues: Array<Record<string, unknown>> = [];
  if (Array.isArray(spec['valuesFrom'])) {
    for (const ref of spec['valuesFrom']) {
      const values = valuesFromReference(rec(ref), namespace, (kind, name, ns) => findObject(ctx, kind, name, ns));
      if (values) inlineValues.push(values);
    }
  }
  if (isRecord(spec['values'])) inlineValues.push(spec['values']);
  const targetNamespace = str(spec['targetNamespace']);
  const name = str(meta['name']) ?? 'release';
  const ns = targetNamespace ?? namespace;
  return {
    type: 'helm-remote',
    ...where,
    label: labelOf(at, pointer),
    at,
    chartPointer: pointer,
    releaseName: str(spec['releaseName']) ?? (targetNamespace ? `${targetNamespace}-${name}` : name),
    ...(ns ? { namespace: ns } : {}),
    inlineValues,
  };
}

/** A directory named relative to the repository root, refused when it leaves it. */
function localDir(p: string, at: GitOpsObject, pointer: string, ctx: Ctx, scan: RefScan): string | undefined {
  const guarded = guardPath(ctx.root, ctx.realRoot, ctx.root, p.replace(/^\/+/, './'));
  if (!guarded.ok) {
    scan.problems.push({ kind: 'escape', at, pointer, detail: guarded.reason });
    return undefined;
  }
  if (!guarded.exists || !statSync(guarded.absolutePath).isDirectory()) {
    scan.problems.push({ kind: 'not-found', at, pointer, detail: `${p} is not a directory of this repository (another repository or a generated artifact); not rendered` });
    return undefined;
  }
  return guarded.absolutePath;
}

function findObject(ctx: Ctx, kind: string, name: string | undefined, namespace: string | undefined): GitOpsObject | undefined {
  return ctx.all.find((o) => {
    const meta = rec(o.object['metadata']);
    return o.object['kind'] === kind && meta['name'] === name && (namespace === undefined || meta['namespace'] === undefined || meta['namespace'] === namespace);
  });
}

function rec(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
