import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { policiesFromModule, type Policy } from '../policy/index.js';

/*
 * User TypeScript/JavaScript policy modules from directories (`--policy DIR`). This is the
 * server's own small loader until the shared policy-source loader exists; swap it then.
 * Modules are imported with a content hash in the URL, so a changed file is imported afresh
 * on reload and an unchanged one comes from the module cache (each version stays in memory:
 * ES modules cannot be unloaded).
 */

const MODULE_FILE = /\.(m?js|m?ts)$/;
const SKIP_FILE = /\.(test|spec)\.[mc]?[jt]s$|\.d\.[mc]?ts$/;

export function policyFiles(dirs: readonly string[]): string[] {
  const files: string[] = [];
  for (const dir of dirs) {
    const st = statSync(dir); // throws on a missing path: the load fails and is reported
    if (st.isFile()) {
      files.push(path.resolve(dir));
      continue;
    }
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || !MODULE_FILE.test(name) || SKIP_FILE.test(name)) continue;
      const file = path.resolve(dir, name);
      if (statSync(file).isFile()) files.push(file);
    }
  }
  return files;
}

/** Imports every policy module; throws (naming the file) when one cannot be imported or exports no policy. */
export async function loadPolicyDirs(dirs: readonly string[]): Promise<Policy[]> {
  const policies: Policy[] = [];
  for (const file of policyFiles(dirs)) {
    const version = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
    let exports: Record<string, unknown>;
    try {
      exports = await importModule(file, version);
    } catch (err) {
      throw new Error(`${file}: cannot load policy module: ${(err as Error)?.message ?? String(err)}`);
    }
    policies.push(...policiesFromModule(exports, file));
  }
  return policies;
}

async function importModule(file: string, version: string): Promise<Record<string, unknown>> {
  const url = `${pathToFileURL(file).href}?v=${version}`;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (err) {
    // TypeScript policies outside a TS-aware runtime: load them through tsx.
    if ((err as NodeJS.ErrnoException)?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
}
