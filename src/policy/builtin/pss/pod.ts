import type { WorkloadTarget } from '../../ts/index.js';

/** Helpers that read pod specs defensively: manifests are user data, whatever the types say. */
export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function obj(value: unknown): Obj | undefined {
  return isObj(value) ? value : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The pod spec as plain data. */
export function specOf(t: WorkloadTarget): Obj {
  return t.podSpec as unknown as Obj;
}

export function annotationsOf(t: WorkloadTarget): Obj {
  return obj((t.podMetadata as unknown as Obj)['annotations']) ?? {};
}

/** JSON pointer of an annotation of the pod metadata. */
export function annotationPointer(t: WorkloadTarget, key: string): string {
  return `${t.metadataPointer}/annotations/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export interface ContainerEntry {
  container: Obj;
  name: string;
  /** Path of the container relative to the pod spec, e.g. `['initContainers', 0]`. */
  path: [string, number];
  /** `container "web"`, `init container "setup"`, `ephemeral container "debug"`. */
  label: string;
}

const CONTAINER_LISTS: ReadonlyArray<[string, string]> = [
  ['initContainers', 'init container'],
  ['containers', 'container'],
  ['ephemeralContainers', 'ephemeral container'],
];

/** Every container of the pod: init, regular and ephemeral, in that order (as the admission plugin visits them). */
export function containersOf(spec: Obj): ContainerEntry[] {
  const out: ContainerEntry[] = [];
  for (const [field, noun] of CONTAINER_LISTS) {
    list(spec[field]).forEach((c, i) => {
      if (!isObj(c)) return;
      const name = typeof c['name'] === 'string' ? c['name'] : `#${i}`;
      out.push({ container: c, name, path: [field, i], label: `${noun} ${JSON.stringify(name)}` });
    });
  }
  return out;
}

export function securityContextOf(o: Obj): Obj | undefined {
  return obj(o['securityContext']);
}

/** `spec.os.name: windows`. */
export function isWindowsPod(spec: Obj): boolean {
  return obj(spec['os'])?.['name'] === 'windows';
}

/** `spec.hostUsers: false`: the pod runs in its own user namespace. */
export function usesUserNamespace(spec: Obj): boolean {
  return spec['hostUsers'] === false;
}

/** Present and not null. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value));
}
