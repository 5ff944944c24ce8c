import { parse as parseYaml } from 'yaml';
import { isRecord } from './pointer-translate.js';
import type { GitOpsObject } from './requests.js';

/** Looks up an object of the run by kind, name and namespace. */
export type ObjectFinder = (kind: string, name: string | undefined, namespace: string | undefined) => GitOpsObject | undefined;

/** A valuesFrom ConfigMap or Secret defined in the repository (others exist only in the cluster). */
export function valuesFromReference(ref: Record<string, unknown>, namespace: string | undefined, findObject: ObjectFinder): Record<string, unknown> | undefined {
  const kind = str(ref['kind']);
  if (kind !== 'ConfigMap' && kind !== 'Secret') return undefined;
  const found = findObject(kind, str(ref['name']), namespace);
  if (!found) return undefined;
  const key = str(ref['valuesKey']) ?? 'values.yaml';
  let text = str(rec(found.object['data'])[key]);
  if (kind === 'Secret') {
    const plain = str(rec(found.object['stringData'])[key]);
    text = plain ?? (text !== undefined ? Buffer.from(text, 'base64').toString('utf8') : undefined);
  }
  if (text === undefined) return undefined;
  let values: unknown;
  try {
    values = parseYaml(text, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  const targetPath = str(ref['targetPath']);
  if (targetPath) return nest(targetPath.split('.'), values);
  return isRecord(values) ? values : undefined;
}

function nest(keys: string[], value: unknown): Record<string, unknown> {
  let out: unknown = value;
  for (let i = keys.length - 1; i >= 0; i--) out = { [keys[i]!]: out };
  return out as Record<string, unknown>;
}

/** Argo CD `helm.values` (a YAML string) and `helm.valuesObject`, in the order Argo CD merges them. */
export function argoInlineValues(helm: Record<string, unknown>): Array<Record<string, unknown>> {
  const inlineValues: Array<Record<string, unknown>> = [];
  if (typeof helm['values'] === 'string') {
    try {
      const v = parseYaml(helm['values'], { maxAliasCount: 100 }) as unknown;
      if (isRecord(v)) inlineValues.push(v);
    } catch {
      // Argo CD fails on this too, with its own message; the render goes on without these values.
    }
  }
  if (isRecord(helm['valuesObject'])) inlineValues.push(helm['valuesObject']);
  // `parameters` are `--set name=value`: they win over values.
  const parameters: Record<string, unknown> = {};
  for (const p of Array.isArray(helm['parameters']) ? helm['parameters'].map(rec) : []) {
    const name = str(p['name']);
    if (!name || typeof p['value'] !== 'string' || !/^[\w-]+(\.[\w-]+)*$/.test(name)) continue;
    // Names come from the repository: never let one reach an object's prototype.
    if (name.split('.').some((k) => k === '__proto__' || k === 'constructor' || k === 'prototype')) continue;
    setPath(parameters, name.split('.'), p['forceString'] === true ? p['value'] : setValue(p['value']));
  }
  if (Object.keys(parameters).length > 0) inlineValues.push(parameters);
  return inlineValues;
}

/** How `--set` reads a value: booleans, null and integers are typed, the rest is a string. */
function setValue(value: string): unknown {
  if (value === 'true' || value === 'false') return value === 'true';
  if (value === 'null') return null;
  if (/^-?(0|[1-9]\d{0,15})$/.test(value)) return Number(value);
  return value;
}

function setPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  keys.slice(0, -1).forEach((k) => {
    if (!Object.prototype.hasOwnProperty.call(node, k) || !isRecord(node[k])) Object.defineProperty(node, k, { value: {}, enumerable: true, writable: true, configurable: true });
    node = node[k] as Record<string, unknown>;
  });
  Object.defineProperty(node, keys[keys.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function rec(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}
