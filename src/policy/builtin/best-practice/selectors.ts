import type { Resource } from '../../../model/index.js';
import { podTemplateOf, type ResourceIndex } from '../../ts/index.js';
import { isObj, list, obj, type Obj } from './pod.js';

/** Namespace key used to compare resources of one run (unset namespaces compare equal to each other). */
export function namespaceKey(namespace: string | undefined): string {
  return namespace ?? '';
}

export function describeNamespace(namespace: string | undefined): string {
  return namespace === undefined ? 'the same (unset) namespace' : `namespace ${JSON.stringify(namespace)}`;
}

/** A `matchLabels` map (Service selectors have that shape) matches labels. */
export function matchLabels(selector: Obj, labels: Obj): boolean {
  return Object.entries(selector).every(([k, v]) => Object.prototype.hasOwnProperty.call(labels, k) && String(labels[k]) === String(v));
}

/** A LabelSelector (`matchLabels` and `matchExpressions`) matches labels. An empty selector matches everything. */
export function labelSelectorMatches(selector: Obj, labels: Obj): boolean {
  if (!matchLabels(obj(selector['matchLabels']) ?? {}, labels)) return false;
  for (const e of list(selector['matchExpressions'])) {
    if (!isObj(e) || typeof e['key'] !== 'string') return false;
    const has = Object.prototype.hasOwnProperty.call(labels, e['key']);
    const value = has ? String(labels[e['key']]) : undefined;
    const values = list(e['values']).map(String);
    switch (e['operator']) {
      case 'In': if (value === undefined || !values.includes(value)) return false; break;
      case 'NotIn': if (value !== undefined && values.includes(value)) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** Every resource of the run that carries a pod template, with its pod labels. */
export function workloadsOf(index: ResourceIndex): readonly Workload[] {
  let out = cache.get(index);
  if (!out) {
    out = [];
    for (const r of index.all) {
      const t = podTemplateOf(r);
      if (t) out.push({ resource: r, labels: obj(t.metadata['labels']) ?? {} });
    }
    cache.set(index, out);
  }
  return out;
}

export interface Workload {
  resource: Resource;
  labels: Obj;
}

/** One list per run: every cross-resource check asks for it for every resource. */
const cache = new WeakMap<ResourceIndex, Workload[]>();

/** The workloads of the run in the namespace of `resource`. */
export function workloadsInNamespace(index: ResourceIndex, namespace: string | undefined): readonly Workload[] {
  let byNamespace = namespaceCache.get(index);
  if (!byNamespace) {
    byNamespace = new Map();
    for (const w of workloadsOf(index)) {
      const key = namespaceKey(w.resource.namespace);
      let list = byNamespace.get(key);
      if (!list) byNamespace.set(key, (list = []));
      list.push(w);
    }
    namespaceCache.set(index, byNamespace);
  }
  return byNamespace.get(namespaceKey(namespace)) ?? [];
}

const namespaceCache = new WeakMap<ResourceIndex, Map<string, Workload[]>>();
