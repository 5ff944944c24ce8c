import jsYaml from 'js-yaml';
import { KUBERNETES_SCHEMA, MAYBE_ALIAS } from './fast-parse.js';

/**
 * Node positions recovered from js-yaml's composer events, so that locating a field costs
 * about as much as the fast parse itself (the `yaml` package is several times slower). js-yaml
 * reports an `open` and a `close` event around every node it composes, keys included; nesting
 * those events gives the tree, and the offsets at each event give the spans.
 *
 * The event stream has a few quirks (a scalar sequence item is composed twice, a mapping may
 * end with an empty attempt before `---`), so every tree is checked against the value js-yaml
 * produced; on any disagreement the file is left to the careful parser.
 */
type SpanKind = 'mapping' | 'sequence' | 'scalar' | 'null';

/**
 * A node's extent in the text. Most nodes are never located, so what costs per node is left
 * until asked: the trimmed offsets (skipping blanks and trailing comments) and the member map.
 */
export class NodeSpan {
  private trimmedStart = -1;
  private trimmedEnd = -1;
  private memberMap: Map<string, { key: NodeSpan; value: NodeSpan }> | undefined;

  constructor(
    private readonly text: string,
    private readonly rawStart: number,
    private readonly rawEnd: number,
    readonly kind: SpanKind,
    /** Mapping: keys as they appear in the JSON object, and key/value spans alternating. */
    private readonly memberKeys?: readonly string[],
    private readonly pairSpans?: readonly NodeSpan[],
    /** Sequence items. */
    readonly items?: readonly NodeSpan[],
  ) {}

  get start(): number {
    if (this.trimmedStart < 0) this.trimmedStart = skipSpace(this.text, this.rawStart, this.rawEnd);
    return this.trimmedStart;
  }

  get end(): number {
    if (this.trimmedEnd < 0) this.trimmedEnd = trimEnd(this.text, this.start, this.rawEnd);
    return this.trimmedEnd;
  }

  /** Mapping members by key as it appears in the JSON object. */
  get members(): Map<string, { key: NodeSpan; value: NodeSpan }> | undefined {
    if (!this.memberKeys || !this.pairSpans) return undefined;
    if (!this.memberMap) {
      this.memberMap = new Map();
      this.memberKeys.forEach((k, i) => this.memberMap!.set(k, { key: this.pairSpans![2 * i]!, value: this.pairSpans![2 * i + 1]! }));
    }
    return this.memberMap;
  }

  /** Nothing but blanks and comments. */
  get isEmpty(): boolean {
    return this.end <= this.start;
  }
}

interface Frame {
  start: number;
  children: Array<{ span: NodeSpan; result: unknown }>;
}

interface ListenerState {
  position: number;
  kind: string | null;
  result: unknown;
}

/** The root span of each document, or undefined when positions cannot be trusted for this text. */
export function fastDocumentSpans(text: string): NodeSpan[] | undefined {
  if (MAYBE_ALIAS.test(text)) return undefined;
  const roots: NodeSpan[] = [];
  const stack: Frame[] = [];
  let consistent = true;
  const listener = (event: 'open' | 'close', state: ListenerState): void => {
    if (!consistent) return;
    if (event === 'open') {
      stack.push({ start: state.position, children: [] });
      return;
    }
    const frame = stack.pop();
    if (!frame) {
      consistent = false;
      return;
    }
    const built = buildSpan(frame, state, text);
    if (!built) {
      consistent = false;
      return;
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push({ span: built, result: state.result });
    else roots.push(built);
  };
  try {
    jsYaml.loadAll(text, null, { schema: KUBERNETES_SCHEMA, listener: listener as unknown as jsYaml.LoadOptions['listener'] });
  } catch {
    return undefined;
  }
  return consistent && stack.length === 0 ? roots : undefined;
}

function buildSpan(frame: Frame, state: ListenerState, text: string): NodeSpan | undefined {
  const kind: SpanKind = state.kind === 'mapping' || state.kind === 'sequence' || state.kind === 'scalar' ? state.kind : 'null';
  const children = frame.children;
  // A node composed twice (a scalar sequence item) closes with its one child's value: keep the child.
  if (children.length === 1 && children[0]!.result === state.result && children[0]!.span.kind === kind) return children[0]!.span;
  if (kind === 'mapping') {
    const value = state.result as Record<string, unknown>;
    const n = children.length % 2 === 1 && isEmptyAttempt(children[children.length - 1]!) ? children.length - 1 : children.length;
    if (n % 2 !== 0 || typeof value !== 'object' || value === null) return undefined;
    const keys: string[] = [];
    const spans: NodeSpan[] = [];
    for (let i = 0; i < n; i += 2) {
      keys.push(keyToken(children[i]!.result));
      spans.push(children[i]!.span, children[i + 1]!.span);
    }
    // Keys must match the composed object exactly (duplicate keys never reach the fast path).
    if (keys.length !== Object.keys(value).length) return undefined;
    return new NodeSpan(text, frame.start, state.position, kind, keys, spans);
  }
  if (kind === 'sequence') {
    if (!Array.isArray(state.result)) return undefined;
    const length = state.result.length;
    const items: NodeSpan[] = [];
    for (const c of children) if (children.length === length || !isEmptyAttempt(c)) items.push(c.span);
    if (items.length !== length) return undefined;
    return new NodeSpan(text, frame.start, state.position, kind, undefined, undefined, items);
  }
  return new NodeSpan(text, frame.start, state.position, kind);
}

/** An `open`/`close` pair that consumed nothing and produced nothing (js-yaml probing for more). */
function isEmptyAttempt(child: { span: NodeSpan; result: unknown }): boolean {
  return child.span.kind === 'null' && child.result == null && child.span.isEmpty;
}

function keyToken(key: unknown): string {
  return String(key);
}

function skipSpace(text: string, from: number, limit: number): number {
  let i = from;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else if (c === 0x23 /* # */ && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < limit && text.charCodeAt(i) !== 0x0a) i++;
    } else break;
  }
  return i;
}

function trimEnd(text: string, start: number, end: number): number {
  let i = end;
  while (i > start) {
    const c = text.charCodeAt(i - 1);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i--;
    else break;
  }
  // A trailing comment on a one-line node belongs to no node (block scalars may contain `#`).
  if (text.lastIndexOf('\n', i - 1) >= start) return i;
  const lineStart = text.lastIndexOf('\n', i - 1) + 1;
  const hash = findCommentStart(text, Math.max(start, lineStart), i);
  return hash === -1 ? i : trimEnd(text, start, hash);
}

function findCommentStart(text: string, from: number, to: number): number {
  let quote = '';
  for (let i = from; i < to; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === from || /\s/.test(text[i - 1]!))) return i;
  }
  return -1;
}
