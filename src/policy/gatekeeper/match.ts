import { builtInNamespaced } from '../../schema/apiserver/index.js';
import { asArray, asRecord, asString, groupOf, labelsOf, stringList } from './objects.js';

/** What `match` is judged against: the object and the labels of its Namespace (when known). */
export interface MatchTarget {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  object: Record<string, unknown>;
  /** Labels of the object's Namespace object in the run; undefined when the run has none. */
  namespaceLabels?: Record<string, string>;
}

/** `prefix*`, `*suffix` and `*infix*` globs, as Gatekeeper's wildcard fields allow. */
export function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const starts = pattern.startsWith('*');
  const ends = pattern.endsWith('*') && pattern.length > 1;
  const core = pattern.slice(starts ? 1 : 0, ends ? -1 : undefined);
  if (starts && ends) return value.includes(core);
  if (starts) return value.endsWith(core);
  if (ends) return value.startsWith(core);
  return value === pattern;
}

/** A Kubernetes label selector (matchLabels + matchExpressions); an invalid one matches nothing. */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  const sel = asRecord(selector);
  if (!sel) return true;
  const ml = asRecord(sel['matchLabels']);
  if (ml) for (const [k, v] of Object.entries(ml)) if (labels[k] !== String(v)) return false;
  for (const e of asArray(sel['matchExpressions'])) {
    const ex = asRecord(e);
    const key = asString(ex?.['key']);
    if (!ex || key === undefined) return false;
    const values = stringList(ex['values']);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (ex['operator']) {
      case 'In':
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function kindsMatch(kinds: unknown, apiVersion: string, kind: string): boolean {
  const list = asArray(kinds);
  if (!Array.isArray(kinds) || list.length === 0) return true;
  const group = groupOf(apiVersion);
  return list.some((entry) => {
    const e = asRecord(entry);
    if (!e) return false;
    const groups = stringList(e['apiGroups']);
    const ks = stringList(e['kinds']);
    const groupOk = groups.length === 0 || groups.includes('*') || groups.includes(group);
    const kindOk = ks.length === 0 || ks.includes('*') || ks.includes(kind);
    return groupOk && kindOk;
  });
}

/**
 * The namespace `namespaces`/`excludedNamespaces`/`namespaceSelector` judge: the object's
 * namespace, or its own name for a Namespace. Undefined for other cluster-scoped objects
 * (and for namespaced manifests that leave the namespace to the deployer), which these
 * fields do not restrict.
 */
function effectiveNamespace(t: MatchTarget): string | undefined {
  if (t.kind === 'Namespace' && groupOf(t.apiVersion) === '') return t.name;
  return t.namespace || undefined;
}

/** True when a constraint's `spec.match` selects the target. */
export function constraintMatches(match: unknown, t: MatchTarget): boolean {
  const m = asRecord(match);
  if (!m) return true;
  if (!kindsMatch(m['kinds'], t.apiVersion, t.kind)) return false;
  const scope = asString(m['scope']) ?? '*';
  // A manifest may leave its namespace to the deployer: only known cluster-scoped kinds count as Cluster.
  const namespaced = Boolean(t.namespace) || builtInNamespaced(groupOf(t.apiVersion), t.kind) !== false;
  if (scope === 'Namespaced' && !namespaced) return false;
  if (scope === 'Cluster' && namespaced) return false;
  const ns = effectiveNamespace(t);
  if (ns !== undefined) {
    if (Array.isArray(m['namespaces']) && !stringList(m['namespaces']).some((p) => globMatch(p, ns))) return false;
    if (stringList(m['excludedNamespaces']).some((p) => globMatch(p, ns))) return false;
    if (m['namespaceSelector'] !== undefined) {
      const labels = t.kind === 'Namespace' && groupOf(t.apiVersion) === '' ? labelsOf(t.object) : (t.namespaceLabels ?? {});
      if (!selectorMatches(m['namespaceSelector'], labels)) return false;
    }
  }
  if (m['labelSelector'] !== undefined && !selectorMatches(m['labelSelector'], labelsOf(t.object))) return false;
  const name = asString(m['name']);
  if (name !== undefined && name !== '' && !globMatch(name, t.name)) return false;
  return true;
}
