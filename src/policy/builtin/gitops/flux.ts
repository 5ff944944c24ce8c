import type { Resource } from '../../../model/index.js';
import type { ResourceIndex } from '../../ts/index.js';

export type Obj = Record<string, unknown>;

export function obj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function group(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** A Flux Kustomization (not a kustomize.config.k8s.io kustomization file). */
export function isFluxKustomization(r: Resource): boolean {
  return r.kind === 'Kustomization' && group(r.apiVersion) === 'kustomize.toolkit.fluxcd.io';
}

export function isHelmRelease(r: Resource): boolean {
  return r.kind === 'HelmRelease' && group(r.apiVersion) === 'helm.toolkit.fluxcd.io';
}

export function isFluxSourceGroup(r: Resource): boolean {
  return group(r.apiVersion) === 'source.toolkit.fluxcd.io';
}

/** Source kinds a Flux object can reference. ExternalArtifacts are also produced by ArtifactGenerators. */
export const SOURCE_KINDS: readonly string[] = ['GitRepository', 'OCIRepository', 'Bucket', 'HelmRepository', 'HelmChart', 'ExternalArtifact'];

/** The source `flux bootstrap` creates (in the cluster, not in the repository). */
export const BOOTSTRAP_SOURCE = { kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' };

export interface SourceRef {
  kind: string;
  name: string;
  /** As Flux resolves it: the reference's namespace, or the referrer's. */
  namespace: string | undefined;
  /** Path of the reference object, relative to the resource. */
  path: (string | number)[];
}

/** A `{kind, name, namespace?}` reference at `path`, with Flux's namespace defaulting. */
export function sourceRefAt(r: Resource, path: (string | number)[]): SourceRef | undefined {
  let node: unknown = r.object;
  for (const p of path) node = Array.isArray(node) ? node[p as number] : obj(node)?.[p as string];
  const ref = obj(node);
  if (!ref || typeof ref['kind'] !== 'string' || typeof ref['name'] !== 'string') return undefined;
  const namespace = typeof ref['namespace'] === 'string' && ref['namespace'] !== '' ? ref['namespace'] : r.namespace;
  return { kind: ref['kind'], name: ref['name'], namespace, path };
}

export function isArtifactGenerator(r: Resource): boolean {
  return r.kind === 'ArtifactGenerator' && group(r.apiVersion) === 'source.extensions.fluxcd.io';
}

/** Every source reference of a Flux Kustomization, HelmRelease or ArtifactGenerator. */
export function sourceRefsOf(r: Resource): SourceRef[] {
  const refs: SourceRef[] = [];
  const add = (ref: SourceRef | undefined) => ref && refs.push(ref);
  if (isFluxKustomization(r)) add(sourceRefAt(r, ['spec', 'sourceRef']));
  if (isHelmRelease(r)) {
    add(sourceRefAt(r, ['spec', 'chart', 'spec', 'sourceRef']));
    add(sourceRefAt(r, ['spec', 'chartRef']));
  }
  if (isArtifactGenerator(r)) list(obj(r.object['spec'])?.['sources']).forEach((_, i) => add(sourceRefAt(r, ['spec', 'sources', i])));
  return refs;
}

export function isBootstrapSource(ref: Pick<SourceRef, 'kind' | 'name' | 'namespace'>): boolean {
  return ref.kind === BOOTSTRAP_SOURCE.kind && ref.name === BOOTSTRAP_SOURCE.name && ref.namespace === BOOTSTRAP_SOURCE.namespace;
}

/** True when the run defines the referenced source (ExternalArtifacts also count when an ArtifactGenerator of the namespace declares them). */
export function sourceDefined(index: ResourceIndex, ref: SourceRef): boolean {
  if (ref.kind === 'ExternalArtifact') {
    const generated = index.byKind('ArtifactGenerator').some(
      (g) => g.namespace === ref.namespace && list(obj(g.object['spec'])?.['artifacts']).some((a) => obj(a)?.['name'] === ref.name),
    );
    if (generated) return true;
  }
  return index.byKind(ref.kind).some((s) => s.name === ref.name && s.namespace === ref.namespace && (ref.kind === 'ExternalArtifact' || isFluxSourceGroup(s)));
}

export function describeRef(ref: Pick<SourceRef, 'kind' | 'name' | 'namespace'>): string {
  return `${ref.kind} ${ref.namespace ? ref.namespace + '/' : ''}${ref.name}`;
}
