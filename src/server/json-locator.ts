import { FILE_START, splitPointer, type Locator, type Range } from '../model/index.js';

/**
 * An admitted object has no file, so positions refer to its pretty-printed JSON rendering
 * (`JSON.stringify(object, null, 2)`), which is what `kubectl get -o json` shows. The walk
 * runs only when a finding asks for a position, and once per object.
 *
 * As in the file loader: a member's range covers the key and a scalar value, or only the key
 * when the value is a collection; a missing pointer resolves to its nearest existing ancestor.
 */
export function jsonLocator(value: unknown): Locator {
  let tree: RangeNode | undefined;
  return (pointer: string): Range => {
    let tokens: string[];
    try {
      tokens = splitPointer(pointer);
    } catch {
      return FILE_START;
    }
    tree ??= rangesOf(value);
    let node = tree;
    for (const token of tokens) {
      const child = node.children?.get(token);
      if (!child) break;
      node = child;
    }
    return node.range;
  };
}

/** Ranges as a tree keyed by pointer token, so that depth costs nothing extra. */
interface RangeNode {
  range: Range;
  children?: Map<string, RangeNode>;
}

/** Every node's range in the 2-space JSON rendering (iterative: hostile nesting cannot overflow the stack). */
function rangesOf(root: unknown): RangeNode {
  const tree: RangeNode = { range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } };
  let line = 1;
  let column = 1; // column of the next character written
  type Frame = { entries: Array<[string, unknown]>; index: number; isArray: boolean; node: RangeNode; depth: number };
  const stack: Frame[] = [];

  const open = (value: unknown, node: RangeNode, depth: number): void => {
    if (Array.isArray(value)) {
      if (value.length === 0) return void (column += 2);
      column += 1;
      node.children = new Map();
      stack.push({ entries: value.map((v, i) => [String(i), v]), index: 0, isArray: true, node, depth });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
      if (entries.length === 0) return void (column += 2);
      column += 1;
      node.children = new Map();
      stack.push({ entries, index: 0, isArray: false, node, depth });
    } else {
      column += scalarWidth(value);
    }
  };

  open(root, tree, 0);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.entries.length) {
      // Closing bracket on its own line, at the frame's indentation.
      stack.pop();
      line += 1;
      column = frame.depth * 2 + 2;
      continue;
    }
    const [key, value] = frame.entries[frame.index]!;
    if (frame.index > 0) column += 1; // the comma after the previous entry
    frame.index += 1;
    line += 1;
    column = (frame.depth + 1) * 2 + 1;
    const startLine = line;
    const startColumn = column;
    if (!frame.isArray) column += JSON.stringify(key).length + 2; // `"key": `
    const keyEnd = frame.isArray ? column : column - 2;
    const isCollection = value !== null && typeof value === 'object';
    const valueStart = column;
    // Plain object literals: object spread here was ten times slower than the whole walk.
    const child: RangeNode = { range: { startLine, startColumn, endLine: line, endColumn: frame.isArray ? valueStart + 1 : keyEnd } };
    frame.node.children!.set(key, child);
    open(value, child, frame.depth + 1);
    if (!isCollection) child.range = { startLine, startColumn, endLine: line, endColumn: column };
  }
  return tree;
}

function scalarWidth(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 4 : text.length;
}
