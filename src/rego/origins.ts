import { key, type Value } from './value.js';

/**
 * Which fields of the input a policy read on the way to each result, as JSON pointers, so that
 * a finding from a policy whose message names no field (most conftest and Gatekeeper policies)
 * still points at the line that made it fire. OPA itself has no such facility.
 *
 * Input objects and arrays get a pointer when the evaluator reaches them (the traced document
 * itself is ''), so tracing costs a WeakMap lookup per field read. Reads on the current
 * derivation path are kept on a trail that backtracking truncates; at a result, the deepest read
 * explains it best (a condition on `containers[1].securityContext.privileged` rather than the
 * `kind` test), the earliest among equals (conditions usually come before the message is built).
 */
/** Enough to summarise what a comprehension read; a policy that reads more keeps the first ones. */
const MAX_SINK_READS = 10_000;

export class InputOrigins {
  private readonly pointers = new WeakMap<object, string>();
  /** Reads on the current derivation path. */
  readonly trail: string[] = [];
  /** Every read inside the open comprehensions and negations (not undone by backtracking). */
  private readonly sinks: string[][] = [];
  /** Per multi-value rule node: member key -> pointer. */
  private readonly members = new Map<object, Map<string, string>>();
  /** Per complete rule node: the pointer its value was derived from. */
  private readonly complete = new Map<object, string>();

  constructor(root: Value | undefined) {
    if (isComposite(root)) this.pointers.set(root, '');
  }

  /** The policy read `key` of `parent`; `child` is what it found (undefined: the field is missing). */
  read(parent: Value, key: Value, child: Value | undefined): void {
    const at = this.childPointer(parent, key, child);
    if (at === undefined) return;
    this.trail.push(at);
    const sink = this.sinks[this.sinks.length - 1];
    if (sink && sink.length < MAX_SINK_READS) sink.push(at);
  }

  /** Starts collecting the reads of a comprehension or negation, which backtracking would undo. */
  openSink(): void {
    this.sinks.push([]);
  }

  /**
   * Ends the innermost collection and puts one read for it on the trail: the common ancestor of
   * what it read last (`{l | input.metadata.labels[l]}` read the labels).
   */
  closeSink(): void {
    const reads = this.sinks.pop() ?? [];
    const outer = this.sinks[this.sinks.length - 1];
    if (outer) for (const r of reads) if (outer.length < MAX_SINK_READS) outer.push(r);
    const summary = commonAncestorOfLeaves(reads);
    if (summary !== undefined) this.trail.push(summary);
  }

  /** The read that best explains the derivation since `mark` (a trail length). */
  best(mark: number): string | undefined {
    let found: string | undefined;
    let depth = -1;
    for (let i = mark; i < this.trail.length; i++) {
      const p = this.trail[i]!;
      const d = depthOf(p);
      if (d > depth) {
        found = p;
        depth = d;
      }
    }
    return found;
  }

  /** Records why `member` is in the set a multi-value rule node builds (the first derivation wins). */
  noteMember(node: object, member: Value, mark: number): void {
    const pointer = this.best(mark);
    if (pointer === undefined) return;
    let byMember = this.members.get(node);
    if (!byMember) this.members.set(node, (byMember = new Map()));
    const k = key(member);
    if (!byMember.has(k)) byMember.set(k, pointer);
  }

  /** Member key -> pointer for a multi-value rule node (see `key` in value.ts). */
  membersOf(node: object): ReadonlyMap<string, string> | undefined {
    return this.members.get(node);
  }

  noteComplete(node: object, mark: number): void {
    const pointer = this.best(mark);
    if (pointer !== undefined && !this.complete.has(node)) this.complete.set(node, pointer);
  }

  /** A complete rule's value was used: what it read counts as read here (its value is cached). */
  usedComplete(node: object): void {
    const pointer = this.complete.get(node);
    if (pointer !== undefined) this.trail.push(pointer);
  }

  private childPointer(parent: Value, key: Value, child: Value | undefined): string | undefined {
    if (!isComposite(parent)) return undefined;
    const at = this.pointers.get(parent);
    if (at === undefined || (typeof key !== 'string' && typeof key !== 'number')) return undefined;
    const pointer = `${at}/${escapeToken(String(key))}`;
    if (isComposite(child)) this.pointers.set(child, pointer);
    return pointer;
  }
}

function isComposite(v: Value | undefined): v is Value & object {
  return typeof v === 'object' && v !== null;
}

function escapeToken(token: string): string {
  return token.includes('~') || token.includes('/') ? token.replace(/~/g, '~0').replace(/\//g, '~1') : token;
}

function depthOf(pointer: string): number {
  let n = 0;
  for (let i = 0; i < pointer.length; i++) if (pointer.charCodeAt(i) === 0x2f) n++;
  return n;
}

/** The reads that no other read extends, reduced to their longest common ancestor. */
function commonAncestorOfLeaves(reads: readonly string[]): string | undefined {
  const unique = new Set(reads);
  const inner = new Set<string>();
  for (const p of unique) {
    for (let cut = p.lastIndexOf('/'); cut > 0; cut = p.lastIndexOf('/', cut - 1)) {
      const ancestor = p.slice(0, cut);
      if (inner.has(ancestor)) break;
      inner.add(ancestor);
    }
  }
  let common: string[] | undefined;
  for (const p of unique) {
    if (inner.has(p)) continue;
    const tokens = p.split('/');
    if (!common) common = tokens;
    else {
      let n = 0;
      while (n < common.length && n < tokens.length && common[n] === tokens[n]) n++;
      common = common.slice(0, n);
    }
  }
  const ancestor = common?.join('/');
  return ancestor ? ancestor : undefined;
}
