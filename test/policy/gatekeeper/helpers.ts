import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadInputs } from '../../../src/load/index.js';
import type { Resource } from '../../../src/model/index.js';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/gatekeeper');

/** Resources of files (relative to the repository root) through the real loader. */
export async function load(...inputs: string[]): Promise<Resource[]> {
  const r = await loadInputs({ root: ROOT, inputs: inputs.map((i) => path.join(ROOT, i)), gitignore: false });
  return r.resources;
}

/** A temporary repository with the given files; returns its root. */
export function tempRepo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'syncgate-gk-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

export async function loadFrom(root: string, ...inputs: string[]): Promise<Resource[]> {
  const r = await loadInputs({ root, inputs: inputs.map((i) => path.join(root, i)), gitignore: false });
  return r.resources;
}
