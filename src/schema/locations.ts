/**
 * kubeconform-style schema locations, local paths only:
 * - `default`: the bundled Kubernetes schemas, at that place in the lookup order;
 * - a directory holding `<kind>-<group>-<version>.json` / `<kind>-<version>.json` (kubeconform's
 *   openapi2jsonschema layout; `<group>` is the first label of the API group, as kubeconform names
 *   them, or the full group), `<group>/<kind>_<version>.json` (the CRDs-catalog layout),
 *   `<kind>_<version>.json` (openapi2jsonschema.py's default) or `<kind>.json`; kind lowercased;
 * - a path template using {{ .ResourceKind }} {{ .ResourceAPIVersion }} {{ .Group }} {{ .KindSuffix }}
 *   {{ .NormalizedKubernetesVersion }} {{ .StrictSuffix }} with kubeconform's meanings; `.json` is appended
 *   when the result does not end in `json`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SchemaNode } from './engine.js';

export type Location = { type: 'default' } | { type: 'dir'; path: string } | { type: 'template'; template: string };

const TEMPLATE_VARS = new Set(['ResourceKind', 'ResourceAPIVersion', 'Group', 'KindSuffix', 'NormalizedKubernetesVersion', 'StrictSuffix']);
const TEMPLATE_VAR = /\{\{-?\s*\.(\w+)\s*-?\}\}/g;

/** Parses the configured locations; throws an Error a user can act on for unusable ones. */
export function parseLocations(locations: readonly string[], cwd: string = process.cwd()): Location[] {
  return locations.map((raw) => {
    const loc = raw.trim();
    if (loc === 'default') return { type: 'default' };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(loc) && !loc.startsWith('file://')) {
      throw new Error(`schema location ${JSON.stringify(raw)}: only local paths are supported; download the schemas and pass their folder or a path template`);
    }
    const path = loc.startsWith('file://') ? fileURLToPath(loc) : loc;
    if (path.includes('{{')) {
      for (const m of path.matchAll(TEMPLATE_VAR)) {
        if (!TEMPLATE_VARS.has(m[1]!)) {
          throw new Error(`schema location ${JSON.stringify(raw)}: unknown template variable .${m[1]} (known: ${[...TEMPLATE_VARS].map((v) => '.' + v).join(', ')})`);
        }
      }
      return { type: 'template', template: isAbsolute(path) ? path : resolve(cwd, path) };
    }
    const abs = resolve(cwd, path);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      throw new Error(`schema location ${JSON.stringify(raw)} does not exist`);
    }
    if (!isDir) return { type: 'template', template: abs };
    return { type: 'dir', path: abs };
  });
}

/** kubeconform's template data for one resource. */
export function templateData(apiVersion: string, kind: string, kubernetesVersion: string, strict: boolean): Record<string, string> {
  const parts = apiVersion.split('/');
  const firstLabel = parts[0]!.split('.')[0]!.toLowerCase();
  return {
    ResourceKind: kind.toLowerCase(),
    ResourceAPIVersion: parts[parts.length - 1]!,
    Group: parts[0]!,
    KindSuffix: `-${firstLabel}${parts.length > 1 ? '-' + parts[1]!.toLowerCase() : ''}`,
    NormalizedKubernetesVersion: `v${kubernetesVersion}.0`,
    StrictSuffix: strict ? '-strict' : '',
  };
}

function render(template: string, data: Record<string, string>): string {
  let out = template.replace(TEMPLATE_VAR, (_, name: string) => data[name] ?? '');
  if (!out.endsWith('json')) out += '.json';
  return out;
}

/** Candidate files for a resource in one location, in the order they are tried. */
export function candidates(location: Exclude<Location, { type: 'default' }>, apiVersion: string, kind: string, kubernetesVersion: string, strict: boolean): string[] {
  const data = templateData(apiVersion, kind, kubernetesVersion, strict);
  if (location.type === 'template') return [render(location.template, data)];
  const k = data.ResourceKind!;
  const v = data.ResourceAPIVersion!;
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const names = [`${k}${data.KindSuffix}.json`];
  if (group.includes('.')) names.push(`${k}-${group.toLowerCase()}-${v}.json`);
  if (group) names.push(join(group, `${k}_${v}.json`));
  names.push(`${k}_${v}.json`, `${k}.json`);
  // Never leave the location folder (a kind or group containing "..").
  return names.filter((n) => !n.split(/[\\/]/).includes('..')).map((n) => join(location.path, n));
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Reads a JSON schema file. Throws an Error with the reason when it is not usable. */
export function readSchemaFile(path: string): SchemaNode {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read schema ${path}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`schema ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'boolean' && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) {
    throw new Error(`schema ${path} is not a JSON schema (expected an object)`);
  }
  return parsed as SchemaNode;
}

/** Loader for `$ref`s from a location schema to other local files (kubeconform's `-local` flavour). */
export function loadReferencedFile(uri: string): SchemaNode | undefined {
  if (!uri.startsWith('file:')) return undefined;
  const path = fileURLToPath(uri);
  if (!existsSync(path)) return undefined;
  return readSchemaFile(path);
}
