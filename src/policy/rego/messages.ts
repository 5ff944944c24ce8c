import { joinPointer, nearestExisting, splitPointer } from '../../model/index.js';
import { isArray, isObject, isSet, isString, key, toJSON, type Value } from '../../rego/index.js';

/**
 * What a conftest rule returns, read as conftest reads it: the rule's value must be a
 * set or an array; a string element is a message; an object element needs a string
 * `msg` and its other keys are kept as properties; any other element is ignored.
 *
 * syncgate addition: an object may say where the problem is, so the finding points at
 * the exact line: `_loc` or `pointer` (a JSON pointer string, an array of path
 * segments, or a dotted path `spec.containers[0].image`), or `path` when it names a
 * field that exists in the input (a `path` that does not is an ordinary property,
 * e.g. a hostPath). conftest's own `_loc: {file, line}` is honoured too.
 */
export interface RuleMessage {
  message: string;
  properties?: Record<string, unknown>;
  /** JSON pointer into the input document */
  pointer?: string;
  /** explicit line from conftest-style `_loc: {line}` */
  line?: number;
  /**
   * The input field the rule read that best explains this message (traced by the engine),
   * for messages that name no field themselves.
   */
  readPointer?: string;
}

export type MessageProblem = { problem: string };

/** Segments of a dotted path: `a.b[0].c` -> ['a', 'b', 0, 'c']. */
function dottedSegments(s: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of s.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** A location value as a JSON pointer, or undefined when it is not one. */
export function toPointer(v: unknown): string | undefined {
  if (typeof v === 'string') {
    if (v === '' || v.startsWith('/')) {
      try {
        splitPointer(v);
        return v;
      } catch {
        return undefined;
      }
    }
    return joinPointer(...dottedSegments(v));
  }
  if (Array.isArray(v) && v.every((s) => typeof s === 'string' || (typeof s === 'number' && Number.isInteger(s)))) return joinPointer(...(v as (string | number)[]));
  return undefined;
}

/** True when the pointer names a field that exists in `doc`. */
export function pointerExists(doc: unknown, pointer: string): boolean {
  try {
    return nearestExisting(doc, pointer) === joinPointer(...splitPointer(pointer));
  } catch {
    return false;
  }
}

function fromObject(el: Value, input: unknown): RuleMessage | MessageProblem {
  const obj = toJSON(el) as Record<string, unknown>;
  const msg = obj['msg'];
  if (typeof msg !== 'string') return { problem: `a rule returned an object without a string "msg" field: ${JSON.stringify(obj).slice(0, 200)}` };
  const properties: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const out: RuleMessage = { message: msg };
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'msg') continue;
    if (k === '_loc' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const line = (v as Record<string, unknown>)['line'];
      if (typeof line === 'number' && Number.isInteger(line) && line > 0) out.line = line;
      continue;
    }
    if (k === '_loc' || k === 'pointer' || k === 'path') {
      const p = toPointer(v);
      if (p !== undefined && (k !== 'path' || pointerExists(input, p))) {
        out.pointer ??= p;
        continue;
      }
      if (k !== 'path') continue;
    }
    properties[k] = v;
  }
  if (Object.keys(properties).length) out.properties = { ...properties };
  return out;
}

/** The messages of one rule's value (undefined or a non-collection: none). */
export function readMessages(value: Value | undefined, input: unknown, readPointerOf?: ReadonlyMap<string, string>): (RuleMessage | MessageProblem)[] {
  if (value === undefined) return [];
  const elems = isSet(value) ? value.sorted() : isArray(value) ? value : undefined;
  if (!elems) return [];
  const out: (RuleMessage | MessageProblem)[] = [];
  for (const el of elems) {
    const message = isString(el) ? { message: el } : isObject(el) ? fromObject(el, input) : undefined;
    if (!message) continue;
    const read = readPointerOf?.get(key(el));
    if (read !== undefined && 'message' in message) message.readPointer = read;
    out.push(message);
  }
  return out;
}

/** Rule suffixes an `exception` rule exempts (its value: a set of arrays or sets of strings). */
export function readExceptions(value: Value | undefined): Set<string> {
  const out = new Set<string>();
  if (value === undefined) return out;
  const outer = isSet(value) ? value.sorted() : isArray(value) ? value : isObject(value) ? value.sortedKeys().map((k) => value.get(k)!) : [];
  for (const inner of outer) {
    const names = isSet(inner) ? inner.sorted() : isArray(inner) ? inner : isObject(inner) ? inner.sortedKeys().map((k) => inner.get(k)!) : [];
    for (const n of names) if (isString(n)) out.add(n);
  }
  return out;
}

