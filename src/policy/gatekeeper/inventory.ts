import type { Resource } from '../../model/index.js';
import { isGatekeeperObject, labelsOf } from './objects.js';

type Tree = Record<string, unknown>;

function child(parent: Tree, key: string): Tree {
  let c = parent[key] as Tree | undefined;
  if (!c) {
    c = Object.create(null) as Tree;
    parent[key] = c;
  }
  return c;
}

/**
 * `data.inventory` as Gatekeeper's sync replicates it: cluster-scoped objects under
 * `cluster[apiVersion][kind][name]`, namespaced ones under
 * `namespace[ns][apiVersion][kind][name]`. Templates and constraints are left out.
 */
export function buildInventory(resources: readonly Resource[]): Tree {
  const inventory = Object.create(null) as Tree;
  const cluster = child(inventory, 'cluster');
  const namespace = child(inventory, 'namespace');
  for (const r of resources) {
    if (isGatekeeperObject(r) || !r.name) continue;
    const base = r.namespace ? child(namespace, r.namespace) : cluster;
    const byKind = child(child(base, r.apiVersion), r.kind);
    if (!(r.name in byKind)) byKind[r.name] = r.object;
  }
  return inventory;
}

/** Labels of every Namespace object, by name (for `namespaceSelector`). */
export function namespaceLabels(resources: readonly Resource[]): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const r of resources) if (r.kind === 'Namespace' && r.apiVersion === 'v1' && r.name && !out.has(r.name)) out.set(r.name, labelsOf(r.object));
  return out;
}
