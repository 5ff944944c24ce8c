import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { joinPointer } from '../model/index.js';
import { YamlIndex } from './yaml-index.js';

const MAX_KUSTOMIZATION_BYTES = 4 * 1024 * 1024;

export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** What a named path is used for: directories and files to build, or inputs read along the way. */
export type EntryRole = 'resource' | 'component' | 'patch' | 'input' | 'plugin-config';

export interface PathEntry {
  value: string;
  role: EntryRole;
  /** JSON pointer of the entry inside the kustomization, to point findings at its line. */
  pointer: string;
}

/** A patch written inline in the kustomization (a block scalar), with where its text starts. */
export interface InlinePatch {
  text: string;
  pointer: string;
  target?: Record<string, unknown>;
}

export interface PatchRef {
  path?: string;
  inline?: InlinePatch;
  target?: Record<string, unknown>;
}

/** A `helmCharts` entry: a chart Kustomize inflates with `helm template` (`--enable-helm`). */
export interface HelmChartRef {
  name: string;
  version?: string;
  repo?: string;
  /** Pointer of the entry, for findings. */
  pointer: string;
}

export interface KustomizationFile {
  absolutePath: string;
  /** The document holding the kustomization (a Flux or Argo CD object's patches can sit in a later one). */
  docIndex?: number;
  kind: string;
  entries: PathEntry[];
  patches: PatchRef[];
  index: YamlIndex;
  helmCharts: HelmChartRef[];
  /** Where Kustomize looks for (and would download) charts: `helmGlobals.chartHome`, default `charts`. */
  chartHome: string;
  /** The file could not be parsed into a mapping. */
  unreadable?: string;
}

/** The kustomization file of a directory, if it has one. */
export function kustomizationIn(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_NAMES) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Reads a kustomization and lists every path it names, with the pointer of each entry. */
export function readKustomization(absolutePath: string): KustomizationFile {
  let text = '';
  try {
    if (statSync(absolutePath).size > MAX_KUSTOMIZATION_BYTES) throw new Error('kustomization file is too large');
    text = readFileSync(absolutePath, 'utf8');
  } catch (err) {
    return { absolutePath, kind: 'Kustomization', entries: [], patches: [], index: new YamlIndex(''), helmCharts: [], chartHome: 'charts', unreadable: (err as Error).message };
  }
  const index = new YamlIndex(text);
  const k = index.value(0);
  if (!isRecord(k)) return { absolutePath, kind: 'Kustomization', entries: [], patches: [], index, helmCharts: [], chartHome: 'charts', unreadable: 'not a YAML mapping' };
  const entries: PathEntry[] = [];
  const patches: PatchRef[] = [];
  const add = (value: unknown, role: EntryRole, ...pointer: Array<string | number>): void => {
    if (typeof value === 'string' && value.trim() !== '') entries.push({ value: value.trim(), role, pointer: joinPointer(...pointer) });
  };
  list(k['resources']).forEach((v, i) => add(v, 'resource', 'resources', i));
  list(k['bases']).forEach((v, i) => add(v, 'resource', 'bases', i));
  list(k['components']).forEach((v, i) => add(v, 'component', 'components', i));
  list(k['crds']).forEach((v, i) => add(v, 'input', 'crds', i));
  for (const field of ['patches', 'patchesJson6902']) {
    list(k[field]).forEach((p, i) => {
      if (!isRecord(p)) return;
      const target = isRecord(p['target']) ? p['target'] : undefined;
      if (typeof p['path'] === 'string') {
        add(p['path'], 'patch', field, i, 'path');
        patches.push({ path: p['path'].trim(), ...(target ? { target } : {}) });
      } else if (typeof p['patch'] === 'string') {
        patches.push({ inline: { text: p['patch'], pointer: joinPointer(field, i, 'patch'), ...(target ? { target } : {}) }, ...(target ? { target } : {}) });
      }
    });
  }
  list(k['patchesStrategicMerge']).forEach((p, i) => {
    if (typeof p !== 'string') return;
    // An entry is either a file name or a whole patch written inline.
    if (p.includes('\n') || /^\s*(apiVersion|kind|metadata)\s*:/.test(p)) patches.push({ inline: { text: p, pointer: joinPointer('patchesStrategicMerge', i) } });
    else {
      add(p, 'patch', 'patchesStrategicMerge', i);
      patches.push({ path: p.trim() });
    }
  });
  list(k['replacements']).forEach((r, i) => isRecord(r) && add(r['path'], 'input', 'replacements', i, 'path'));
  list(k['configurations']).forEach((v, i) => add(v, 'input', 'configurations', i));
  for (const field of ['transformers', 'generators', 'validators']) {
    list(k[field]).forEach((v, i) => {
      if (typeof v === 'string' && !v.includes('\n')) add(v, 'plugin-config', field, i);
      // An inline plugin configuration (a builtin generator or transformer) can name files too.
      else for (const p of pluginConfigPaths(typeof v === 'string' ? parseQuietly(v) : v)) add(p.value, 'input', field, i, ...p.tokens);
    });
  }
  if (isRecord(k['openapi'])) add(k['openapi']['path'], 'input', 'openapi', 'path');
  for (const field of ['configMapGenerator', 'secretGenerator']) {
    list(k[field]).forEach((g, i) => {
      if (!isRecord(g)) return;
      list(g['files']).forEach((f, j) => {
        // `files` entries may be `key=path`.
        if (typeof f === 'string') add(f.includes('=') ? f.slice(f.indexOf('=') + 1) : f, 'input', field, i, 'files', j);
      });
      list(g['envs']).forEach((f, j) => add(f, 'input', field, i, 'envs', j));
      add(g['env'], 'input', field, i, 'env');
    });
  }
  const helmCharts: HelmChartRef[] = [];
  list(k['helmCharts']).forEach((c, i) => {
    if (!isRecord(c)) return;
    add(c['valuesFile'], 'input', 'helmCharts', i, 'valuesFile');
    list(c['additionalValuesFiles']).forEach((f, j) => add(f, 'input', 'helmCharts', i, 'additionalValuesFiles', j));
    if (typeof c['name'] !== 'string' || c['name'].trim() === '') return;
    helmCharts.push({
      name: c['name'].trim(),
      ...(typeof c['version'] === 'string' && c['version'] !== '' ? { version: c['version'] } : {}),
      ...(typeof c['repo'] === 'string' && c['repo'] !== '' ? { repo: c['repo'] } : {}),
      pointer: joinPointer('helmCharts', i),
    });
  });
  const chartHome = isRecord(k['helmGlobals']) && typeof k['helmGlobals']['chartHome'] === 'string' && k['helmGlobals']['chartHome'] !== '' ? k['helmGlobals']['chartHome'] : 'charts';
  if (isRecord(k['helmGlobals'])) {
    add(k['helmGlobals']['chartHome'], 'input', 'helmGlobals', 'chartHome');
    add(k['helmGlobals']['configHome'], 'input', 'helmGlobals', 'configHome');
  }
  const kind = typeof k['kind'] === 'string' ? k['kind'] : 'Kustomization';
  return { absolutePath, kind, entries, patches, index, helmCharts, chartHome };
}

/**
 * Kustomize reads a resource or component that is not a local path as a remote target:
 * a URL, `git@host:...`, or a `host/org/repo` reference with an optional `?ref=`.
 */
export function looksRemote(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    /^git@/.test(entry) ||
    /^git::/.test(entry) ||
    /^(github\.com|gitlab\.com|bitbucket\.org|dev\.azure\.com)[/:]/i.test(entry) ||
    /[?&](ref|version|submodules|timeout)=/.test(entry) ||
    /\.git(\/\/|$|\?)/.test(entry) ||
    // `host.tld/org/repo`: Kustomize tries a missing path as a git repository.
    /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(:\d+)?\//i.test(entry)
  );
}

/** Keys under which `path` means a field path in an object, not a file. */
const FIELD_SPEC_KEYS = new Set(['fieldSpecs', 'fieldSpec', 'source', 'target', 'targets', 'select', 'reject', 'fieldPaths', 'options']);
const PLUGIN_PATH_KEYS = new Set(['path', 'paths', 'files', 'envs', 'env', 'valuesFile', 'additionalValuesFiles', 'chartHome', 'configHome', 'envFiles', 'fileSources']);

/**
 * The file paths a builtin plugin configuration names (ConfigMapGenerator `files`,
 * PatchTransformer `path`, HelmChartInflationGenerator `valuesFile`, ...), wherever they sit.
 */
export function pluginConfigPaths(value: unknown, depth = 0): Array<{ value: string; tokens: Array<string | number> }> {
  const out: Array<{ value: string; tokens: Array<string | number> }> = [];
  if (depth > 8) return out;
  if (Array.isArray(value)) {
    value.forEach((item, i) => pluginConfigPaths(item, depth + 1).forEach((p) => out.push({ value: p.value, tokens: [i, ...p.tokens] })));
  } else if (isRecord(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (PLUGIN_PATH_KEYS.has(key)) {
        const strings = typeof v === 'string' ? [[v, undefined] as const] : Array.isArray(v) ? v.map((x, i) => [x, i] as const) : [];
        for (const [s, i] of strings) {
          if (typeof s !== 'string' || s === '') continue;
          const p = s.includes('=') && key !== 'path' ? s.slice(s.indexOf('=') + 1) : s;
          out.push({ value: p, tokens: i === undefined ? [key] : [key, i] });
        }
      } else if (typeof v === 'object' && !FIELD_SPEC_KEYS.has(key)) {
        pluginConfigPaths(v, depth + 1).forEach((p) => out.push({ value: p.value, tokens: [key, ...p.tokens] }));
      }
    }
  }
  return out;
}

function parseQuietly(text: string): unknown {
  try {
    return new YamlIndex(text).values();
  } catch {
    return undefined;
  }
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
