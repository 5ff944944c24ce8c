import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { kustomizationIn } from './kustomization-file.js';
import { guardPath } from './path-guard.js';
import { isRecord } from './pointer-translate.js';
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
export const GITOPS_KIND_PATTERN = /^kind:\s*["']?(Kustomization|HelmRelease|Application|HelmRepository|OCIRepository|ConfigMap|Secret)["']?\s*$/m;

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
  const sourceKind = rec(spec['sourceRef'])['kind'];
  if (sourceKind !== undefined && sourceKind !== 'GitRepository') {
    // ExternalArtifact, OCIRepository and Bucket artifacts are laid out differently from the repository.
    scan.problems.push({ kind: 'not-found', at, pointer: '/spec/sourceRef', detail: `source kind ${String(sourceKind)} is not this repository's layout; ${String(spec['path'] ?? './')} was not rendered` });
    return;
  }
  const p = typeof spec['path'] === 'string' && spec['path'] !== '' ? spec['path'] : './';
  const dir = localDir(p, at, '/spec/path', ctx, scan);
  if (!dir) return;
  // Without a kustomization file Flux generates one over the plain files, which are validated as they are.
  if (!kustomizationIn(dir)) return;
  const overlay = fluxOverlay(spec);
  const substitute = rec(rec(spec['postBuild'])['substitute']);
  const vars = Object.fromEntries(Object.entries(substitute).filter((e): e is [string, string] => typeof e[1] === 'string'));
  scan.requests.push({ type: 'kustomize', dir, label: labelOf(at, '/spec/path'), ...(overlay ? { overlay } : {}), ...(isRecord(spec['postBuild']) ? { substitute: vars } : {}) });
}

/** What kustomize-controller adds to the build from the Flux Kustomization's own spec. */
function fluxOverlay(spec: Record<string, unknown>): Record<string, unknown> | undefined {
  const overlay: Record<string, unknown> = {};
  if (str(spec['targetNamespace'])) overlay['namespace'] = spec['targetNamespace'];
  if (str(spec['namePrefix'])) overlay['namePrefix'] = spec['namePrefix'];
  if (str(spec['nameSuffix'])) overlay['nameSuffix'] = spec['nameSuffix'];
  const patches = inlinePatches(spec['patches']);
  if (patches.length) overlay['patches'] = patches;
  if (Array.isArray(spec['images'])) overlay['images'] = spec['images'].filter(isRecord);
  const common = rec(spec['commonMetadata']);
  if (isRecord(common['annotations'])) overlay['commonAnnotations'] = common['annotations'];
  if (isRecord(common['labels'])) overlay['labels'] = [{ pairs: common['labels'], includeSelectors: false }];
  return Object.keys(overlay).length ? overlay : undefined;
}

/** Argo CD `source.kustomize` options, as kustomization fields. */
function argoOverlay(k: Record<string, unknown>, namespace: string | undefined): Record<string, unknown> | undefined {
  const overlay: Record<string, unknown> = {};
  if (str(k['namePrefix'])) overlay['namePrefix'] = k['namePrefix'];
  if (str(k['nameSuffix'])) overlay['nameSuffix'] = k['nameSuffix'];
  if (str(k['namespace'])) overlay['namespace'] = k['namespace'];
  else if (namespace && k['forceNamespace'] === true) overlay['namespace'] = namespace;
  if (Array.isArray(k['images'])) {
    // Argo CD writes images as `name=newName:tag` strings; kustomize's `images` wants objects.
    overlay['images'] = k['images'].filter((i): i is string => typeof i === 'string').map(argoImage);
  }
  if (isRecord(k['commonLabels'])) overlay['labels'] = [{ pairs: k['commonLabels'], includeSelectors: true }];
  if (isRecord(k['commonAnnotations'])) overlay['commonAnnotations'] = k['commonAnnotations'];
  const patches = inlinePatches(k['patches']);
  if (patches.length) overlay['patches'] = patches;
  return Object.keys(overlay).length ? overlay : undefined;
}

function argoImage(spec: string): Record<string, unknown> {
  const eq = spec.indexOf('=');
  const name = eq >= 0 ? spec.slice(0, eq) : spec.replace(/[:@].*$/, '');
  const rest = eq >= 0 ? spec.slice(eq + 1) : spec;
  const at = rest.indexOf('@');
  const colon = rest.lastIndexOf(':');
  const image: Record<string, unknown> = { name };
  if (at >= 0) {
    image['newName'] = rest.slice(0, at);
    image['digest'] = rest.slice(at + 1);
  } else if (colon > rest.lastIndexOf('/')) {
    image['newName'] = rest.slice(0, colon);
    image['newTag'] = rest.slice(colon + 1);
  } else image['newName'] = rest;
  if (image['newName'] === name) delete image['newName'];
  return image;
}

/** Only inline patches (a `path` would name a file outside the checks). */
function inlinePatches(value: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isRecord)
    .filter((p) => typeof p['patch'] === 'string')
    .map((p) => ({ patch: p['patch'], ...(isRecord(p['target']) ? { target: p['target'] } : {}) }));
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
      const values = valuesFromReference(rec(ref), namespace, ctx);
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

/** A valuesFrom ConfigMap or Secret defined in the repository (others exist only in the cluster). */
function valuesFromReference(ref: Record<string, unknown>, namespace: string | undefined, ctx: Ctx): Record<string, unknown> | undefined {
  const kind = str(ref['kind']);
  if (kind !== 'ConfigMap' && kind !== 'Secret') return undefined;
  const found = findObject(ctx, kind, str(ref['name']), namespace);
  if (!found) return undefined;
  const key = str(ref['valuesKey']) ?? 'values.yaml';
  let text = str(rec(found.object['data'])[key]);
  if (kind === 'Secret') {
    const plain = str(rec(found.object['stringData'])[key]);
    text = plain ?? (text !== undefined ? Buffer.from(text, 'base64').toString('utf8') : undefined);
  }
  if (text === undefined) return undefined;
  let values: unknown;
  try {
    values = parseYaml(text, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  const targetPath = str(ref['targetPath']);
  if (targetPath) return nest(targetPath.split('.'), values);
  return isRecord(values) ? values : undefined;
}

function nest(keys: string[], value: unknown): Record<string, unknown> {
  let out: unknown = value;
  for (let i = keys.length - 1; i >= 0; i--) out = { [keys[i]!]: out };
  return out as Record<string, unknown>;
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
      scan.requests.push({ type: 'kustomize', dir, label: labelOf(at, `${pointer}/path`), ...(overlay ? { overlay } : {}) });
    }
  }
}

function argoInlineValues(helm: Record<string, unknown>): Array<Record<string, unknown>> {
  const inlineValues: Array<Record<string, unknown>> = [];
  if (typeof helm['values'] === 'string') {
    try {
      const v = parseYaml(helm['values'], { maxAliasCount: 100 }) as unknown;
      if (isRecord(v)) inlineValues.push(v);
    } catch {
      // Argo CD fails on this too, with its own message; the render goes on without these values.
    }
  }
  if (isRecord(helm['valuesObject'])) inlineValues.push(helm['valuesObject']);
  return inlineValues;
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
      const values = valuesFromReference(rec(ref), namespace, ctx);
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
