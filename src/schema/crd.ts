/** CustomResourceDefinitions found in the run: which custom kinds they define and with which schema. */
import type { Resource } from '../model/index.js';
import type { ClosingMode, SchemaNode } from './engine.js';
import { gvkKey } from './kinds.js';

export interface CrdVersion {
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  /** `metadata.name` of the CRD, e.g. `helmreleases.helm.toolkit.fluxcd.io`. */
  crdName: string;
  /** Where the CRD was defined (for messages). */
  source: string;
  /** The openAPIV3Schema, or undefined when the CRD gives none (everything preserved). */
  schema: Record<string, unknown> | undefined;
  /** spec.preserveUnknownFields (v1beta1 defaults to true): nothing is pruned in this CRD. */
  preserveUnknownFields: boolean;
}

export interface CrdRegistry {
  /** `group/version/Kind` -> version definition (first definition wins). */
  byGvk: Map<string, CrdVersion>;
  /** `group/Kind` -> `{crdName, served versions}`, to explain a version that is not served. */
  byGroupKind: Map<string, { crdName: string; versions: string[] }>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function schemaOf(container: unknown): Record<string, unknown> | undefined {
  if (!isObject(container)) return undefined;
  const s = container.openAPIV3Schema;
  return isObject(s) ? s : undefined;
}

/** Registers every apiextensions.k8s.io CustomResourceDefinition (v1, and v1beta1's spec.validation). */
export function registerCrds(resources: Iterable<Resource>): CrdRegistry {
  const registry: CrdRegistry = { byGvk: new Map(), byGroupKind: new Map() };
  for (const r of resources) {
    if (r.kind !== 'CustomResourceDefinition' || !r.apiVersion.startsWith('apiextensions.k8s.io/')) continue;
    const spec = r.object.spec;
    if (!isObject(spec)) continue;
    const group = spec.group;
    const names = spec.names;
    if (typeof group !== 'string' || group === '' || !isObject(names) || typeof names.kind !== 'string' || names.kind === '') continue;
    const kind = names.kind;
    const namespaced = spec.scope !== 'Cluster';
    const beta = r.apiVersion === 'apiextensions.k8s.io/v1beta1';
    const preserveUnknownFields = spec.preserveUnknownFields === true || (beta && spec.preserveUnknownFields !== false);
    const crdName = r.name || `${String(names.plural ?? kind.toLowerCase())}.${group}`;
    const source = `${r.source.file}${crdName ? ` (CRD ${crdName})` : ''}`;
    const globalSchema = schemaOf(spec.validation);
    const versions: Array<{ name: string; served: boolean; schema: Record<string, unknown> | undefined }> = [];
    if (Array.isArray(spec.versions) && spec.versions.length > 0) {
      for (const v of spec.versions) {
        if (!isObject(v) || typeof v.name !== 'string') continue;
        versions.push({ name: v.name, served: v.served !== false, schema: schemaOf(v.schema) ?? globalSchema });
      }
    } else if (typeof spec.version === 'string') {
      versions.push({ name: spec.version, served: true, schema: globalSchema });
    }
    const gk = `${group}/${kind}`;
    const served = versions.filter((v) => v.served).map((v) => v.name);
    if (!registry.byGroupKind.has(gk)) registry.byGroupKind.set(gk, { crdName, versions: served });
    for (const v of versions) {
      if (!v.served) continue;
      const key = gvkKey(`${group}/${v.name}`, kind);
      if (registry.byGvk.has(key)) continue;
      registry.byGvk.set(key, { group, version: v.name, kind, namespaced, crdName, source, schema: v.schema, preserveUnknownFields });
    }
  }
  return registry;
}

/** The document URI under which a CRD version's schema is compiled. */
export function crdDocumentUri(v: CrdVersion): string {
  return `https://crd.syncgate.invalid/${encodeURIComponent(v.group)}/${encodeURIComponent(v.version)}/${encodeURIComponent(v.kind)}.json`;
}

/**
 * The schema a custom resource is validated with: the CRD's openAPIV3Schema with the root fields the API
 * server implies (apiVersion and kind strings, metadata validated as ObjectMeta), and the closing mode:
 * structural pruning (`kubernetes`) unless the CRD preserves unknown fields altogether.
 */
export function crdEngineSchema(v: CrdVersion, objectMetaRef: string | undefined): { root: SchemaNode; closing: ClosingMode } {
  const root: Record<string, unknown> = v.schema ? { ...v.schema } : { 'x-kubernetes-preserve-unknown-fields': true };
  root.type = 'object';
  const properties: Record<string, unknown> = isObject(root.properties) ? { ...root.properties } : {};
  properties.apiVersion = { type: 'string' };
  properties.kind = { type: 'string' };
  // metadata is always ObjectMeta; a CRD may only add constraints on name and generateName.
  const metadata: Record<string, unknown> = { type: 'object' };
  if (objectMetaRef) metadata.$ref = objectMetaRef;
  const own = isObject(properties.metadata) && isObject(properties.metadata.properties) ? properties.metadata.properties : {};
  const nameRules = Object.fromEntries(Object.entries(own).filter(([k, v]) => (k === 'name' || k === 'generateName') && isObject(v)));
  if (Object.keys(nameRules).length) metadata.properties = nameRules;
  properties.metadata = metadata;
  root.properties = properties;
  return { root, closing: v.preserveUnknownFields ? 'explicit' : 'kubernetes' };
}
