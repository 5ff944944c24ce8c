/**
 * Compiler: parses modules, merges them into one document tree under `data`,
 * resolves names (imports, package rules, builtins), reorders bodies for safety,
 * and rejects recursion. The result is evaluated by evaluator.ts.
 */
import type { Body, Expr, Module, Rule, Term, VarTerm } from './ast.js';
import { getBuiltin } from './builtins/registry.js';
import { registerAllBuiltins } from './builtins/index.js';
import { checkRecursion, markInputIndependent } from './dependencies.js';
import { addRule, checkDocumentConflicts, DocNode } from './doctree.js';
import { RegoCompileErrors, RegoError } from './errors.js';
import { parseModule, parseQuery, type ParseOptions } from './parser.js';
import { literalVarsShallow, Resolver, Scope } from './resolver.js';
import { allVars, scheduleBody, termNeeds, type ArityLookup } from './safety.js';
import { strictErrors } from './strict.js';

export { DocNode } from './doctree.js';
export { userVarName, dataRef } from './resolver.js';

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

export interface CompiledModules {
  root: DocNode;
  modules: Module[];
  /** function arity by data path ("a.b.f") */
  functionArity: Map<string, number>;
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
    if (!containsClosure(t)) return t; // nothing to schedule below: keep the term (no copies)
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
      const withClosures = lit.with.some((w) => containsClosure(w.value));
      if (!withClosures && (e.type === 'some' || (e.type === 'term' && !containsClosure(e.term)) || (e.type === 'somein' && !containsClosure(e.collection)))) {
        return lit; // nothing to schedule inside
      }
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

/** Does a term contain a comprehension (whose body needs scheduling)? Terms are shallow: no memo. */
function containsClosure(t: Term): boolean {
  switch (t.type) {
    case 'arraycomp':
    case 'setcomp':
    case 'objectcomp':
      return true;
    case 'ref':
      return containsClosure(t.head) || t.path.some(containsClosure);
    case 'array':
    case 'set':
      return t.items.some(containsClosure);
    case 'object':
      return t.entries.some(([k, v]) => containsClosure(k) || containsClosure(v));
    case 'call':
      return t.args.some(containsClosure);
    case 'template':
      return t.parts.some((p) => typeof p !== 'string' && containsClosure(p));
    default:
      return false;
  }
}

function checkTermBound(t: Term, bound: Set<string>, file: string): void {
  const acc = new Set<string>();
  allVars(t, acc);
  for (const v of acc) if (!bound.has(v)) throw new RegoError('rego_unsafe_var_error', `var ${v} is unsafe`, { file, line: t.loc.line, col: t.loc.col });
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
