import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isInside, reportedPath, type DiscoveredFile } from '../load/index.js';
import { GITOPS_KIND_PATTERN } from './gitops-refs.js';
import { KUSTOMIZATION_NAMES } from './kustomization-file.js';
import type { KustomizeGraph } from './kustomize-graph.js';
import { isRecord } from './pointer-translate.js';
import type { MappingContext } from './rendered-resources.js';
import type { GitOpsObject, RenderRequest } from './requests.js';
import { YamlIndex } from './yaml-index.js';

export function discoverRoots(files: DiscoveredFile[], root: string, graphOf: (dir: string) => KustomizeGraph, ctx: MappingContext): RenderRequest[] {
  const kustomizationDirs = [...new Set(files.filter((f) => KUSTOMIZATION_NAMES.includes(path.basename(f.absolutePath))).map((f) => path.dirname(f.absolutePath)))].sort();
  const included = new Set<string>();
  for (const dir of kustomizationDirs) graphOf(dir).includedDirs.forEach((d) => included.add(d));
  const requests: RenderRequest[] = [];
  for (const dir of kustomizationDirs) {
    if (included.has(dir)) continue;
    const file = graphOf(dir).kustomizations[0];
    if (!file || ctx.kustomizations.get(file).kind === 'Component') continue;
    requests.push({ type: 'kustomize', dir, label: { file: reportedPath(root, file), line: 1 }, discovered: true });
  }
  const chartDirs = files.filter((f) => path.basename(f.absolutePath) === 'Chart.yaml').map((f) => path.dirname(f.absolutePath));
  for (const dir of chartDirs.sort()) {
    // Subcharts render as part of their parent; charts a kustomization inflates, as part of it.
    if (chartDirs.some((parent) => parent !== dir && isInside(path.join(parent, 'charts'), dir))) continue;
    if (included.has(dir)) continue;
    if (!isDirectory(path.join(dir, 'templates'))) continue;
    requests.push({ type: 'helm', chartDir: dir, label: { file: reportedPath(root, path.join(dir, 'Chart.yaml')), line: 1 }, valuesFiles: [], inlineValues: [] });
  }
  return requests;
}

export function gitOpsObjectsInFiles(files: DiscoveredFile[], root: string, ctx: MappingContext): GitOpsObject[] {
  const objects: GitOpsObject[] = [];
  for (const f of files) {
    if (!/\.ya?ml$/i.test(f.absolutePath)) continue;
    let text: string;
    try {
      if (statSync(f.absolutePath).size > 16 * 1024 * 1024) continue;
      text = readFileSync(f.absolutePath, 'utf8');
    } catch {
      continue;
    }
    if (!GITOPS_KIND_PATTERN.test(text)) continue;
    const index = new YamlIndex(text);
    const file = reportedPath(root, f.absolutePath);
    index.values().forEach((value, docIndex) => {
      if (!isRecord(value) || !mayNameRoots(value)) return;
      ctx.store.register(file, f.absolutePath);
      objects.push({ object: value, file, docIndex, locate: (pointer) => index.locate(docIndex, pointer)?.range ?? { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } });
    });
  }
  return objects;
}

export function mayNameRoots(object: Record<string, unknown>): boolean {
  const kind = object['kind'];
  return kind === 'Kustomization' || kind === 'HelmRelease' || kind === 'Application' || kind === 'HelmRepository' || kind === 'OCIRepository' || kind === 'ArtifactGenerator' || kind === 'ConfigMap' || kind === 'Secret';
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
