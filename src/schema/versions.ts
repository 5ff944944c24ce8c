/** The bundled Kubernetes schemas in schemas/v1.NN/ (see schemas/README.md). */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SchemaNode } from './engine.js';

/** schemas/ sits two levels above this module both in src/schema/ and in dist/schema/. */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

export interface KindEntry {
  /** Name of the definition under `$defs`. */
  definition: string;
  namespaced: boolean;
}

export interface Bundle {
  /** `1.36` */
  version: string;
  /** `$id` of definitions.json: `$ref` target prefix. */
  uri: string;
  root: SchemaNode & Record<string, unknown>;
  /** `apps/v1/Deployment` -> entry */
  kinds: Map<string, KindEntry>;
  generatedFrom: Record<string, string>;
}

function minor(v: string): number {
  return Number(v.split('.')[1]);
}

/** Kubernetes minor versions with bundled schemas, newest first (`['1.36', '1.34', ...]`). */
export function availableKubernetesVersions(dir: string = SCHEMAS_DIR): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries
    .filter((e) => /^v1\.\d+$/.test(e) && existsSync(join(dir, e, 'index.json')) && existsSync(join(dir, e, 'definitions.json')))
    .map((e) => e.slice(1))
    .sort((a, b) => minor(b) - minor(a));
}

/**
 * `1.33`, `v1.33`, `1.33.4`, `v1.33.0` -> `1.33`; undefined -> the newest bundled version.
 * Throws an Error naming the available versions when there is no bundle for it.
 */
export function resolveKubernetesVersion(requested: string | undefined, dir: string = SCHEMAS_DIR): string {
  const available = availableKubernetesVersions(dir);
  if (available.length === 0) throw new Error(`no bundled Kubernetes schemas found in ${dir} (run \`npm run schemas\`)`);
  if (requested === undefined || requested === '' || requested === 'latest' || requested === 'master') return available[0]!;
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(requested.trim());
  const version = m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
  if (!version || !available.includes(version)) {
    throw new Error(
      `no schemas for Kubernetes version ${JSON.stringify(requested)}; available: ${available.join(', ')} ` +
        '(give a minor version such as 1.33, or point --schema-location at schemas for other versions)',
    );
  }
  return version;
}

const bundles = new Map<string, Bundle>();

/** Reads (once per process) the bundle of a version returned by resolveKubernetesVersion. */
export function loadBundle(version: string, dir: string = SCHEMAS_DIR): Bundle {
  const key = `${dir}\0${version}`;
  let bundle = bundles.get(key);
  if (bundle) return bundle;
  const base = join(dir, `v${version}`);
  const root = JSON.parse(readFileSync(join(base, 'definitions.json'), 'utf8')) as Bundle['root'];
  const index = JSON.parse(readFileSync(join(base, 'index.json'), 'utf8')) as { kinds: Record<string, KindEntry>; generatedFrom: Record<string, string> };
  bundle = {
    version,
    uri: String(root.$id),
    root,
    kinds: new Map(Object.entries(index.kinds)),
    generatedFrom: index.generatedFrom,
  };
  bundles.set(key, bundle);
  return bundle;
}
