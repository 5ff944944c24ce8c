/**
 * Safety analysis and body scheduling (OPA's reorderBodyForSafety): literals are
 * reordered so every variable is bound before it is needed; a body that cannot
 * be ordered reports rego_unsafe_var_error.
 */
import { forEachChild, type Body, type Literal, type Term } from './ast.js';
import { RegoError } from './errors.js';

/** Names of roots that are never local variables. */
export const ROOTS = new Set(['data', 'input']);

export function isWildcard(name: string): boolean {
  return name.startsWith('_$');
}

const needsCache = new WeakMap<Term, string[]>();

/** Arity information the scheduler needs to spot output arguments of calls. */
export type ArityLookup = (call: Term & { type: 'call' }) => number | undefined;

/**
 * Vars that must be bound before `t` can be evaluated to values. Closures
 * (comprehensions, every bodies) need only the vars they share with `outer`.
 */
export function termNeeds(t: Term, outer: ReadonlySet<string> | undefined, acc: Set<string>): void {
  switch (t.type) {
    case 'scalar':
      return;
    case 'var':
      if (!ROOTS.has(t.name)) acc.add(t.name);
      return;
    case 'ref':
      termNeeds(t.head, outer, acc);
      for (const p of t.path) patternNeeds(p, outer, acc);
      return;
    case 'array':
    case 'set':
      for (const x of t.items) termNeeds(x, outer, acc);
      return;
    case 'object':
      for (const [k, v] of t.entries) {
        termNeeds(k, outer, acc);
        termNeeds(v, outer, acc);
      }
      return;
    case 'call':
      for (const a of t.args) termNeeds(a, outer, acc);
      return;
    case 'template':
      for (const p of t.parts) if (typeof p !== 'string') termNeeds(p, outer, acc);
      return;
    case 'arraycomp':
    case 'setcomp':
    case 'objectcomp': {
      const all = new Set<string>();
      allVars(t, all);
      for (const v of all) if (!outer || outer.has(v)) acc.add(v);
      return;
    }
  }
}

/** Needs of a term used as a pattern (ref segment): its vars are outputs, nested refs/calls are inputs. */
function patternNeeds(t: Term, outer: ReadonlySet<string> | undefined, acc: Set<string>): void {
  switch (t.type) {
    case 'var':
    case 'scalar':
      return;
    case 'array':
      for (const x of t.items) patternNeeds(x, outer, acc);
      return;
    case 'object':
      for (const [k, v] of t.entries) {
        termNeeds(k, outer, acc);
        patternNeeds(v, outer, acc);
      }
      return;
    default:
      termNeeds(t, outer, acc);
  }
}

/** Cached needs for runtime "is this term evaluable now?" checks (closures excluded: runtime treats them as evaluable). */
export function runtimeNeeds(t: Term): string[] {
  let n = needsCache.get(t);
  if (!n) {
    const acc = new Set<string>();
    termNeeds(t, new Set(), acc);
    n = [...acc];
    needsCache.set(t, n);
  }
  return n;
}

/** Every var occurring in a term, including inside closures. */
export function allVars(t: Term, acc: Set<string>): void {
  collectVars(t, acc, true);
}

export function bodyAllVars(body: Body, acc: Set<string>): void {
  for (const lit of body) literalAllVars(lit, acc);
}

export function literalAllVars(lit: Literal, acc: Set<string>): void {
  const e = lit.expr;
  switch (e.type) {
    case 'term':
      allVars(e.term, acc);
      break;
    case 'some':
      for (const v of e.vars) acc.add(v.name);
      break;
    case 'somein':
      if (e.key) allVars(e.key, acc);
      allVars(e.value, acc);
      allVars(e.collection, acc);
      break;
    case 'every':
      if (e.key) allVars(e.key, acc);
      allVars(e.value, acc);
      allVars(e.domain, acc);
      bodyAllVars(e.body, acc);
      break;
  }
  for (const w of lit.with) allVars(w.value, acc);
}

/** Vars occurring directly (outside closures) in a term. */
export function directVars(t: Term, acc: Set<string>): void {
  collectVars(t, acc, false);
}

/** The one walk behind allVars and directVars: they differ only in whether closures are entered. */
function collectVars(t: Term, acc: Set<string>, intoClosures: boolean): void {
  if (t.type === 'var') {
    if (!ROOTS.has(t.name)) acc.add(t.name);
    return;
  }
  if (!intoClosures && (t.type === 'arraycomp' || t.type === 'setcomp' || t.type === 'objectcomp')) return;
  forEachChild(
    t,
    (child) => collectVars(child, acc, intoClosures),
    (body) => bodyAllVars(body, acc),
  );
}

export function literalDirectVars(lit: Literal, acc: Set<string>): void {
  const e = lit.expr;
  switch (e.type) {
    case 'term':
      directVars(e.term, acc);
      break;
    case 'some':
      break;
    case 'somein':
      if (e.key) directVars(e.key, acc);
      directVars(e.value, acc);
      directVars(e.collection, acc);
      break;
    case 'every':
      directVars(e.domain, acc);
      break;
  }
  for (const w of lit.with) directVars(w.value, acc);
}

function subset(needs: Set<string>, bound: ReadonlySet<string>): boolean {
  for (const v of needs) if (!bound.has(v)) return false;
  return true;
}

function known(t: Term, bound: ReadonlySet<string>, outer: ReadonlySet<string>): boolean {
  const n = new Set<string>();
  termNeeds(t, outer, n);
  if (!subset(n, bound)) {
    // vars bound by iterating a ref inside the same term (`x == xs[x]`) are not needed from outside
    const outs = new Set<string>();
    refOutputs(t, outs);
    for (const v of outs) n.delete(v);
    return subset(n, bound);
  }
  return true;
}

/** Vars in ref path positions of a term (bound by iteration when the ref is evaluated). */
export function refOutputs(t: Term, acc: Set<string>): void {
  switch (t.type) {
    case 'ref':
      refOutputs(t.head, acc);
      for (const p of t.path) {
        if (p.type === 'var') acc.add(p.name);
        else if (p.type === 'array' || p.type === 'object') directVars(p, acc);
        else refOutputs(p, acc);
      }
      return;
    case 'call':
      for (const a of t.args) refOutputs(a, acc);
      return;
    case 'array':
    case 'set':
      for (const x of t.items) refOutputs(x, acc);
      return;
    case 'object':
      for (const [k, v] of t.entries) {
        refOutputs(k, acc);
        refOutputs(v, acc);
      }
      return;
    default:
      return;
  }
}

/** Can `t` receive a value by unification once `bound` vars are bound? */
function isPattern(t: Term, bound: ReadonlySet<string>, outer: ReadonlySet<string>): boolean {
  switch (t.type) {
    case 'var':
    case 'scalar':
      return true;
    case 'array':
      return t.items.every((x) => isPattern(x, bound, outer));
    case 'object':
      return t.entries.every(([k, v]) => known(k, bound, outer) && isPattern(v, bound, outer));
    default:
      return known(t, bound, outer);
  }
}

/** Can `a = b` run with `bound`? Adds newly bound vars to `out` when it can. */
export function canUnify(a: Term, b: Term, bound: ReadonlySet<string>, outer: ReadonlySet<string>): boolean {
  if (known(a, bound, outer) && isPattern(b, bound, outer)) return true;
  if (known(b, bound, outer) && isPattern(a, bound, outer)) return true;
  if (a.type === 'array' && b.type === 'array' && a.items.length === b.items.length) {
    const pairs = a.items.map((x, i) => [x, b.items[i]!] as const);
    return canUnifyPairs(pairs, bound, outer);
  }
  if (a.type === 'object' && b.type === 'object' && a.entries.length === b.entries.length) {
    // pair entries by constant key
    const pairs: (readonly [Term, Term])[] = [];
    for (const [k, v] of a.entries) {
      const other = b.entries.find(([k2]) => k2.type === 'scalar' && k.type === 'scalar' && k2.value === k.value);
      if (!other) return false;
      pairs.push([v, other[1]]);
    }
    return canUnifyPairs(pairs, bound, outer);
  }
  return false;
}

function canUnifyPairs(pairs: (readonly [Term, Term])[], bound: ReadonlySet<string>, outer: ReadonlySet<string>): boolean {
  const b = new Set(bound);
  const rest = [...pairs];
  while (rest.length) {
    const idx = rest.findIndex(([x, y]) => canUnify(x, y, b, outer));
    if (idx < 0) return false;
    const [x, y] = rest.splice(idx, 1)[0]!;
    directVars(x, b);
    directVars(y, b);
  }
  return true;
}

function literalReady(lit: Literal, bound: ReadonlySet<string>, outer: ReadonlySet<string>, arity: ArityLookup): boolean {
  for (const w of lit.with) if (!known(w.value, bound, outer)) return false;
  const e = lit.expr;
  if (lit.negated) {
    const vars = new Set<string>();
    if (e.type === 'term') termNeeds(e.term, outer, vars);
    else if (e.type === 'every') termNeeds(e.domain, outer, vars);
    const direct = new Set<string>();
    literalDirectVars(lit, direct);
    for (const v of direct) if (!isWildcard(v)) vars.add(v);
    for (const v of [...vars]) if (isWildcard(v)) vars.delete(v);
    return subset(vars, bound);
  }
  switch (e.type) {
    case 'some':
      return true;
    case 'somein': {
      if (!known(e.collection, bound, outer)) return false;
      return (!e.key || isPattern(e.key, bound, outer)) && isPattern(e.value, bound, outer);
    }
    case 'every': {
      if (!known(e.domain, bound, outer)) return false;
      const inner = new Set<string>();
      bodyAllVars(e.body, inner);
      for (const v of inner) if (outer.has(v) && !bound.has(v) && v !== termName(e.key) && v !== termName(e.value)) return false;
      return true;
    }
    case 'term': {
      const t = e.term;
      if (t.type === 'call') {
        if (t.name === 'eq' && !t.target) return canUnify(t.args[0]!, t.args[1]!, bound, outer);
        if (t.name === 'assign' && !t.target) return known(t.args[1]!, bound, outer) && isPattern(t.args[0]!, bound, outer);
        const n = arity(t);
        if (n !== undefined && t.args.length === n + 1) {
          const inputs = t.args.slice(0, n);
          return inputs.every((a) => known(a, bound, outer)) && isPattern(t.args[n]!, bound, outer);
        }
      }
      return known(t, bound, outer);
    }
  }
}

function termName(t: Term | undefined): string | undefined {
  return t?.type === 'var' ? t.name : undefined;
}

/**
 * Reorder `body` so each literal's inputs are bound by earlier ones.
 * `bound` holds vars bound on entry (function args, outer scope of closures).
 * Returns the ordered body and the vars bound at its end.
 */
export function scheduleBody(body: Body, bound: ReadonlySet<string>, arity: ArityLookup, file: string): { body: Body; bound: Set<string> } {
  const outer = new Set<string>(bound);
  for (const lit of body) literalDirectVars(lit, outer);
  for (const lit of body) if (lit.expr.type === 'some') for (const v of lit.expr.vars) outer.add(v.name);
  const b = new Set(bound);
  const rest = [...body];
  const out: Literal[] = [];
  while (rest.length) {
    const i = rest.findIndex((lit) => literalReady(lit, b, outer, arity));
    if (i < 0) {
      const unsafe = new Set<string>();
      for (const lit of rest) {
        const vars = new Set<string>();
        literalDirectVars(lit, vars);
        for (const v of vars) if (!b.has(v) && !isWildcard(v)) unsafe.add(v);
      }
      const names = [...unsafe].sort();
      const lit = rest[0]!;
      throw new RegoError('rego_unsafe_var_error', `var ${(names[0] ?? '_').replace(/\$\d+$/, '')} is unsafe`, { file, line: lit.loc.line, col: lit.loc.col });
    }
    const lit = rest.splice(i, 1)[0]!;
    out.push(lit);
    if (!lit.negated) {
      const e = lit.expr;
      if (e.type === 'term') directVars(e.term, b);
      else if (e.type === 'somein') {
        if (e.key) directVars(e.key, b);
        directVars(e.value, b);
        directVars(e.collection, b);
      }
    }
  }
  return { body: out, bound: b };
}
