import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { splitPointer, type Range, type Resource } from '../../../src/model/index.js';

/**
 * A small test-only loader: YAML text to Resources whose `locate` maps a JSON pointer to the range of
 * the deepest existing node (key start to value end), 1-based. The real loader lives in src/load/.
 */
export function resourcesFromYaml(text: string, file = 'test.yaml'): Resource[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  if (!Array.isArray(docs)) return [];
  const out: Resource[] = [];
  docs.forEach((doc, docIndex) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
    const object = doc.toJS() as unknown;
    if (typeof object !== 'object' || object === null || Array.isArray(object)) return;
    const o = object as Record<string, unknown>;
    const metadata = (o['metadata'] ?? {}) as Record<string, unknown>;
    const toRange = (start: number, end: number): Range => {
      const s = lineCounter.linePos(start);
      const e = lineCounter.linePos(end);
      return { startLine: s.line, startColumn: s.col, endLine: e.line, endColumn: e.col };
    };
    const resource: Resource = {
      apiVersion: String(o['apiVersion'] ?? ''),
      kind: String(o['kind'] ?? ''),
      name: String(metadata['name'] ?? ''),
      object: o,
      source: { file, docIndex },
      documentPointer: '',
      locate: (pointer) => {
        const [start, end] = locateOffsets(doc.contents as Node | null, pointer);
        return toRange(start, end);
      },
    };
    if (typeof metadata['namespace'] === 'string') resource.namespace = metadata['namespace'];
    out.push(resource);
  });
  return out;
}

function locateOffsets(root: Node | null, pointer: string): [number, number] {
  let node: unknown = root;
  let range: [number, number] = root?.range ? [root.range[0], root.range[1]] : [0, 0];
  for (const token of splitPointer(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === token);
      if (!pair || !isScalar(pair.key) || !pair.key.range) break;
      const value = pair.value as Node | null;
      range = [pair.key.range[0], value?.range?.[1] ?? pair.key.range[1]];
      node = value;
    } else if (isSeq(node)) {
      const item = node.items[Number(token)] as Node | undefined;
      if (!/^\d+$/.test(token) || !item?.range) break;
      range = [item.range[0], item.range[1]];
      node = item;
    } else {
      break;
    }
  }
  return range;
}
