import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair } from 'yaml';
import { splitPointer, type Range } from '../model/index.js';
import { parseDocuments } from '../load/index.js';

/** Where a JSON pointer landed in a YAML text: the range, and whether the whole pointer exists there. */
export interface Located {
  range: Range;
  exact: boolean;
}

/**
 * A YAML text parsed once with positions, to find fields by JSON pointer. `lineOffset` and
 * `columnOffset` shift positions for texts embedded in another file (an inline patch in a
 * kustomization's block scalar). Broken documents still yield what the parser recovered.
 */
export class YamlIndex {
  private parsedDocs: Document.Parsed[] | undefined;
  private parsedValues: unknown[] | undefined;
  private readonly lineCounter = new LineCounter();

  constructor(
    private readonly text: string,
    private readonly lineOffset = 0,
    private readonly columnOffset = 0,
    /** Helm templates repeat a key in `if`/`else` branches: the first branch is the one to show. */
    private readonly firstDuplicateWins = false,
  ) {}

  /** The position-carrying parse, made on first use (most files never need a position). */
  get docs(): Document.Parsed[] {
    if (!this.parsedDocs) {
      try {
        this.parsedDocs = Array.from(parseAllDocuments(this.text, { version: '1.1', merge: true, uniqueKeys: false, lineCounter: this.lineCounter }) as Document.Parsed[]);
      } catch {
        this.parsedDocs = [];
      }
    }
    return this.parsedDocs;
  }

  /** Every document's plain value, read as the loader reads manifests (undefined when unreadable). */
  values(): unknown[] {
    if (!this.parsedValues) {
      try {
        this.parsedValues = parseDocuments(this.text, 'source.yaml').map((d) => d.value);
      } catch {
        this.parsedValues = [];
      }
    }
    return this.parsedValues;
  }

  /** The plain value of document `docIndex`. */
  value(docIndex: number): unknown {
    return this.values()[docIndex];
  }

  /** The range of `pointer` inside document `docIndex`, or of its nearest existing ancestor. */
  locate(docIndex: number, pointer: string): Located | undefined {
    const doc = this.docs[docIndex];
    if (!doc) return undefined;
    let tokens: string[];
    try {
      tokens = splitPointer(pointer);
    } catch {
      tokens = [];
    }
    let key: Node | undefined;
    let value = (doc.contents ?? null) as Node | null;
    let matched = 0;
    for (const token of tokens) {
      const node = resolveAlias(value, doc);
      let nextKey: Node | undefined;
      let nextValue: Node | null | undefined;
      if (isMap(node)) {
        const pair = this.firstDuplicateWins ? firstPair(node.items as Pair[], token) : lastPair(node.items as Pair[], token);
        if (pair) {
          nextKey = pair.key as Node;
          nextValue = (pair.value ?? null) as Node | null;
        }
      } else if (isSeq(node) && /^\d+$/.test(token)) {
        const item = node.items[Number(token)] as Node | undefined;
        if (item) nextValue = item;
      }
      if (nextValue === undefined) break;
      key = nextKey;
      value = nextValue;
      matched++;
    }
    const start = key?.range?.[0] ?? value?.range?.[0] ?? doc.range[0];
    let end = start;
    if (value && isScalar(value) && value.range) end = value.range[1];
    else if (key?.range) end = key.range[1];
    else end = this.endOfLine(start);
    return { range: this.toRange(start, end), exact: matched === tokens.length };
  }

  /** Where document `docIndex` starts (its first content line). */
  documentStart(docIndex: number): Range | undefined {
    const doc = this.docs[docIndex];
    if (!doc) return undefined;
    const start = (doc.contents as Node | null)?.range?.[0] ?? doc.range[0];
    return this.toRange(start, this.endOfLine(start));
  }

  private endOfLine(offset: number): number {
    const starts = this.lineCounter.lineStarts;
    const { line } = this.lineCounter.linePos(offset);
    const next = starts[line];
    return next === undefined ? offset : Math.max(offset, next - 1);
  }

  private toRange(start: number, end: number): Range {
    const s = this.lineCounter.linePos(start);
    const e = this.lineCounter.linePos(Math.max(start, end));
    const shift = (line: number, col: number) => ({ line: line + this.lineOffset, col: col + this.columnOffset });
    const a = shift(s.line, s.col);
    const b = shift(e.line, e.col);
    return { startLine: a.line, startColumn: a.col, endLine: b.line, endColumn: b.col };
  }
}

function lastPair(items: Pair[], token: string): Pair | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const pair = items[i]!;
    if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === token) return pair;
  }
  return undefined;
}

function firstPair(items: Pair[], token: string): Pair | undefined {
  return items.find((pair) => isPair(pair) && isScalar(pair.key) && String(pair.key.value) === token);
}

function resolveAlias(node: Node | null, doc: Document.Parsed): Node | null {
  let current = node;
  for (let hops = 0; current && isAlias(current) && hops < 32; hops++) current = (current.resolve(doc) as Node | undefined) ?? null;
  return current;
}

/**
 * Where the text of a literal block scalar (`patch: |-`) starts inside its file, so that a
 * YAML text parsed from the scalar's value can report positions in that file. Undefined for
 * other scalar styles, whose value does not keep the file's line structure.
 */
export function blockScalarOrigin(index: YamlIndex, fileText: string, docIndex: number, pointer: string): { lineOffset: number; columnOffset: number } | undefined {
  const doc = index.docs[docIndex];
  if (!doc) return undefined;
  let node = (doc.contents ?? null) as Node | null;
  for (const token of splitPointer(pointer)) {
    if (isMap(node)) node = ((lastPair(node.items as Pair[], token)?.value ?? null) as Node | null);
    else if (isSeq(node) && /^\d+$/.test(token)) node = (node.items[Number(token)] as Node | undefined) ?? null;
    else return undefined;
  }
  if (!isScalar(node) || node.type !== 'BLOCK_LITERAL' || !node.range) return undefined;
  // The header (`|-`) is on one line; the content starts on the next one, indented.
  const headerEnd = fileText.indexOf('\n', node.range[0]);
  if (headerEnd < 0) return undefined;
  const headerLine = fileText.slice(0, node.range[0]).split('\n').length;
  const rest = fileText.slice(headerEnd + 1);
  const firstContent = /^( *)\S/m.exec(rest);
  if (!firstContent) return undefined;
  return { lineOffset: headerLine, columnOffset: firstContent[1]!.length };
}
