import type { Finding, Resource } from '../../model/index.js';
import { apiGroupOf } from './api-group.js';
import { resourceFinding } from './finding.js';
import { isRecord, valueAt } from './json-access.js';
import { RULE_DUPLICATE_OBJECT } from './rules.js';
import { builtInNamespaced, canonicalGroup } from './scope.js';

/** Answers whether `group`/`kind` is namespaced (`true`), cluster-scoped (`false`), or unknown (`undefined`). */
export type NamespacedKinds = (group: string, kind: string) => boolean | undefined;

export interface DuplicateOptions {
  /** The namespace of namespaced objects that name none (what `kubectl apply` would use). Default `default`. */
  defaultNamespace?: string;
  /**
   * Resources in different partitions never clash. A repository holding several clusters
   * (`clusters/production`, `clusters/staging`) defines the same objects once per cluster on
   * purpose: partition by cluster (or by whatever is applied together). Default: one partition.
   */
  partitionOf?: (resource: Resource) => string | undefined;
}

export interface DefinitionLocation {
  file: string;
  line: number;
  column: number;
}

interface Definition {
  resource: Resource;
  order: number;
  namespace?: string;
  name: string;
}

/**
 * Finds objects defined more than once in one run: same API group (not version), kind, namespace
 * and name. The second and later definitions each get a finding naming the first; every finding
 * lists where all the other definitions are. Objects with only generateName never clash.
 *
 * Scope comes from `namespacedKinds` first, then from CustomResourceDefinitions in `resources`,
 * then from a built-in list; unknown kinds count as namespaced.
 */
export function findDuplicateObjects(resources: Resource[], namespacedKinds?: NamespacedKinds, options: DuplicateOptions = {}): Finding[] {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const crdScopes = scopesFromCrds(resources);
  const isNamespaced = (group: string, kind: string): boolean =>
    safeCall(namespacedKinds, group, kind) ?? crdScopes.get(`${group}/${kind}`) ?? builtInNamespaced(group, kind) ?? true;

  const groups = new Map<string, Definition[]>();
  for (const definition of definitionsInStableOrder(resources)) {
    const { resource } = definition;
    const group = canonicalGroup(apiGroupOf(resource.apiVersion), resource.kind);
    const namespaced = isNamespaced(group, resource.kind);
    if (namespaced) definition.namespace = namespaceOf(resource) ?? defaultNamespace;
    const partition = safePartition(options.partitionOf, resource);
    const key = JSON.stringify([partition, group, resource.kind, definition.namespace ?? '', definition.name]);
    const list = groups.get(key);
    if (list) list.push(definition);
    else groups.set(key, [definition]);
  }

  const findings: Finding[] = [];
  for (const definitions of groups.values()) {
    if (definitions.length < 2) continue;
    const locations = definitions.map((d) => locationOf(d.resource));
    const first = locations[0]!;
    const firstDefinition = definitions[0]!;
    definitions.forEach((definition, index) => {
      if (index === 0) return;
      const { resource } = definition;
      const who = `${resource.kind} ${definition.namespace ? definition.namespace + '/' : ''}${definition.name}`;
      const times = definitions.length > 2 ? ` (${definitions.length} definitions in total)` : '';
      const sameApi = firstDefinition.resource.apiVersion === resource.apiVersion ? '' : ` as ${firstDefinition.resource.apiVersion}`;
      const identical = deepEqual(firstDefinition.resource.object, resource.object);
      const conflict = identical ? ' (an identical copy)' : ' (with different content: whichever is applied last wins)';
      findings.push(
        resourceFinding(resource, {
          ruleId: RULE_DUPLICATE_OBJECT,
          severity: 'high',
          message: `${who} is defined more than once: first defined${sameApi} at ${first.file}:${first.line}${times}${conflict}`,
          pointer: '/metadata/name',
          properties: { otherLocations: locations.filter((_, i) => i !== index), identicalToFirst: identical },
        }),
      );
    });
  }
  return findings;
}

/** Definitions with a real name, ordered by file and document so that "first" does not depend on load order. */
function definitionsInStableOrder(resources: Resource[]): Definition[] {
  const definitions: Definition[] = [];
  resources.forEach((resource, order) => {
    if (typeof resource.apiVersion !== 'string' || typeof resource.kind !== 'string') return;
    const name = metadataString(resource, 'name');
    if (name === undefined) return;
    definitions.push({ resource, order, name });
  });
  return definitions.sort((a, b) => {
    const fa = a.resource.source.file;
    const fb = b.resource.source.file;
    if (fa !== fb) return fa < fb ? -1 : 1;
    if (a.resource.source.docIndex !== b.resource.source.docIndex) return a.resource.source.docIndex - b.resource.source.docIndex;
    return a.order - b.order;
  });
}

function namespaceOf(resource: Resource): string | undefined {
  if (typeof resource.namespace === 'string' && resource.namespace !== '') return resource.namespace;
  return metadataString(resource, 'namespace');
}

function metadataString(resource: Resource, field: string): string | undefined {
  const value = valueAt(resource.object, ['metadata', field]);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function locationOf(resource: Resource): DefinitionLocation {
  const range = resource.locate('');
  return { file: resource.source.file, line: range.startLine, column: range.startColumn };
}

/** `group/Kind` → namespaced, from the CustomResourceDefinitions defined in the same run. */
function scopesFromCrds(resources: Resource[]): Map<string, boolean> {
  const scopes = new Map<string, boolean>();
  for (const resource of resources) {
    if (resource.kind !== 'CustomResourceDefinition' || apiGroupOf(String(resource.apiVersion)) !== 'apiextensions.k8s.io') continue;
    const spec = valueAt(resource.object, ['spec']);
    if (!isRecord(spec)) continue;
    const group = valueAt(spec, ['group']);
    const scope = valueAt(spec, ['scope']);
    const kind = valueAt(spec, ['names', 'kind']);
    if (typeof group !== 'string' || typeof kind !== 'string') continue;
    if (scope === 'Cluster') scopes.set(`${group}/${kind}`, false);
    else if (scope === 'Namespaced') scopes.set(`${group}/${kind}`, true);
  }
  return scopes;
}

/** A throwing or misbehaving callback must not take the whole check down: treat it as "unknown". */
function safeCall(callback: NamespacedKinds | undefined, group: string, kind: string): boolean | undefined {
  if (!callback) return undefined;
  try {
    const answer = callback(group, kind);
    return typeof answer === 'boolean' ? answer : undefined;
  } catch {
    return undefined;
  }
}

function safePartition(partitionOf: DuplicateOptions['partitionOf'], resource: Resource): string {
  if (!partitionOf) return '';
  try {
    const partition = partitionOf(resource);
    return typeof partition === 'string' ? partition : '';
  } catch {
    return '';
  }
}

/** Structural equality of parsed JSON values (key order ignored). Iterative, so deep documents cannot overflow the stack. */
function deepEqual(a: unknown, b: unknown): boolean {
  const pending: Array<[unknown, unknown]> = [[a, b]];
  while (pending.length > 0) {
    const [x, y] = pending.pop()!;
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      x.forEach((item, i) => pending.push([item, y[i]]));
      continue;
    }
    const xKeys = Object.keys(x);
    if (xKeys.length !== Object.keys(y).length) return false;
    for (const key of xKeys) {
      if (!Object.prototype.hasOwnProperty.call(y, key)) return false;
      pending.push([(x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]]);
    }
  }
  return true;
}
