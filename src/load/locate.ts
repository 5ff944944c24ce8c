import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import { FILE_START, splitPointer, type Range } from '../model/index.js';
import type { NodeSpan } from './fast-positions.js';
import type { SourceStore } from './source-store.js';

/**
 * Finds the file-absolute range of the field a JSON pointer names inside document `docIndex`
 * of `file`. A pointer that does not exist resolves to its nearest existing ancestor, so a
 * "missing field" finding points at the object that should hold it.
 *
 * The range covers the key and a scalar value (`replicas: "2"`), or just the key when the
 * value is a collection, so that editors and code frames highlight one line, not a subtree.
 */
export function locateInFile(store: SourceStore, file: string, docIndex: number, pointer: string): Range {
  const fast = store.fastSpans(file);
  const root = fast?.docs[docIndex];
  if (fast && root) return locateInSpans(root, pointerTokens(pointer), fast.lineStarts);
  return locateCarefully(store, file, docIndex, pointer);
}

/** The position-aware parser's answer (used when the fast spans cannot be trusted, and to check them). */
export function locateCarefully(store: SourceStore, file: string, docIndex: number, pointer: string): Range {
  const parsed = store.parsed(file);
  const doc = parsed?.docs[docIndex];
  if (!parsed || !doc) return FILE_START;
  const target = walk(doc, pointerTokens(pointer));
  return toRange(target, parsed.lineCounter, doc);
}

function pointerTokens(pointer: string): string[] {
  try {
    return splitPointer(pointer);
  } catch {
    return [];
  }
}

/** The same walk and range rules as below, over spans from the fast parser. */
function locateInSpans(root: NodeSpan, tokens: string[], lineStarts: number[]): Range {
  let key: NodeSpan | undefined;
  let value: NodeSpan = root;
  for (const token of tokens) {
    if (value.members) {
      const member = value.members.get(token);
      if (!member) break;
      key = member.key;
      value = member.value;
    } else if (value.items && /^\d+$/.test(token) && Number(token) < value.items.length) {
      key = undefined;
      value = value.items[Number(token)]!;
    } else break;
  }
  const start = key ? key.start : value.start;
  let end: number;
  if (value.kind === 'scalar') end = Math.max(value.end, key?.end ?? 0);
  else if (value.kind === 'null') end = key ? key.end : value.end;
  else if (key) end = key.end;
  else end = lineEndOffset(lineStarts, start, value.end);
  const s = offsetToPosition(lineStarts, start);
  const e = offsetToPosition(lineStarts, Math.max(start, end));
  return { startLine: s.line, startColumn: s.col, endLine: e.line, endColumn: e.col };
}

function lineIndexOf(lineStarts: number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function offsetToPosition(lineStarts: number[], offset: number): { line: number; col: number } {
  const index = lineIndexOf(lineStarts, offset);
  return { line: index + 1, col: offset - lineStarts[index]! + 1 };
}

function lineEndOffset(lineStarts: number[], start: number, limit: number): number {
  const next = lineStarts[lineIndexOf(lineStarts, start) + 1];
  return Math.min(limit, next === undefined ? limit : next - 1);
}

interface Target {
  key?: Node;
  value?: Node | null;
}

function walk(doc: Document.Parsed, tokens: string[]): Target {
  let current: Target = { value: doc.contents as Node | null };
  for (const token of tokens) {
    const node = resolve(current.value ?? null, doc);
    if (!node) break;
    let next: Target | undefined;
    if (isMap(node)) {
      const pair = findPair(node.items as Pair[], token, doc, 0);
      if (pair) next = { key: pair.key as Node, value: pair.value as Node | null };
    } else if (isSeq(node)) {
      const index = /^\d+$/.test(token) ? Number(token) : -1;
      const item = index >= 0 ? (node.items[index] as Node | undefined) : undefined;
      if (item) next = { value: item };
    }
    if (!next) break;
    current = next;
  }
  return current;
}

/** The last pair with this key wins (as in go-yaml), then keys merged in with `<<`. */
function findPair(items: Pair[], token: string, doc: Document.Parsed, depth: number): Pair | undefined {
  if (depth > 32) return undefined;
  for (let i = items.length - 1; i >= 0; i--) {
    const pair = items[i]!;
    if (isPair(pair) && keyText(pair.key) === token) return pair;
  }
  for (const pair of items) {
    if (!isPair(pair) || keyText(pair.key) !== '<<') continue;
    const source = resolve(pair.value as Node | null, doc);
    const maps = isSeq(source) ? source.items.map((n) => resolve(n as Node, doc)) : [source];
    for (const m of maps) {
      if (isMap(m)) {
        const found = findPair(m.items as Pair[], token, doc, depth + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}

function keyText(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  // Merge keys carry a symbol value; their source text is `<<`.
  if (typeof key.value === 'symbol') return key.source ?? '<<';
  return key.value === null ? '' : String(key.value);
}

function resolve(node: Node | null, doc: Document.Parsed): Node | null {
  let current: Node | null = node;
  for (let hops = 0; current && isAlias(current) && hops < 32; hops++) {
    current = (current.resolve(doc) as Node | undefined) ?? null;
  }
  return current;
}

function toRange(target: Target, lineCounter: LineCounter, doc: Document.Parsed): Range {
  const valueRange = target.value?.range;
  const keyRange = target.key?.range;
  const start = keyRange?.[0] ?? valueRange?.[0] ?? doc.range[0];
  let end: number;
  if (target.value && (isScalar(target.value) || isAlias(target.value)) && valueRange) end = valueRange[1];
  else if (keyRange) end = keyRange[1];
  else end = endOfLine(start, valueRange?.[1] ?? start, lineCounter);
  const s = lineCounter.linePos(start);
  const e = lineCounter.linePos(Math.max(start, end));
  return { startLine: s.line, startColumn: s.col, endLine: e.line, endColumn: e.col };
}

/** The end of the line `start` is on, but not past `limit`. */
function endOfLine(start: number, limit: number, lineCounter: LineCounter): number {
  const starts = lineCounter.lineStarts;
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! > start) hi = mid;
    else lo = mid + 1;
  }
  const nextLine = starts[lo];
  const lineEnd = nextLine === undefined ? limit : nextLine - 1;
  return Math.min(limit, lineEnd);
}
