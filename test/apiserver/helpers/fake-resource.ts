import type { Finding, Range, Resource } from '../../../src/model/index.js';

/** A hand-built Resource whose `locate` records each pointer it is asked for and encodes its index as the line. */
export interface FakeResource extends Resource {
  /** The pointer a range (or a finding's range) was located from. */
  pointerAt(range: Range | Finding): string | undefined;
}

export function fakeResource(object: Record<string, unknown>, source: { file?: string; docIndex?: number } = {}): FakeResource {
  const pointers: string[] = [];
  const metadata = (object['metadata'] ?? {}) as Record<string, unknown>;
  const name = typeof metadata['name'] === 'string' && metadata['name'] !== ''
    ? metadata['name']
    : typeof metadata['generateName'] === 'string' && metadata['generateName'] !== ''
      ? `${metadata['generateName']}*`
      : '';
  const resource: FakeResource = {
    apiVersion: object['apiVersion'] as string,
    kind: object['kind'] as string,
    name,
    object,
    source: { file: source.file ?? 'manifests/app.yaml', docIndex: source.docIndex ?? 0 },
    documentPointer: '',
    locate(pointer: string): Range {
      let index = pointers.indexOf(pointer);
      if (index < 0) index = pointers.push(pointer) - 1;
      return { startLine: index + 1, startColumn: 1, endLine: index + 1, endColumn: 2 };
    },
    pointerAt(rangeOrFinding: Range | Finding): string | undefined {
      const range = 'range' in rangeOrFinding ? rangeOrFinding.range : rangeOrFinding;
      return pointers[range.startLine - 1];
    },
  };
  if (typeof metadata['namespace'] === 'string' && metadata['namespace'] !== '') resource.namespace = metadata['namespace'];
  return resource;
}

/** A minimal object of a kind, with a name (and more fields merged in). */
export function manifest(apiVersion: string, kind: string, metadata: Record<string, unknown>, rest: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion, kind, metadata, ...rest };
}
