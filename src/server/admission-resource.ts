import type { Resource } from '../model/index.js';
import { jsonLocator } from './json-locator.js';

/** What the request says about the object, for fields the object itself may lack (generated names, namespace on CREATE). */
export interface RequestIdentity {
  group: string;
  version: string;
  kind: string;
  namespace?: string;
  name?: string;
}

/**
 * The admitted object as a Resource. There is no file: `source.file` is
 * `admission:<kind>/<namespace>/<name>` (cluster-scoped: `admission:<kind>/<name>`), and
 * positions refer to the object's pretty-printed JSON.
 */
export function resourceFromAdmission(object: Record<string, unknown>, identity: RequestIdentity): Resource {
  const metadata = isRecord(object['metadata']) ? object['metadata'] : {};
  const apiVersion = typeof object['apiVersion'] === 'string' ? object['apiVersion'] : identity.group ? `${identity.group}/${identity.version}` : identity.version;
  const kind = typeof object['kind'] === 'string' ? object['kind'] : identity.kind;
  const name =
    typeof metadata['name'] === 'string' && metadata['name'] !== ''
      ? metadata['name']
      : typeof metadata['generateName'] === 'string' && metadata['generateName'] !== ''
        ? `${metadata['generateName']}*`
        : (identity.name ?? '');
  const namespace = typeof metadata['namespace'] === 'string' && metadata['namespace'] !== '' ? metadata['namespace'] : identity.namespace || undefined;
  const file = admissionFileName(kind, namespace, name);
  return {
    apiVersion,
    kind,
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    object,
    source: { file, docIndex: 0 },
    documentPointer: '',
    locate: jsonLocator(object),
  };
}

export function admissionFileName(kind: string, namespace: string | undefined, name: string): string {
  return `admission:${[kind, ...(namespace ? [namespace] : []), name || '<unnamed>'].join('/')}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
