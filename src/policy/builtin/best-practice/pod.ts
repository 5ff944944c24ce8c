import type { Resource } from '../../../model/index.js';
import type { WorkloadTarget } from '../../ts/index.js';
import { containersOf, list, obj, specOf, type ContainerEntry } from '../pss/pod.js';

export { containersOf, isObj, list, obj, securityContextOf, show, specOf, type ContainerEntry, type Obj } from '../pss/pod.js';

/** Regular containers only (the ones that serve traffic and keep running). */
export function appContainers(t: WorkloadTarget): ContainerEntry[] {
  return containersOf(specOf(t)).filter((c) => c.path[0] === 'containers');
}

/** Init and regular containers (ephemeral debug containers are added by hand, never from Git). */
export function podContainers(t: WorkloadTarget): ContainerEntry[] {
  return containersOf(specOf(t)).filter((c) => c.path[0] !== 'ephemeralContainers');
}

/** Run-to-completion kinds: probes, replicas and disruption budgets make no sense for them. */
export function isBatch(resource: Resource): boolean {
  return resource.kind === 'Job' || resource.kind === 'CronJob';
}

/** Kinds whose pods are kept running as a replicated set. */
export const REPLICATED_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

/** `spec.replicas` of a replicated workload: the number, 1 when unset (the API default), undefined when not a number. */
export function replicasOf(resource: Resource): number | undefined {
  const spec = obj(resource.object['spec']);
  const value = spec?.['replicas'];
  if (value === undefined || value === null) return 1;
  return typeof value === 'number' ? value : undefined;
}

export interface ImageRef {
  /** Repository without tag or digest. */
  repository: string;
  tag?: string;
  digest?: string;
}

/** Splits an image reference: `registry:5000/app:1.2@sha256:...`. */
export function parseImage(image: string): ImageRef {
  let rest = image.trim();
  const ref: ImageRef = { repository: rest };
  const at = rest.indexOf('@');
  if (at >= 0) {
    ref.digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    ref.tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  ref.repository = rest;
  return ref;
}

/** An image that can change under the same reference: no digest, and tag `latest` or none. */
export function isMutableImage(ref: ImageRef): boolean {
  return ref.digest === undefined && (ref.tag === undefined || ref.tag === 'latest');
}

/** Strings of a list, ignoring anything else. */
export function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === 'string');
}
