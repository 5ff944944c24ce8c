/**
 * Name resolution: turns the names of a parsed rule into what they denote
 * (locals, renamed `:=`/`some` declarations, `data`/`input` refs through imports
 * and package rules, builtin or user function calls, `with` targets).
 */
import type { Body, CallTarget, CallTerm, Expr, Literal, Module, Term, VarTerm, WithModifier, WithTarget } from './ast.js';
import { getBuiltin, type ArgType } from './builtins/registry.js';
import { RegoError, type Location } from './errors.js';
import { allVars } from './safety.js';

/** Names visible in a body: locals, and `:=`/`some` declarations renamed to unique names (source-order scoping). */
export class Scope {
  constructor(
    readonly locals: Set<string>,
    readonly renames: Map<string, string> = new Map(),
  ) {}
  has(name: string): boolean {
    return this.locals.has(name) || this.renames.has(name);
  }
  /** names declared with `:=` in this very body (redeclaring one is an error) */
  readonly assignedHere = new Set<string>();
  /** local names used so far in this body before any declaration (`:=` on them later is an error) */
  readonly usedHere = new Set<string>();
  child(locals: Set<string>): Scope {
    return new Scope(locals, new Map(this.renames));
  }
  declare(name: string): string {
    if (name === '_' || name.startsWith('_$')) return name;
    declCounter++;
    const unique = `${name}$${declCounter}`;
    this.renames.set(name, unique);
    return unique;
  }
}

let declCounter = 0;

/** The name a user wrote for a (possibly renamed) variable. */
export function userVarName(name: string): string {
  const i = name.indexOf('$');
  return i > 0 ? name.slice(0, i) : name;
}

let wildcardCounter = 0;
function freshWildcard(): string {
  wildcardCounter++;
  return `_$${wildcardCounter}`;
}

/** A resolved call term, built field by field (object spread that adds keys is slow in V8). */
function callWith(t: CallTerm, args: Term[], target: CallTarget): CallTerm {
  return { type: 'call', name: t.name, nameRef: t.nameRef, args, loc: t.loc, target };
}

export class Resolver {
  constructor(
    private readonly module: Module,
    private readonly aliases: Map<string, Term>,
    private readonly packageNames: Set<string>,
    private readonly functionArity: Map<string, number>,
    private readonly custom: Record<string, number>,
    private readonly errors: RegoError[],
  ) {}

  private err(code: RegoError['code'], msg: string, loc: Location): void {
    this.errors.push(new RegoError(code, msg, loc));
  }

  /** term for a global name, or undefined when the name is local */
  global(name: string, loc: Location): Term | undefined {
    if (name === 'input' || name === 'data') return { type: 'var', name, loc };
    const alias = this.aliases.get(name);
    if (alias) return alias;
    if (this.packageNames.has(name)) {
      return dataRef([...this.module.packagePath, name], loc);
    }
    return undefined;
  }

  term(t: Term, locals: Scope): Term {
    switch (t.type) {
      case 'scalar':
        return t;
      case 'var': {
        if (t.name === '_') return { type: 'var', name: freshWildcard(), loc: t.loc };
        const renamed = locals.renames.get(t.name);
        if (renamed) return { ...t, name: renamed };
        if (locals.has(t.name)) {
          locals.usedHere.add(t.name);
          return t;
        }
        return this.global(t.name, t.loc) ?? t;
      }
      case 'ref': {
        const head = this.term(t.head, locals);
        const path = t.path.map((p) => this.term(p, locals));
        if (head.type === 'ref') return { type: 'ref', head: head.head, path: [...head.path, ...path], loc: t.loc };
        return { type: 'ref', head, path, loc: t.loc };
      }
      case 'array':
        return { ...t, items: t.items.map((x) => this.term(x, locals)) };
      case 'set':
        return { ...t, items: t.items.map((x) => this.term(x, locals)) };
      case 'object':
        return { ...t, entries: t.entries.map(([k, v]) => [this.term(k, locals), this.term(v, locals)] as [Term, Term]) };
      case 'template':
        return { ...t, parts: t.parts.map((p) => (typeof p === 'string' ? p : this.term(p, locals))) };
      case 'call':
        return this.call(t, locals);
      case 'arraycomp':
      case 'setcomp': {
        const inner = locals.child(this.bodyLocals(t.body, locals.locals));
        const body = this.body(t.body, inner);
        return { ...t, head: this.term(t.head, inner), body };
      }
      case 'objectcomp': {
        const inner = locals.child(this.bodyLocals(t.body, locals.locals));
        const body = this.body(t.body, inner);
        return { ...t, key: this.term(t.key, inner), value: this.term(t.value, inner), body };
      }
    }
  }

  private call(t: CallTerm, locals: Scope): Term {
    const args = t.args.map((a) => this.term(a, locals));
    if (t.name === 'eq' || t.name === 'assign') return { ...t, args };
    const names = t.name.split('.');
    let path: string[] | undefined;
    if (names[0] === 'data') path = names.slice(1);
    else if (!locals.has(names[0]!)) {
      const g = names[0] === 'input' ? undefined : this.global(names[0]!, t.loc);
      if (g && g.type === 'ref' && g.head.type === 'var' && g.head.name === 'data') {
        const base = g.path.map((p) => (p.type === 'scalar' ? String(p.value) : '?'));
        path = [...base, ...names.slice(1)];
      }
    }
    if (path) {
      const key = path.join('.');
      const arity = this.functionArity.get(key);
      if (arity === undefined) {
        if (getBuiltin(t.name)) return callWith(t, args, { kind: 'builtin', name: t.name });
        this.err('rego_type_error', `undefined function data.${key}`, t.loc);
        return { ...t, args };
      }
      if (args.length !== arity && args.length !== arity + 1) {
        this.err('rego_type_error', `function data.${key} has arity ${arity}, got ${args.length} arguments`, t.loc);
      }
      return callWith(t, args, { kind: 'function', path });
    }
    const b = getBuiltin(t.name);
    if (b) {
      if (b.deprecated && this.module.regoVersion === 'v1') {
        this.err('rego_type_error', `undefined function ${t.name}`, t.loc);
      }
      const n = b.args.length;
      if (!b.variadic && args.length !== n && args.length !== n + 1) {
        const which = args.length < n ? 'too few' : 'too many';
        this.err('rego_type_error', `${t.name}: arity mismatch: ${which} arguments (expected ${n}, got ${args.length})`, t.loc);
      } else {
        // constants of the wrong type are caught at compile time, as OPA's type checker does
        for (let i = 0; i < Math.min(n, args.length); i++) {
          const have = staticType(args[i]!);
          if (have && !typeAccepts(b.args[i]!, have)) {
            this.err('rego_type_error', `${t.name}: invalid argument(s): operand ${i + 1} must be ${typeText(b.args[i]!)} but got ${have}`, t.loc);
            break;
          }
        }
      }
      return callWith(t, args, { kind: 'builtin', name: t.name });
    }
    if (this.custom[t.name] !== undefined) return callWith(t, args, { kind: 'builtin', name: t.name });
    if (t.name.startsWith('internal.member_')) return callWith(t, args, { kind: 'builtin', name: t.name });
    this.err('rego_type_error', `undefined function ${t.name}`, t.loc);
    return { ...t, args };
  }

  /** locals declared by a body (`:=` targets, `some`, `some .. in`, `every` vars) plus outer locals */
  bodyLocals(body: Body, outer: ReadonlySet<string>): Set<string> {
    const locals = new Set(outer);
    for (const lit of body) {
      const e = lit.expr;
      if (e.type === 'some') for (const v of e.vars) locals.add(v.name);
      else if (e.type === 'somein') {
        if (e.key) allVars(e.key, locals);
        allVars(e.value, locals);
      } else if (e.type === 'term' && e.term.type === 'call' && e.term.name === 'assign') allVars(e.term.args[0]!, locals);
    }
    // any other var that is not a global is local too
    for (const lit of body) {
      const vs = new Set<string>();
      literalVarsShallow(lit, vs, false);
      for (const v of vs) if (!this.global(v, lit.loc)) locals.add(v);
    }
    return locals;
  }

  /** Resolve a body in source order; `:=` and `some` declarations rename vars from there on. */
  body(body: Body, locals: Scope): Body {
    return body.map((lit) => this.literal(lit, locals));
  }

  private declareVars(t: Term, scope: Scope): void {
    const vs = new Set<string>();
    allVars(t, vs);
    for (const v of vs) scope.declare(v);
  }

  private literal(lit: Literal, locals: Scope): Literal {
    const e = lit.expr;
    let expr: Expr;
    switch (e.type) {
      case 'term': {
        const t = e.term;
        if (t.type === 'call' && t.name === 'assign' && !lit.negated) {
          const rhs = this.term(t.args[1]!, locals);
          const targets = new Set<string>();
          allVars(t.args[0]!, targets);
          const lhs0 = t.args[0]!;
          if (lhs0.type === 'var' && (lhs0.name === 'input' || lhs0.name === 'data')) targets.add(lhs0.name);
          for (const v of targets) {
            if (v === 'input' || v === 'data') {
              if (this.module.regoVersion === 'v1') this.err('rego_compile_error', `variables must not shadow ${v} (use a different variable name)`, lit.loc);
              // v0 allows `input := {...}`: later uses in this body see the local
              else locals.declare(v);
            } else if (locals.assignedHere.has(v)) this.err('rego_compile_error', `var ${v} assigned above`, lit.loc);
            else if (locals.usedHere.has(v) && !locals.renames.has(v)) this.err('rego_compile_error', `var ${v} referenced above`, lit.loc);
            locals.assignedHere.add(v);
          }
          this.declareVars(t.args[0]!, locals);
          const lhs = this.term(t.args[0]!, locals);
          expr = { type: 'term', term: { ...t, args: [lhs, rhs] } };
          break;
        }
        expr = { type: 'term', term: this.term(t, locals) };
        break;
      }
      case 'some':
        for (const v of e.vars) locals.declare(v.name);
        expr = { type: 'some', vars: e.vars.map((v) => this.term(v, locals) as VarTerm) };
        break;
      case 'somein': {
        const collection = this.term(e.collection, locals);
        if (e.key) this.declareVars(e.key, locals);
        this.declareVars(e.value, locals);
        expr = {
          type: 'somein',
          key: e.key && this.term(e.key, locals),
          value: this.term(e.value, locals),
          collection,
        };
        break;
      }
      case 'every': {
        const inner = new Set(locals.locals);
        if (e.key) allVars(e.key, inner);
        allVars(e.value, inner);
        const scope = locals.child(this.bodyLocals(e.body, inner));
        if (e.key) this.declareVars(e.key, scope);
        this.declareVars(e.value, scope);
        const inner2 = scope;
        expr = {
          type: 'every',
          key: e.key && this.term(e.key, inner2),
          value: this.term(e.value, inner2),
          domain: this.term(e.domain, locals),
          body: this.body(e.body, inner2),
        };
        break;
      }
    }
    return { ...lit, expr, with: lit.with.map((w) => this.withModifier(w, locals)) };
  }

  private withModifier(w: WithModifier, locals: Scope): WithModifier {
    const replacement = this.functionReplacement(w.value, locals);
    const value: Term = replacement ? { type: 'scalar', value: null, loc: w.value.loc } : this.term(w.value, locals);
    const t = w.target;
    const names: string[] = [];
    let head: string | undefined;
    const pathTerms: Term[] = [];
    if (t.type === 'var') head = t.name;
    else if (t.type === 'ref' && t.head.type === 'var') {
      head = t.head.name;
      for (const p of t.path) {
        pathTerms.push(p);
        if (p.type === 'scalar' && typeof p.value === 'string') names.push(p.value);
        else names.push('\u0000');
      }
    }
    if (head === undefined) {
      this.err('rego_type_error', 'with keyword target must reference existing input, data, or a function', w.loc);
      return { ...w, value };
    }
    let resolved: WithTarget | undefined;
    if (head === 'input') resolved = { kind: 'input', path: pathTerms };
    else {
      const dotted = [head, ...names].join('.');
      let path: string[] | undefined;
      if (head === 'data') path = names;
      else {
        const g = this.global(head, w.loc);
        if (g && g.type === 'ref' && g.head.type === 'var' && g.head.name === 'data') path = [...g.path.map((p) => String((p as { value: unknown }).value)), ...names];
        else if (g && g.type === 'var' && g.name === 'input') resolved = { kind: 'input', path: pathTerms };
        else if (g && g.type === 'ref' && g.head.type === 'var' && g.head.name === 'input') resolved = { kind: 'input', path: [...g.path, ...pathTerms] };
      }
      if (!resolved) {
        if (path && this.functionArity.has(path.join('.'))) resolved = { kind: 'function', path };
        else if (path) resolved = { kind: 'data', path };
        else if (getBuiltin(dotted) || this.custom[dotted] !== undefined) resolved = { kind: 'builtin', name: dotted };
      }
    }
    if (!resolved) {
      this.err('rego_compile_error', `with keyword target must reference existing input, data, or a function`, w.loc);
      return { ...w, value };
    }
    if (replacement && resolved.kind !== 'function' && resolved.kind !== 'builtin') {
      this.err('rego_compile_error', 'with keyword replacing a value cannot be a function', w.loc);
    }
    return { target: w.target, value, loc: w.loc, resolved, replacement };
  }

  /** `with f as g` where g names a function or builtin */
  private functionReplacement(t: Term, locals: Scope): WithModifier['replacement'] {
    let names: string[] | undefined;
    if (t.type === 'var') names = [t.name];
    else if (t.type === 'ref' && t.head.type === 'var' && t.path.every((p) => p.type === 'scalar' && typeof p.value === 'string')) {
      names = [t.head.name, ...t.path.map((p) => (p as { value: string }).value)];
    }
    if (!names || locals.has(names[0]!)) return undefined;
    let path: string[] | undefined;
    if (names[0] === 'data') path = names.slice(1);
    else {
      const g = this.global(names[0]!, t.loc);
      if (g && g.type === 'ref' && g.head.type === 'var' && g.head.name === 'data') {
        path = [...g.path.map((p) => String((p as { value: unknown }).value)), ...names.slice(1)];
      }
    }
    if (path && this.functionArity.has(path.join('.'))) return { kind: 'function', path };
    const dotted = names.join('.');
    if (!path && (getBuiltin(dotted) || this.custom[dotted] !== undefined)) return { kind: 'builtin', name: dotted };
    return undefined;
  }
}

/** vars of a literal outside closures, including `every` key/value names */
export function literalVarsShallow(lit: Literal, acc: Set<string>, includeWith = true): void {
  const visit = (t: Term): void => {
    switch (t.type) {
      case 'var':
        acc.add(t.name);
        return;
      case 'ref':
        visit(t.head);
        t.path.forEach(visit);
        return;
      case 'array':
      case 'set':
        t.items.forEach(visit);
        return;
      case 'object':
        for (const [k, v] of t.entries) {
          visit(k);
          visit(v);
        }
        return;
      case 'call':
        t.args.forEach(visit);
        return;
      case 'template':
        for (const p of t.parts) if (typeof p !== 'string') visit(p);
        return;
      default:
        return;
    }
  };
  const e = lit.expr;
  if (e.type === 'term') visit(e.term);
  else if (e.type === 'somein') {
    if (e.key) visit(e.key);
    visit(e.value);
    visit(e.collection);
  } else if (e.type === 'every') visit(e.domain);
  if (includeWith) for (const w of lit.with) visit(w.value);
}

/** Type of a term that is a literal value (not a var, ref or call), else undefined. */
function staticType(t: Term): string | undefined {
  switch (t.type) {
    case 'scalar':
      return t.value === null ? 'null' : typeof t.value === 'object' ? 'number' : typeof t.value;
    case 'array':
    case 'arraycomp':
      return 'array';
    case 'object':
    case 'objectcomp':
      return 'object';
    case 'set':
    case 'setcomp':
      return 'set';
    case 'template':
      return 'string';
    default:
      return undefined;
  }
}

function typeAccepts(declared: ArgType, have: string): boolean {
  if (typeof declared === 'string') return declared === 'any' || declared === have;
  return declared.some((d) => typeAccepts(d, have));
}

function typeText(declared: ArgType): string {
  return typeof declared === 'string' ? declared : `one of {${declared.map(typeText).join(', ')}}`;
}

export function dataRef(path: string[], loc: Location): Term {
  return {
    type: 'ref',
    head: { type: 'var', name: 'data', loc },
    path: path.map((p) => ({ type: 'scalar' as const, value: p, loc })),
    loc,
  };
}
