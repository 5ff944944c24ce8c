import { resourceKey, type Resource } from '../../model/index.js';
import type { ResourceIndex } from './types.js';

/** Indexes the resources of a run by kind and by identity. Built once per run. */
export function createResourceIndex(resources: readonly Resource[]): ResourceIndex {
  const byKind = new Map<string, Resource[]>();
  const byName = new Map<string, Resource>();
  for (const r of resources) {
    let list = byKind.get(r.kind);
    if (!list) byKind.set(r.kind, (list = []));
    list.push(r);
    const key = nameKey(r.kind, r.namespace, r.name);
    if (!byName.has(key)) byName.set(key, r);
  }
  const all = Object.freeze([...resources]);
  // Cross-resource checks ask "which X are in this namespace" for every workload: answer from an index.
  const byNamespace = new Map<string, Resource[]>();
  for (const r of resources) {
    const key = `${r.kind}\0${r.namespace ?? ''}`;
    let list = byNamespace.get(key);
    if (!list) byNamespace.set(key, (list = []));
    list.push(r);
  }
  return {
    all,
    byKind: (kind) => byKind.get(kind) ?? [],
    get: (kind, namespace, name) => byName.get(nameKey(kind, namespace, name)),
    inNamespace: (kind, namespace) => byNamespace.get(`${kind}\0${namespace ?? ''}`) ?? [],
  };
}

function nameKey(kind: string, namespace: string | undefined, name: string): string {
  // Group-less on purpose: policies look objects up by kind, namespace and name.
  return resourceKey({ apiVersion: 'v1', kind, namespace, name });
}
