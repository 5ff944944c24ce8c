import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { SkippedItem } from '../model/index.js';
import type { DiscoveredFile } from './discover.js';
import { isInside } from './paths.js';
import { KUBERNETES_YAML_OPTIONS, TO_JS_OPTIONS } from './yaml-options.js';

export const KUSTOMIZATION_FILE_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** Why a file is not read as Kubernetes resources, when it is not. */
export interface FileRole {
  kind: 'kustomization' | 'kustomize-patch' | 'kustomize-config' | 'kustomize-generator-input' | 'helm-chart';
  reason: string;
}

/**
 * Recognises the files of a GitOps repository that are inputs to a renderer rather than
 * resources: kustomization files, the patches and configs they name, and Helm charts.
 * Validating those alone is the main source of false positives in other tools.
 */
export function classifyFiles(files: DiscoveredFile[], root: string): Map<string, FileRole> {
  const roles = new Map<string, FileRole>();
  const byAbsolute = new Map(files.map((f) => [f.absolutePath, f] as const));

  for (const chartDir of helmChartDirectories(files)) {
    const chartName = relativeName(root, chartDir);
    for (const f of files) {
      if (isInside(chartDir, f.absolutePath)) roles.set(f.file, { kind: 'helm-chart', reason: `part of the Helm chart ${chartName} (rendered by Helm, not applied as is)` });
    }
  }

  for (const f of files) {
    if (!KUSTOMIZATION_FILE_NAMES.has(path.basename(f.absolutePath))) continue;
    if (!roles.has(f.file)) roles.set(f.file, { kind: 'kustomization', reason: 'a Kustomize kustomization file (build input, not a resource)' });
    const dir = path.dirname(f.absolutePath);
    for (const ref of referencedFiles(f.absolutePath)) {
      const target = byAbsolute.get(path.resolve(dir, ref.path));
      if (target && !roles.has(target.file)) {
        roles.set(target.file, { kind: ref.kind, reason: `${ref.description} of ${f.file}` });
      }
    }
  }
  return roles;
}

export function roleToSkipped(file: string, role: FileRole): SkippedItem {
  return { file, kind: role.kind, reason: role.reason };
}

function helmChartDirectories(files: DiscoveredFile[]): string[] {
  const dirs: string[] = [];
  for (const f of files) {
    if (path.basename(f.absolutePath) !== 'Chart.yaml') continue;
    const dir = path.dirname(f.absolutePath);
    const templates = path.join(dir, 'templates');
    if (existsSync(templates) && statSync(templates).isDirectory()) dirs.push(dir);
  }
  return dirs;
}

interface FileReference {
  path: string;
  kind: FileRole['kind'];
  description: string;
}

/** Every local file a kustomization names that is not itself a resource to apply. */
function referencedFiles(kustomizationPath: string): FileReference[] {
  let k: Record<string, unknown>;
  try {
    const docs = parseAllDocuments(readFileSync(kustomizationPath, 'utf8'), KUBERNETES_YAML_OPTIONS);
    const first = Array.isArray(docs) && docs[0] ? (docs[0].toJS(TO_JS_OPTIONS) as unknown) : undefined;
    if (!isRecord(first)) return [];
    k = first;
  } catch {
    return [];
  }
  const refs: FileReference[] = [];
  const push = (p: unknown, kind: FileRole['kind'], description: string): void => {
    if (typeof p === 'string' && p !== '' && !p.includes('\n') && !/^[a-z]+:\/\//i.test(p)) refs.push({ path: p, kind, description });
  };
  for (const entry of asArray(k['patchesStrategicMerge'])) push(entry, 'kustomize-patch', 'a strategic-merge patch');
  for (const entry of asArray(k['patches'])) if (isRecord(entry)) push(entry['path'], 'kustomize-patch', 'a patch');
  for (const entry of asArray(k['patchesJson6902'])) if (isRecord(entry)) push(entry['path'], 'kustomize-patch', 'a JSON 6902 patch');
  for (const entry of asArray(k['replacements'])) if (isRecord(entry)) push(entry['path'], 'kustomize-config', 'a replacements file');
  for (const entry of asArray(k['configurations'])) push(entry, 'kustomize-config', 'a transformer configuration');
  for (const field of ['transformers', 'generators', 'validators']) {
    for (const entry of asArray(k[field])) push(entry, 'kustomize-config', `a ${field.slice(0, -1)} configuration`);
  }
  if (isRecord(k['openapi'])) push(k['openapi']['path'], 'kustomize-config', 'an OpenAPI schema file');
  for (const gen of [...asArray(k['configMapGenerator']), ...asArray(k['secretGenerator'])]) {
    if (!isRecord(gen)) continue;
    for (const file of [...asArray(gen['files']), ...asArray(gen['envs']), gen['env']]) {
      // `files` entries may be `key=path`.
      const p = typeof file === 'string' && file.includes('=') ? file.slice(file.indexOf('=') + 1) : file;
      push(p, 'kustomize-generator-input', 'a generator input file');
    }
  }
  for (const chart of asArray(k['helmCharts'])) {
    if (!isRecord(chart)) continue;
    push(chart['valuesFile'], 'kustomize-config', 'a Helm values file');
    for (const extra of asArray(chart['additionalValuesFiles'])) push(extra, 'kustomize-config', 'a Helm values file');
  }
  return refs;
}

function relativeName(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/') || '.';
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
