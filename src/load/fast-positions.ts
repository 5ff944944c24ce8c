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
export interface NodeSpan {
  start: number;
  end: number;
  kind: 'mapping' | 'sequence' | 'scalar' | 'null';
  /** Mapping members by key as it appears in the JSON object. */
  members?: Map<string, { key: NodeSpan; value: NodeSpan }>;
  items?: NodeSpan[];
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
  const kind = state.kind === 'mapping' || state.kind === 'sequence' || state.kind === 'scalar' ? state.kind : 'null';
  const children = frame.children;
  // A node composed twice (a scalar sequence item) closes with its one child's value: keep the child.
  if (children.length === 1 && children[0]!.result === state.result && children[0]!.span.kind === kind) return children[0]!.span;
  const start = skipSpace(text, frame.start, state.position);
  const end = trimEnd(text, start, state.position);
  if (kind === 'mapping') {
    const value = state.result as Record<string, unknown>;
    const pairs = children.length % 2 === 1 && isEmptyAttempt(children[children.length - 1]!) ? children.slice(0, -1) : children;
    if (pairs.length % 2 !== 0 || typeof value !== 'object' || value === null) return undefined;
    const members = new Map<string, { key: NodeSpan; value: NodeSpan }>();
    for (let i = 0; i < pairs.length; i += 2) members.set(keyToken(pairs[i]!.result), { key: pairs[i]!.span, value: pairs[i + 1]!.span });
    // Keys must match the composed object exactly (duplicate keys never reach the fast path).
    if (members.size !== Object.keys(value).length) return undefined;
    return { start, end, kind, members };
  }
  if (kind === 'sequence') {
    const items = children.filter((c) => !isEmptyAttempt(c) || children.length === (state.result as unknown[]).length).map((c) => c.span);
    if (!Array.isArray(state.result) || items.length !== state.result.length) return undefined;
    return { start, end, kind, items };
  }
  return { start, end, kind };
}

/** An `open`/`close` pair that consumed nothing and produced nothing (js-yaml probing for more). */
function isEmptyAttempt(child: { span: NodeSpan; result: unknown }): boolean {
  return child.span.kind === 'null' && child.result == null && child.span.end <= child.span.start;
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
