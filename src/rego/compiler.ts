/**
 * Compiler: parses modules, merges them into one document tree under `data`,
 * resolves names (imports, package rules, builtins), reorders bodies for safety,
 * and rejects recursion. The result is evaluated by evaluator.ts.
 */
import type { Body, CallTerm, Expr, Literal, Module, Rule, Term, VarTerm, WithModifier, WithTarget } from './ast.js';
import { getBuiltin, type ArgType } from './builtins/registry.js';
import { registerAllBuiltins } from './builtins/index.js';
import { RegoCompileErrors, RegoError, type Location } from './errors.js';
import { parseModule, parseQuery, type ParseOptions } from './parser.js';
import { allVars, scheduleBody, termNeeds, type ArityLookup } from './safety.js';
import { strictErrors } from './strict.js';

export interface ModuleSource {
  file: string;
  source: string;
}

export interface CompileOptions extends ParseOptions {
  /** extra builtin-like functions supplied by the host, by name -> arity (e.g. trivy's result.new) */
  customFunctions?: Record<string, number>;
  /** strict mode: unused imports and assignments, deprecated builtins are errors */
  strict?: boolean;
}

/** One node of the document tree below `data`: package segments and ground rule paths. */
export class DocNode {
  readonly children = new Map<string, DocNode>();
  /** ground complete rules defined exactly here */
  readonly complete: Rule[] = [];
  defaultRule: Rule | undefined;
  /** ground multi-value rules (`p contains x`) defined here */
  readonly multi: Rule[] = [];
  /** rules whose head continues with non-ground terms below this node (`p[x] := y`) */
  readonly dynamic: Rule[] = [];
  readonly functions: Rule[] = [];
  defaultFunction: Rule | undefined;
  /** set by the compiler: the value never depends on input, `with` or non-deterministic builtins (cacheable across evaluations) */
  inputIndependent = false;
  /** dotted path ("a.b.f"), for cache keys and messages */
  readonly key: string;
  constructor(readonly path: string[]) {
    this.key = path.join('.');
  }

  child(key: string): DocNode {
    let c = this.children.get(key);
    if (!c) {
      c = new DocNode([...this.path, key]);
      this.children.set(key, c);
    }
    return c;
  }

  get hasValueRules(): boolean {
    return this.complete.length > 0 || this.multi.length > 0 || this.dynamic.length > 0 || this.defaultRule !== undefined;
  }
}

export interface CompiledModules {
  root: DocNode;
  modules: Module[];
  /** function arity by data path ("a.b.f") */
  functionArity: Map<string, number>;
}

/** Names visible in a body: locals, and `:=`/`some` declarations renamed to unique names (source-order scoping). */
class Scope {
  constructor(
    readonly locals: Set<string>,
    readonly renames: Map<string, string> = new Map(),
  ) {}
  has(name: string): boolean {
    return this.locals.has(name) || this.renames.has(name);
  }
  /** names declared with `:=` in this very body (redeclaring one is an error) */
  readonly assignedHere = new Set<string>();
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

class Resolver {
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
        if (locals.has(t.name)) return t;
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
        if (getBuiltin(t.name)) return { ...t, args, target: { kind: 'builtin', name: t.name } };
        this.err('rego_type_error', `undefined function data.${key}`, t.loc);
        return { ...t, args };
      }
      if (args.length !== arity && args.length !== arity + 1) {
        this.err('rego_type_error', `function data.${key} has arity ${arity}, got ${args.length} arguments`, t.loc);
      }
      return { ...t, args, target: { kind: 'function', path } };
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
      return { ...t, args, target: { kind: 'builtin', name: t.name } };
    }
    if (this.custom[t.name] !== undefined) return { ...t, args, target: { kind: 'builtin', name: t.name } };
    if (t.name.startsWith('internal.member_')) return { ...t, args, target: { kind: 'builtin', name: t.name } };
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
            } else if (locals.assignedHere.has(v)) this.err('rego_compile_error', `var ${v} assigned above`, lit.loc);
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
    return { ...w, value, resolved, replacement };
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
function literalVarsShallow(lit: Literal, acc: Set<string>, includeWith = true): void {
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

/** Split a rule head ref into its ground path (strings) and the rest. */
function splitHead(ref: Term[]): { ground: string[]; suffix: Term[] } {
  const ground = [(ref[0] as VarTerm).name];
  let i = 1;
  for (; i < ref.length; i++) {
    const t = ref[i]!;
    if (t.type === 'scalar' && typeof t.value === 'string') ground.push(t.value);
    else break;
  }
  return { ground, suffix: ref.slice(i) };
}

function importAliases(module: Module, errors: RegoError[], strict: boolean): Map<string, Term> {
  const aliases = new Map<string, Term>();
  for (const imp of module.imports) {
    const t = imp.path;
    const head = t.type === 'var' ? t.name : t.type === 'ref' && t.head.type === 'var' ? t.head.name : '';
    if (head === 'future' || head === 'rego') continue;
    if (head !== 'data' && head !== 'input') {
      errors.push(new RegoError('rego_parse_error', `invalid path ${head}: path must begin with input or data`, imp.loc));
      continue;
    }
    const segs = t.type === 'ref' ? t.path.map((p) => String((p as { value: unknown }).value)) : [];
    const alias = imp.alias ?? (segs.length ? segs[segs.length - 1]! : head);
    if (alias === head && segs.length === 0) continue;
    const term: Term = { type: 'ref', head: { type: 'var', name: head, loc: imp.loc }, path: segs.map((s) => ({ type: 'scalar' as const, value: s, loc: imp.loc })), loc: imp.loc };
    if (aliases.has(alias) && (module.regoVersion === 'v1' || strict)) {
      errors.push(new RegoError('rego_compile_error', `import must not shadow import ${alias}`, imp.loc));
    }
    aliases.set(alias, segs.length ? term : { type: 'var', name: head, loc: imp.loc });
  }
  return aliases;
}

/** Compile parsed or source modules into a document tree. Throws RegoCompileErrors. */
export function compileModules(sources: (ModuleSource | Module)[], options: CompileOptions = {}): CompiledModules {
  registerAllBuiltins();
  const errors: RegoError[] = [];
  const modules: Module[] = [];
  for (const s of sources) {
    if ('packagePath' in s) {
      modules.push(s);
      continue;
    }
    try {
      modules.push(parseModule(s.source, s.file, options));
    } catch (e) {
      if (e instanceof RegoError) errors.push(e);
      else if (e instanceof RangeError) errors.push(new RegoError('rego_parse_error', 'module nested too deeply', { file: s.file, line: 1, col: 1 }));
      else throw e;
    }
  }
  if (errors.length) throw new RegoCompileErrors(errors);

  // ground paths, package names and function arities first: resolution needs them all
  const packageNames = new Map<string, Set<string>>();
  const functionArity = new Map<string, number>();
  for (const m of modules) {
    const key = m.packagePath.join('.');
    let names = packageNames.get(key);
    if (!names) packageNames.set(key, (names = new Set()));
    for (const r of m.rules) {
      const { ground, suffix } = splitHead(r.ref);
      r.path = [...m.packagePath, ...ground];
      r.suffix = suffix;
      r.file = m.file;
      names.add(ground[0]!);
      if (r.kind === 'function') {
        const fkey = r.path.join('.');
        const prev = functionArity.get(fkey);
        if (prev !== undefined && prev !== r.args!.length) {
          errors.push(new RegoError('rego_type_error', `conflicting rules data.${fkey} found`, r.loc));
        }
        functionArity.set(fkey, r.args!.length);
      }
    }
  }

  const custom = options.customFunctions ?? {};
  const arity: ArityLookup = (call) => {
    if (call.target?.kind === 'function') return functionArity.get(call.target.path.join('.'));
    if (call.target?.kind === 'builtin') {
      const b = getBuiltin(call.target.name);
      if (b) return b.variadic ? undefined : b.args.length;
      if (call.target.name === 'internal.member_2') return 2;
      if (call.target.name === 'internal.member_3') return 3;
      return custom[call.target.name];
    }
    return undefined;
  };

  const root = new DocNode([]);
  for (const m of modules) {
    const aliases = importAliases(m, errors, options.strict === true);
    const resolver = new Resolver(m, aliases, packageNames.get(m.packagePath.join('.'))!, functionArity, custom, errors);
    const compiled: Rule[] = [];
    for (const r of m.rules) {
      const before = errors.length;
      try {
        const c = compileRule(r, resolver, arity, () => errors.length > before);
        if (c) compiled.push(c);
      } catch (e) {
        if (e instanceof RegoError) errors.push(e);
        else throw e;
      }
    }
    let pkgNode = root;
    for (const seg of m.packagePath) pkgNode = pkgNode.child(seg);
    if (options.strict) errors.push(...strictErrors(m, compiled));
    for (const r of compiled) addRule(root, r, errors);
  }
  if (errors.length) throw new RegoCompileErrors(errors);
  checkDocumentConflicts(root, errors);
  if (errors.length) throw new RegoCompileErrors(errors);
  const deps = checkRecursion(root, errors);
  if (errors.length) throw new RegoCompileErrors(errors);
  markInputIndependent(deps);
  return { root, modules, functionArity };
}

/** Resolve and schedule one rule; undefined when resolution already failed (avoids follow-on errors). */
function compileRule(r: Rule, resolver: Resolver, arity: ArityLookup, failed: () => boolean): Rule | undefined {
  // locals: function args and every non-global var of the body
  const argLocals = new Set<string>();
  for (const a of r.args ?? []) allVars(a, argLocals);
  const headLocal = new Set<string>();
  for (const t of r.suffix ?? []) allVars(t, headLocal);
  if (r.member) allVars(r.member, headLocal);
  if (r.value) allVars(r.value, headLocal);
  const resolveBranch = (body: Body, value: Term | undefined) => {
    const localSet = resolver.bodyLocals(body, argLocals);
    for (const v of headLocal) if (!resolver.global(v, r.loc)) localSet.add(v);
    const locals = new Scope(localSet);
    const rb = resolver.body(body, locals);
    return { body: rb, value: value && resolver.term(value, locals), locals };
  };
  const main = resolveBranch(r.body, r.value);
  const args = r.args?.map((a) => resolver.term(a, main.locals));
  const suffix = r.suffix!.map((t) => resolver.term(t, main.locals));
  const member = r.member && resolver.term(r.member, main.locals);
  const elseBranches = r.elses.map((e) => resolveBranch(e.body, e.value));
  if (failed()) return undefined;
  const bound0 = new Set<string>();
  for (const a of args ?? []) allVars(a, bound0);
  const file = r.file!;
  const sched = scheduleBody(main.body, bound0, arity, file);
  const rule: Rule = { ...r, args, suffix, member, value: main.value, body: sched.body };
  checkHeadSafe(rule, sched.bound, file);
  rule.elses = r.elses.map((e, i) => {
    const br = elseBranches[i]!;
    const s = scheduleBody(br.body, bound0, arity, file);
    return { value: br.value, body: s.body, loc: e.loc };
  });
  scheduleClosures(rule, arity, file);
  return rule;
}

function checkHeadSafe(rule: Rule, bound: Set<string>, file: string): void {
  const needs = new Set<string>();
  for (const t of [...(rule.suffix ?? []), rule.member, rule.value]) if (t) termNeeds(t, bound, needs);
  for (const v of needs) {
    if (!bound.has(v)) throw new RegoError('rego_unsafe_var_error', `var ${v} is unsafe`, { file, line: rule.loc.line, col: rule.loc.col });
  }
}

/** Reorder the bodies of comprehensions and `every` (they see the enclosing scope's vars as bound). */
function scheduleClosures(rule: Rule, arity: ArityLookup, file: string): void {
  const outerOf = (body: Body, bound: Set<string>): Set<string> => {
    const acc = new Set(bound);
    for (const lit of body) {
      const vs = new Set<string>();
      literalVarsShallow(lit, vs);
      for (const v of vs) acc.add(v);
    }
    return acc;
  };
  const visitTerm = (t: Term, scope: Set<string>): Term => {
    switch (t.type) {
      case 'arraycomp':
      case 'setcomp':
      case 'objectcomp': {
        const s = scheduleBody(t.body, scope, arity, file);
        const inner = outerOf(s.body, s.bound);
        const body = visitBody(s.body, inner);
        if (t.type === 'objectcomp') {
          for (const v of [t.key, t.value]) checkTermBound(v, s.bound, file);
          return { ...t, key: visitTerm(t.key, inner), value: visitTerm(t.value, inner), body };
        }
        checkTermBound(t.head, s.bound, file);
        return { ...t, head: visitTerm(t.head, inner), body };
      }
      case 'ref':
        return { ...t, head: visitTerm(t.head, scope), path: t.path.map((p) => visitTerm(p, scope)) };
      case 'array':
      case 'set':
        return { ...t, items: t.items.map((x) => visitTerm(x, scope)) };
      case 'object':
        return { ...t, entries: t.entries.map(([k, v]) => [visitTerm(k, scope), visitTerm(v, scope)] as [Term, Term]) };
      case 'call':
        return { ...t, args: t.args.map((a) => visitTerm(a, scope)) };
      case 'template':
        return { ...t, parts: t.parts.map((p) => (typeof p === 'string' ? p : visitTerm(p, scope))) };
      default:
        return t;
    }
  };
  const visitBody = (body: Body, scope: Set<string>): Body =>
    body.map((lit) => {
      const e = lit.expr;
      let expr: Expr = e;
      if (e.type === 'term') expr = { type: 'term', term: visitTerm(e.term, scope) };
      else if (e.type === 'somein') expr = { ...e, collection: visitTerm(e.collection, scope) };
      else if (e.type === 'every') {
        const bound = new Set(scope);
        if (e.key) allVars(e.key, bound);
        allVars(e.value, bound);
        const s = scheduleBody(e.body, bound, arity, file);
        expr = { ...e, domain: visitTerm(e.domain, scope), body: visitBody(s.body, outerOf(s.body, s.bound)) };
      }
      return { ...lit, expr, with: lit.with.map((w) => ({ ...w, value: visitTerm(w.value, scope) })) };
    });
  const scopeOf = (body: Body): Set<string> => {
    const acc = new Set<string>();
    for (const a of rule.args ?? []) allVars(a, acc);
    return outerOf(body, acc);
  };
  rule.body = visitBody(rule.body, scopeOf(rule.body));
  if (rule.value) rule.value = visitTerm(rule.value, scopeOf(rule.body));
  rule.elses = rule.elses.map((e) => {
    const scope = scopeOf(e.body);
    return { ...e, body: visitBody(e.body, scope), value: e.value && visitTerm(e.value, scope) };
  });
}

function checkTermBound(t: Term, bound: Set<string>, file: string): void {
  const acc = new Set<string>();
  allVars(t, acc);
  for (const v of acc) if (!bound.has(v)) throw new RegoError('rego_unsafe_var_error', `var ${v} is unsafe`, { file, line: t.loc.line, col: t.loc.col });
}

function addRule(root: DocNode, r: Rule, errors: RegoError[]): void {
  let node = root;
  for (const seg of r.path!) node = node.child(seg);
  if (r.kind === 'function') {
    if (r.isDefault) {
      if (node.defaultFunction) errors.push(new RegoError('rego_type_error', `multiple default rules data.${r.path!.join('.')} found`, r.loc));
      node.defaultFunction = r;
    } else node.functions.push(r);
    return;
  }
  if (r.isDefault) {
    if (node.defaultRule) errors.push(new RegoError('rego_type_error', `multiple default rules data.${r.path!.join('.')} found`, r.loc));
    node.defaultRule = r;
    return;
  }
  if (r.suffix!.length > 0) node.dynamic.push(r);
  else if (r.kind === 'multi') node.multi.push(r);
  else node.complete.push(r);
  if ((node.multi.length > 0 && (node.complete.length > 0 || node.defaultRule)) || (node.functions.length > 0 && node.hasValueRules)) {
    errors.push(new RegoError('rego_type_error', `conflicting rules data.${r.path!.join('.')} found`, r.loc));
  }
}

/** A document defined as a whole (p := ..., p contains ...) cannot also have rules below it. */
function checkDocumentConflicts(root: DocNode, errors: RegoError[]): void {
  const ruleNodesBelow = (n: DocNode, acc: DocNode[]): DocNode[] => {
    for (const c of n.children.values()) {
      if (c.hasValueRules || c.functions.length || c.defaultFunction) acc.push(c);
      ruleNodesBelow(c, acc);
    }
    return acc;
  };
  const visit = (n: DocNode): void => {
    const whole = n.complete.length > 0 || n.multi.length > 0 || n.defaultRule !== undefined;
    if (whole || n.functions.length > 0) {
      const below = ruleNodesBelow(n, []);
      const rule = n.complete[0] ?? n.multi[0] ?? n.defaultRule ?? n.functions[0]!;
      if (below.length > 0) {
        errors.push(new RegoError('rego_type_error', `rule data.${n.key} conflicts with [${below.map((b) => `data.${b.key}`).join(' ')}]`, { file: rule.file ?? '', line: rule.loc.line, col: rule.loc.col }));
        return;
      }
      if (whole && n.dynamic.length > 0) {
        errors.push(new RegoError('rego_type_error', `conflicting rules data.${n.key} found`, { file: rule.file ?? '', line: rule.loc.line, col: rule.loc.col }));
        return;
      }
    }
    for (const c of n.children.values()) visit(c);
  };
  visit(root);
}

// ------------------------------------------------------------------ recursion

function checkRecursion(root: DocNode, errors: RegoError[]): Map<DocNode, Set<DocNode>> {
  const nodes: DocNode[] = [];
  const walk = (n: DocNode) => {
    if (n.hasValueRules || n.functions.length || n.defaultFunction) nodes.push(n);
    for (const c of n.children.values()) walk(c);
  };
  walk(root);
  const isRuleNode = (n: DocNode) => n.hasValueRules || n.functions.length > 0 || n.defaultFunction !== undefined;
  const subtree = new Map<DocNode, DocNode[]>();
  const ruleNodesUnder = (n: DocNode): DocNode[] => {
    let list = subtree.get(n);
    if (!list) {
      list = isRuleNode(n) ? [n] : [];
      for (const c of n.children.values()) list.push(...ruleNodesUnder(c));
      subtree.set(n, list);
    }
    return list;
  };
  const deps = new Map<DocNode, Set<DocNode>>();
  for (const n of nodes) {
    const out = new Set<DocNode>();
    const rules = [...n.complete, ...n.multi, ...n.dynamic, ...n.functions, ...(n.defaultRule ? [n.defaultRule] : [])];
    for (const r of rules) {
      for (const path of ruleDataRefs(r)) {
        if (path.length === 0) continue; // data[x]: too dynamic to tell (OPA does not report these either)
        // a ref depends on the rule nodes along its path and every rule node below it
        let cur: DocNode | undefined = root;
        for (const seg of path) {
          cur = cur.children.get(seg);
          if (!cur) break;
          if (isRuleNode(cur)) out.add(cur);
        }
        if (cur) for (const m of ruleNodesUnder(cur)) out.add(m);
      }
    }
    deps.set(n, out);
  }
  const state = new Map<DocNode, number>();
  const stack: DocNode[] = [];
  const reported = new Set<string>();
  const visit = (n: DocNode): void => {
    state.set(n, 1);
    stack.push(n);
    for (const d of deps.get(n) ?? []) {
      const s = state.get(d);
      if (s === 1) {
        const cycle = stack.slice(stack.indexOf(d)).map((x) => `data.${x.path.join('.')}`);
        const first = cycle[0]!;
        if (!reported.has(first)) {
          reported.add(first);
          const rule = d.complete[0] ?? d.multi[0] ?? d.dynamic[0] ?? d.functions[0] ?? d.defaultRule;
          errors.push(new RegoError('rego_recursion_error', `rule ${first} is recursive: ${[...cycle, first].join(' -> ')}`, rule ? { file: rule.file!, line: rule.loc.line, col: rule.loc.col } : undefined));
        }
      } else if (s === undefined) visit(d);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of nodes) if (!state.has(n)) visit(n);
  return deps;
}

const IMPURE_BUILTINS = new Set(['time.now_ns', 'rand.intn', 'uuid.rfc4122', 'http.send', 'net.lookup_ip_addr', 'opa.runtime', 'print', 'trace']);

/** Does a rule read input, use `with`, read all of data, or call a builtin with effects or varying results? */
function ruleIsImpure(r: Rule): boolean {
  let impure = false;
  const visitTerm = (t: Term | undefined): void => {
    if (!t || impure) return;
    switch (t.type) {
      case 'var':
        if (t.name === 'input' || t.name === 'data') impure = true;
        return;
      case 'ref':
        if (t.head.type === 'var' && t.head.name === 'data') {
          const first = t.path[0];
          if (!first || first.type !== 'scalar') impure = true;
        } else visitTerm(t.head);
        t.path.forEach(visitTerm);
        return;
      case 'call': {
        if (t.target?.kind === 'builtin') {
          const name = t.target.name;
          const def = getBuiltin(name);
          if (IMPURE_BUILTINS.has(name) || def?.nondeterministic || def?.network || !def) {
            if (!name.startsWith('internal.member_')) impure = true;
          }
        }
        t.args.forEach(visitTerm);
        return;
      }
      case 'array':
      case 'set':
        t.items.forEach(visitTerm);
        return;
      case 'object':
        for (const [k, v] of t.entries) {
          visitTerm(k);
          visitTerm(v);
        }
        return;
      case 'template':
        for (const p of t.parts) if (typeof p !== 'string') visitTerm(p);
        return;
      case 'arraycomp':
      case 'setcomp':
        visitTerm(t.head);
        visitBody(t.body);
        return;
      case 'objectcomp':
        visitTerm(t.key);
        visitTerm(t.value);
        visitBody(t.body);
        return;
      default:
        return;
    }
  };
  const visitBody = (b: Body): void => {
    for (const lit of b) {
      if (lit.with.length) impure = true;
      const e = lit.expr;
      if (e.type === 'term') visitTerm(e.term);
      else if (e.type === 'somein') {
        visitTerm(e.key);
        visitTerm(e.value);
        visitTerm(e.collection);
      } else if (e.type === 'every') {
        visitTerm(e.domain);
        visitBody(e.body);
      }
    }
  };
  visitBody(r.body);
  visitTerm(r.value);
  visitTerm(r.member);
  r.args?.forEach(visitTerm);
  r.suffix?.forEach(visitTerm);
  for (const e of r.elses) {
    visitBody(e.body);
    visitTerm(e.value);
  }
  return impure;
}

/** Mark documents whose value cannot change between evaluations with the same data. */
function markInputIndependent(deps: Map<DocNode, Set<DocNode>>): void {
  const memo = new Map<DocNode, boolean>();
  const independent = (n: DocNode): boolean => {
    const m = memo.get(n);
    if (m !== undefined) return m;
    memo.set(n, false); // cycles (rejected anyway) count as dependent
    const rules = [...n.complete, ...n.multi, ...n.dynamic, ...n.functions, ...(n.defaultRule ? [n.defaultRule] : []), ...(n.defaultFunction ? [n.defaultFunction] : [])];
    let ok = !rules.some(ruleIsImpure);
    if (ok) for (const d of deps.get(n) ?? []) if (!independent(d)) ok = false;
    memo.set(n, ok);
    return ok;
  };
  for (const n of deps.keys()) n.inputIndependent = independent(n);
}

/** Constant prefixes of every data reference and function call in a rule. */
function ruleDataRefs(r: Rule): string[][] {
  const out: string[][] = [];
  const visitTerm = (t: Term | undefined): void => {
    if (!t) return;
    switch (t.type) {
      case 'var':
        if (t.name === 'data') out.push([]);
        return;
      case 'ref': {
        if (t.head.type === 'var' && t.head.name === 'data') {
          const p: string[] = [];
          for (const s of t.path) {
            if (s.type === 'scalar' && typeof s.value === 'string') p.push(s.value);
            else break;
          }
          out.push(p);
        } else visitTerm(t.head);
        t.path.forEach(visitTerm);
        return;
      }
      case 'call':
        if (t.target?.kind === 'function') out.push(t.target.path);
        t.args.forEach(visitTerm);
        return;
      case 'array':
      case 'set':
        t.items.forEach(visitTerm);
        return;
      case 'object':
        for (const [k, v] of t.entries) {
          visitTerm(k);
          visitTerm(v);
        }
        return;
      case 'template':
        for (const p of t.parts) if (typeof p !== 'string') visitTerm(p);
        return;
      case 'arraycomp':
      case 'setcomp':
        visitTerm(t.head);
        visitBody(t.body);
        return;
      case 'objectcomp':
        visitTerm(t.key);
        visitTerm(t.value);
        visitBody(t.body);
        return;
      default:
        return;
    }
  };
  const visitBody = (b: Body): void => {
    for (const lit of b) {
      const e = lit.expr;
      if (e.type === 'term') visitTerm(e.term);
      else if (e.type === 'somein') {
        visitTerm(e.collection);
      } else if (e.type === 'every') {
        visitTerm(e.domain);
        visitBody(e.body);
      }
      for (const w of lit.with) {
        visitTerm(w.value);
      }
    }
  };
  visitBody(r.body);
  visitTerm(r.value);
  visitTerm(r.member);
  r.suffix?.forEach(visitTerm);
  for (const e of r.elses) {
    visitBody(e.body);
    visitTerm(e.value);
  }
  return out;
}

/** Compile a query body against compiled modules (vars are local; data/input roots). */
export function compileQuery(query: string, compiled: CompiledModules, options: CompileOptions = {}): Body {
  const errors: RegoError[] = [];
  let parsed: Body;
  try {
    parsed = parseQuery(query, 'query', options);
  } catch (e) {
    if (e instanceof RegoError) throw new RegoCompileErrors([e]);
    throw e;
  }
  const module: Module = { file: 'query', packagePath: [], imports: [], rules: [], regoVersion: 'v1', loc: { file: 'query', line: 1, col: 1 } };
  const custom = options.customFunctions ?? {};
  const resolver = new Resolver(module, new Map(), new Set(), compiled.functionArity, custom, errors);
  const locals = new Scope(resolver.bodyLocals(parsed, new Set()));
  const body = resolver.body(parsed, locals);
  if (errors.length) throw new RegoCompileErrors(errors);
  const arity: ArityLookup = (call) => {
    if (call.target?.kind === 'function') return compiled.functionArity.get(call.target.path.join('.'));
    if (call.target?.kind === 'builtin') {
      const b = getBuiltin(call.target.name);
      if (b) return b.variadic ? undefined : b.args.length;
      if (call.target.name === 'internal.member_2') return 2;
      if (call.target.name === 'internal.member_3') return 3;
    }
    return undefined;
  };
  try {
    const fake: Rule = { kind: 'complete', ref: [], isDefault: false, assign: false, body, elses: [], loc: module.loc, suffix: [], path: [], file: 'query' };
    const s = scheduleBody(body, new Set(), arity, 'query');
    fake.body = s.body;
    scheduleClosures(fake, arity, 'query');
    return fake.body;
  } catch (e) {
    if (e instanceof RegoError) throw new RegoCompileErrors([e]);
    throw e;
  }
}
