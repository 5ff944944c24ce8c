import { statSync } from 'node:fs';
import path from 'node:path';
import { kustomizationIn, looksRemote, readKustomization, type KustomizationFile, type PathEntry } from './kustomization-file.js';
import { guardPath } from './path-guard.js';

export interface EntryProblem {
  /** Absolute path of the kustomization that names the entry. */
  kustomization: string;
  entry: PathEntry;
  reason: string;
}

/** Everything a Kustomize build from one directory would read, found before running it. */
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
}

/** Parses kustomization files once per run. */
export class KustomizationCache {
  private readonly files = new Map<string, KustomizationFile>();
  get(absolutePath: string): KustomizationFile {
    let k = this.files.get(absolutePath);
    if (!k) {
      k = readKustomization(absolutePath);
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
  const graph: KustomizeGraph = { rootDir, kustomizations: [], files: new Set(), includedDirs: new Set(), escapes: [], remotes: [] };
  const visited = new Set<string>();
  const visit = (dir: string): void => {
    if (visited.has(dir) || visited.size > 5000) return;
    visited.add(dir);
    const file = kustomizationIn(dir);
    if (!file) return;
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
      }
    }
  };
  visit(path.resolve(rootDir));
  return graph;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
