import type { Resource } from '../../model/index.js';
import { asRecord as record, groupOf, labelsOf, selectorMatches, stringList as strings, versionOf } from '../gatekeeper/index.js';

/*
 * `matchConstraints` of a ValidatingAdmissionPolicy and `matchResources` of its binding:
 * resource rules (API group, version, plural resource name, operation, scope), exclusions,
 * and the namespace and object label selectors. A manifest is judged as a CREATE.
 */

export interface VapTarget {
  resource: Resource;
  /** Plural resource name (`deployments`), as resource rules name kinds. */
  plural: string;
  namespaced: boolean;
  /** Labels of the object's Namespace in the run (empty when the run has none). */
  namespaceLabels: Record<string, string>;
}

export { groupOf, labelsOf };

const IRREGULAR_PLURALS: Record<string, string> = { Endpoints: 'endpoints', PodMetrics: 'pods', NodeMetrics: 'nodes' };

/** The plural resource name of a kind: a CRD of the run says it; otherwise English rules, as Kubernetes' kinds follow them. */
export function pluralOf(kind: string, crdPlurals: ReadonlyMap<string, string>, group: string): string {
  const fromCrd = crdPlurals.get(`${group}/${kind}`);
  if (fromCrd) return fromCrd;
  const irregular = IRREGULAR_PLURALS[kind];
  if (irregular) return irregular;
  const lower = kind.toLowerCase();
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

function ruleMatches(rule: unknown, t: VapTarget): boolean {
  const r = record(rule);
  if (!r) return false;
  const any = (list: string[], value: string) => list.includes('*') || list.includes(value);
  const operations = strings(r['operations']);
  if (operations.length && !any(operations, 'CREATE')) return false;
  if (!any(strings(r['apiGroups']), groupOf(t.resource.apiVersion))) return false;
  if (!any(strings(r['apiVersions']), versionOf(t.resource.apiVersion))) return false;
  // `deployments`, `*`, or `*/*`; subresources (`pods/status`) are not manifests.
  const resources = strings(r['resources']);
  if (!resources.some((x) => x === '*' || x === '*/*' || x === t.plural)) return false;
  const scope = typeof r['scope'] === 'string' ? r['scope'] : '*';
  if (scope === 'Namespaced' && !t.namespaced) return false;
  if (scope === 'Cluster' && t.namespaced) return false;
  return true;
}

/**
 * A `matchConstraints` / `matchResources` block. `requireRules`: a policy's own constraints must
 * name resources; a binding's may leave them to the policy.
 */
export function resourcesMatch(match: unknown, t: VapTarget, requireRules: boolean): boolean {
  const m = record(match);
  if (!m) return !requireRules;
  const rules = Array.isArray(m['resourceRules']) ? m['resourceRules'] : undefined;
  if (rules ? !rules.some((r) => ruleMatches(r, t)) : requireRules) return false;
  if (Array.isArray(m['excludeResourceRules']) && m['excludeResourceRules'].some((r) => ruleMatches(r, t))) return false;
  // Cluster-scoped objects are not subject to namespaceSelector (a Namespace is, by its own labels).
  const isNamespace = t.resource.kind === 'Namespace' && groupOf(t.resource.apiVersion) === '';
  if (m['namespaceSelector'] !== undefined && (t.namespaced || isNamespace)) {
    const labels = isNamespace ? labelsOf(t.resource.object) : t.namespaceLabels;
    if (!selectorMatches(m['namespaceSelector'], labels)) return false;
  }
  if (m['objectSelector'] !== undefined && !selectorMatches(m['objectSelector'], labelsOf(t.resource.object))) return false;
  return true;
}
