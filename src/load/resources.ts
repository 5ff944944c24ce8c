import {
  fingerprintOf,
  joinPointer,
  type Finding,
  type Range,
  type Resource,
  type Severity,
  type SkippedItem,
} from '../model/index.js';
import { locateInFile } from './locate.js';
import { nonResourceReason } from './non-resource.js';
import type { ParsedDocument } from './parse.js';
import type { SourceStore } from './source-store.js';

export interface DocumentResult {
  resources: Resource[];
  findings: Finding[];
  skipped: SkippedItem[];
}

/**
 * Turns one parsed document into resources (a `kind: List` into its items), or explains why
 * it is not one: empty documents are nothing, documents without any resource key are values
 * files and the like, and documents that look like resources but lack `kind` or `apiVersion`
 * are errors naming the missing key.
 */
export function documentToResources(doc: ParsedDocument, file: string, store: SourceStore): DocumentResult {
  const out: DocumentResult = { resources: [], findings: [], skipped: [] };
  const value = doc.value;
  if (value === undefined || value === null) return out;
  if (!isRecord(value)) {
    out.skipped.push({ file, docIndex: doc.docIndex, kind: 'not-a-resource', reason: `document is a ${Array.isArray(value) ? 'list' : typeof value}, not a mapping` });
    return out;
  }
  const notAResource = nonResourceReason(file, value);
  if (notAResource) {
    out.skipped.push({ file, docIndex: doc.docIndex, kind: 'values-file', reason: notAResource });
    return out;
  }
  const locateAt = (documentPointer: string) => (pointer: string) => locateInFile(store, file, doc.docIndex, documentPointer + pointer);

  if (typeof value['kind'] === 'string' && /^list$/i.test(value['kind']) && Array.isArray(value['items'])) {
    value['items'].forEach((item, index) => {
      const documentPointer = joinPointer('items', index);
      if (!isRecord(item)) {
        out.findings.push(typeMetaFinding('schema/missing-kind', 'List item is not an object', file, doc.docIndex, documentPointer, locateAt(''), documentPointer));
        return;
      }
      addResource(item, documentPointer, locateAt(documentPointer), file, doc.docIndex, out);
    });
    return out;
  }
  addResource(value, '', locateAt(''), file, doc.docIndex, out);
  return out;
}

function addResource(
  object: Record<string, unknown>,
  documentPointer: string,
  locate: (pointer: string) => Range,
  file: string,
  docIndex: number,
  out: DocumentResult,
): void {
  const missing: string[] = [];
  if (!nonEmptyString(object['apiVersion'])) missing.push('apiVersion');
  if (!nonEmptyString(object['kind'])) missing.push('kind');
  if (missing.length > 0) {
    // One finding per document: the kind matters most, so it leads when both are missing.
    const key = missing.includes('kind') ? 'kind' : 'apiVersion';
    const ruleId = key === 'kind' ? 'schema/missing-kind' : 'schema/missing-apiversion';
    const describe = (k: string) => (k in object ? `'${k}' is empty` : `missing '${k}' key`);
    const message = `${missing.map(describe).join(' and ')}: every Kubernetes resource needs apiVersion and kind`;
    out.findings.push(typeMetaFinding(ruleId, message, file, docIndex, key in object ? `/${key}` : '', locate, documentPointer));
    return;
  }
  const metadata = isRecord(object['metadata']) ? object['metadata'] : {};
  const name = nonEmptyString(metadata['name'])
    ? (metadata['name'] as string)
    : nonEmptyString(metadata['generateName'])
      ? `${metadata['generateName'] as string}*`
      : '';
  const resource: Resource = {
    apiVersion: object['apiVersion'] as string,
    kind: object['kind'] as string,
    name,
    object,
    source: { file, docIndex },
    documentPointer,
    locate,
  };
  if (nonEmptyString(metadata['namespace'])) resource.namespace = metadata['namespace'] as string;
  out.resources.push(resource);
}

function typeMetaFinding(
  ruleId: string,
  message: string,
  file: string,
  docIndex: number,
  pointer: string,
  locate: (pointer: string) => Range,
  documentPointer: string,
): Finding {
  const severity: Severity = 'high';
  return {
    ruleId,
    severity,
    message,
    file,
    range: locate(pointer),
    pointer: pointer || undefined,
    fingerprint: fingerprintOf({ ruleId, file, detail: `${docIndex}${documentPointer}${pointer}` }),
  };
}

function nonEmptyString(v: unknown): boolean {
  return typeof v === 'string' && v.trim() !== '';
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
