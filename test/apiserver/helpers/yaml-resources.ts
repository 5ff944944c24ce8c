import { readFileSync } from 'node:fs';
import { LineCounter, parseAllDocuments, isNode } from 'yaml';
import { splitPointer, type Range, type Resource } from '../../../src/model/index.js';

/** Parses a multi-document YAML file into Resources with real 1-based positions (for corpus fixtures). */
export function resourcesFromFile(absolutePath: string, reportedFile: string): Resource[] {
  const text = readFileSync(absolutePath, 'utf8');
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter });
  const resources: Resource[] = [];
  documents.forEach((doc, docIndex) => {
    const object = doc.toJS() as unknown;
    if (typeof object !== 'object' || object === null || Array.isArray(object)) return;
    const record = object as Record<string, unknown>;
    const metadata = (record['metadata'] ?? {}) as Record<string, unknown>;
    const toRange = (offsets: readonly [number, number, number] | null | undefined): Range => {
      const start = lineCounter.linePos(offsets?.[0] ?? 0);
      const end = lineCounter.linePos(offsets?.[1] ?? 0);
      return { startLine: start.line, startColumn: start.col, endLine: end.line, endColumn: end.col };
    };
    const resource: Resource = {
      apiVersion: String(record['apiVersion']),
      kind: String(record['kind']),
      name: typeof metadata['name'] === 'string' ? metadata['name'] : '',
      object: record,
      source: { file: reportedFile, docIndex },
      documentPointer: '',
      locate(pointer: string): Range {
        let tokens = splitPointer(pointer);
        // Nearest existing ancestor, as the real locator does.
        while (tokens.length > 0 && !isNode(doc.getIn(tokens, true))) tokens = tokens.slice(0, -1);
        const node = tokens.length === 0 ? doc.contents : doc.getIn(tokens, true);
        return toRange(isNode(node) ? node.range : null);
      },
    };
    if (typeof metadata['namespace'] === 'string') resource.namespace = metadata['namespace'];
    resources.push(resource);
  });
  return resources;
}
