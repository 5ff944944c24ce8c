import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isInside } from '../load/index.js';
import path from 'node:path';
import { kustomizationIn, looksRemote, pluginConfigPaths, readKustomization, type HelmChartRef, type KustomizationFile, type PathEntry } from './kustomization-file.js';
import { guardPath } from './path-guard.js';
import { YamlIndex } from './yaml-index.js';

export interface EntryProblem {
  /** Absolute path of the kustomization that names the entry. */
  kustomization: string;
  entry: PathEntry;
  reason: string;
}

/** Everything a Kustomize build from one directory would read, found before running it. */
/** A chart a kustomization inflates, and whether it is vendored in the repository. */
export interface GraphHelmChart {
  /** Absolute path of the kustomization that names it. */
  kustomization: string;
  chart: HelmChartRef;
  /** The chart directory Kustomize uses, when it is in the repository (else Kustomize would download it). */
  vendoredDir?: string;
}

export interface KustomizeGraph {
  rootDir: string;
  /** Kustomization files reached, in visiting order (the root's first). */
  kustomizations: string[];
  /** Every local file the build reads (kustomizations, resources, patches, generator inputs). */
  files: Set<string>;
  /** Directories built as sub-kustomizations or components (so they are not roots themselves). */
  includedDirs: Set<string>;
  escapes: EntryProblem[];
  remotes: EntryProblem[];
  helmCharts: GraphHelmChart[];
}

/** Parses kustomization files once per run. */
export class KustomizationCache {
  private readonly files = new Map<string, KustomizationFile>();
  /** Reads only kustomizations whose real path is inside `realRoot`. */
  constructor(private readonly realRoot: string) {}
  get(absolutePath: string): KustomizationFile {
    let k = this.files.get(absolutePath);
    if (!k) {
      k = insideReal(this.realRoot, absolutePath) ? readKustomization(absolutePath) : readKustomization('');
      this.files.set(absolutePath, k);
    }
    return k;
  }
}

/**
 * Follows every path a kustomization names, recursively through the directories it builds,
 * checking each against the repository boundary. Nothing outside the root is opened:
 * an entry that leaves it is recorded as an escape and not followed.
 */
export function walkKustomization(rootDir: string, root: string, realRoot: string, cache: KustomizationCache): KustomizeGraph {
  const graph: KustomizeGraph = { rootDir, kustomizations: [], files: new Set(), includedDirs: new Set(), escapes: [], remotes: [], helmCharts: [] };
  const visited = new Set<string>();
  const visit = (dir: string): void => {
    if (visited.has(dir) || visited.size > 5000) return;
    visited.add(dir);
    const file = kustomizationIn(dir);
    if (!file) return;
    const self = guardPath(root, realRoot, dir, path.basename(file));
    if (!self.ok) {
      graph.escapes.push({ kustomization: file, entry: { value: path.basename(file), role: 'resource', pointer: '' }, reason: self.reason });
      return;
    }
    graph.kustomizations.push(file);
    graph.files.add(file);
    const k = cache.get(file);
    for (const entry of k.entries) {
      if (entry.role === 'resource' || entry.role === 'component') {
        const local = guardPath(root, realRoot, dir, entry.value);
        const missingLocally = !local.ok || !local.exists;
        if (missingLocally && looksRemote(entry.value)) {
          graph.remotes.push({ kustomization: file, entry, reason: entry.value });
          continue;
        }
      }
      const guarded = guardPath(root, realRoot, dir, entry.value);
      if (!guarded.ok) {
        graph.escapes.push({ kustomization: file, entry, reason: guarded.reason });
        continue;
      }
      if (!guarded.exists) continue; // kustomize itself reports the missing path
      if (isDirectory(guarded.absolutePath)) {
        if (entry.role === 'resource' || entry.role === 'component') {
          graph.includedDirs.add(guarded.absolutePath);
          visit(guarded.absolutePath);
        }
      } else {
        graph.files.add(guarded.absolutePath);
        if (entry.role === 'plugin-config') checkPluginConfigFile(guarded.absolutePath, entry, file, dir);
      }
    }
    for (const chart of k.helmCharts) {
      const vendoredDir = vendoredChartDir(root, realRoot, dir, k.chartHome, chart);
      graph.helmCharts.push({ kustomization: file, chart, ...(vendoredDir ? { vendoredDir } : {}) });
      if (vendoredDir) graph.includedDirs.add(vendoredDir);
    }
  };
  /** A generator or transformer configuration file: the files it names must stay inside too. */
  const checkPluginConfigFile = (configFile: string, entry: PathEntry, kustomization: string, dir: string): void => {
    const index = new YamlIndex(readSmall(configFile));
    index.values().forEach((value) => {
      for (const p of pluginConfigPaths(value)) {
        const guarded = guardPath(root, realRoot, dir, p.value);
        if (!guarded.ok) graph.escapes.push({ kustomization, entry, reason: `${entry.value} names ${guarded.reason.replace(/^"[^"]*" /, JSON.stringify(p.value) + ', which ')}` });
        else if (guarded.exists && !isDirectory(guarded.absolutePath)) graph.files.add(guarded.absolutePath);
      }
    });
  };
  visit(path.resolve(rootDir));
  return graph;
}

/**
 * Where Kustomize 5 finds a chart without pulling it: `<chartHome>/<name>-<version>/<name>` when
 * the entry has both a repo and a version (the layout it pulls into), else `<chartHome>/<name>`.
 * Only inside the repository.
 */
function vendoredChartDir(root: string, realRoot: string, dir: string, chartHome: string, chart: HelmChartRef): string | undefined {
  const chartDir = chart.version && chart.repo ? path.join(chartHome, `${chart.name}-${chart.version}`, chart.name) : path.join(chartHome, chart.name);
  const guarded = guardPath(root, realRoot, dir, path.join(chartDir, 'Chart.yaml'));
  return guarded.ok && guarded.exists ? path.dirname(guarded.absolutePath) : undefined;
}

function insideReal(realRoot: string, file: string): boolean {
  try {
    return isInside(realRoot, realpathSync(file));
  } catch {
    return false;
  }
}

function readSmall(file: string): string {
  try {
    return statSync(file).size > 4 * 1024 * 1024 ? '' : readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
