import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadInputs } from '../../../src/load/index.js';
import type { Resource } from '../../../src/model/index.js';

/** A temporary repository with the given files (paths relative to its root). */
export function repo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'syncgate-rego-'));
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return root;
}

/** Resources of the manifests under `dir` (relative to root), loaded by the real loader. */
export async function resourcesOf(root: string, dir = 'manifests'): Promise<Resource[]> {
  const loaded = await loadInputs({ root, inputs: [path.join(root, dir)], gitignore: false });
  return loaded.resources;
}
