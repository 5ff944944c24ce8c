import type { Range } from './position.js';

/** Where a resource (or the file it was rendered from) lives. */
export interface SourceRef {
  /** Repository-relative path with forward slashes, or `<stdin>`. */
  file: string;
  /** 0-based index of the YAML document in the file. */
  docIndex: number;
  /** For rendered resources: the source file the resource came from, when the renderer tells. */
  origin?: { file: string; line?: number };
}

/**
 * Maps a JSON pointer into the resource's object to a file-absolute range.
 * Pointers that do not exist resolve to the nearest existing ancestor.
 */
export type Locator = (pointer: string) => Range;

export interface Resource {
  apiVersion: string;
  kind: string;
  /** metadata.name, or `generateName` followed by `*` when only that is set, or '' when neither is. */
  name: string;
  namespace?: string;
  /** The parsed manifest as plain JSON data (objects have a null prototype-safe shape: never inherit from user keys). */
  object: Record<string, unknown>;
  source: SourceRef;
  /** JSON pointer of this resource inside its document ('' for the document itself, '/items/3' for a List item). */
  documentPointer: string;
  locate: Locator;
}

/** The identity of an object in a cluster: what two definitions must share to clash. */
export function resourceKey(r: Pick<Resource, 'apiVersion' | 'kind' | 'name' | 'namespace'>): string {
  const group = r.apiVersion.includes('/') ? r.apiVersion.slice(0, r.apiVersion.indexOf('/')) : '';
  return `${group}|${r.kind}|${r.namespace ?? ''}|${r.name}`;
}

/** A short human label: `Deployment default/web`. */
export function describeResource(r: Pick<Resource, 'kind' | 'name' | 'namespace'>): string {
  return `${r.kind} ${r.namespace ? r.namespace + '/' : ''}${r.name || '<unnamed>'}`;
}

/** The resource fields a finding carries (no object, no locator: findings are serialisable). */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export function toResourceRef(r: Resource): ResourceRef {
  const ref: ResourceRef = { apiVersion: r.apiVersion, kind: r.kind, name: r.name };
  if (r.namespace !== undefined) ref.namespace = r.namespace;
  return ref;
}
