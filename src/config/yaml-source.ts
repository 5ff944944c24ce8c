import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import { FILE_START, splitPointer, type Range } from '../model/index.js';
import { ConfigError, type ConfigProblem } from './errors.js';

/** A parsed configuration file: its data and a way back from a JSON pointer to a position. */
export interface YamlSource {
  data: unknown;
  /** Range of the key (for a mapping entry) or the item (for a list entry) the pointer names; the nearest ancestor when missing. */
  locate(pointer: string): Range;
}

/** Keys whose values must stay text even when written unquoted (`kubernetesVersion: 1.30` is not the number 1.3). */
const VERSION_KEYS = new Set(['kubernetesVersion', 'pssVersion']);

/**
 * Parses YAML with the `yaml` package's node ranges kept, so that every later error can name
 * a line and column. Syntax errors, duplicate keys and alias bombs are ConfigErrors.
 */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
  const problems: ConfigProblem[] = doc.errors.map((e) => {
    const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
    return { file, line: pos.line, column: pos.col, message: firstLine(e.message) };
  });
  if (problems.length > 0) throw new ConfigError(problems);
  keepVersionsAsText(doc);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new ConfigError([{ file, line: 1, column: 1, message: (err as Error).message }]);
  }
  return { data: data ?? {}, locate: (pointer) => locate(doc, lineCounter, pointer) };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function keepVersionsAsText(doc: Document.Parsed): void {
  if (!isMap(doc.contents)) return;
  for (const pair of doc.contents.items as Pair[]) {
    if (isScalar(pair.key) && VERSION_KEYS.has(String(pair.key.value)) && isScalar(pair.value) && typeof pair.value.value === 'number') {
      pair.value.value = pair.value.source ?? String(pair.value.value);
    }
  }
}

function locate(doc: Document.Parsed, lineCounter: LineCounter, pointer: string): Range {
  let tokens: string[];
  try {
    tokens = splitPointer(pointer);
  } catch {
    tokens = [];
  }
  let node: Node | null = doc.contents as Node | null;
  let mark: Node | null = node;
  for (const token of tokens) {
    if (isMap(node)) {
      const pair = (node.items as Pair[]).find((p) => isScalar(p.key) && String(p.key.value) === token);
      if (!pair) break;
      mark = pair.key as Node;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const item = /^\d+$/.test(token) ? (node.items[Number(token)] as Node | undefined) : undefined;
      if (!item) break;
      mark = item;
      node = item;
    } else break;
  }
  return rangeOf(mark, lineCounter);
}

function rangeOf(node: Node | null, lineCounter: LineCounter): Range {
  if (!node?.range) return FILE_START;
  const start = lineCounter.linePos(node.range[0]);
  const end = lineCounter.linePos(node.range[1]);
  return { startLine: start.line, startColumn: start.col, endLine: end.line, endColumn: end.col };
}
