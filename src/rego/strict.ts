/**
 * Strict-mode checks (opt-in, as `opa check --strict` / conftest --strict):
 * unused imports, unused `:=` assignments, deprecated builtins.
 */
import type { Body, Module, Rule, Term } from './ast.js';
import { getBuiltin } from './builtins/registry.js';
import { RegoError } from './errors.js';

type Visit = (t: Term) => void;

function eachTerm(t: Term | undefined, f: Visit): void {
  if (!t) return;
  f(t);
  switch (t.type) {
    case 'ref':
      eachTerm(t.head, f);
      t.path.forEach((p) => eachTerm(p, f));
      return;
    case 'array':
    case 'set':
      t.items.forEach((x) => eachTerm(x, f));
      return;
    case 'object':
      for (const [k, v] of t.entries) {
        eachTerm(k, f);
        eachTerm(v, f);
      }
      return;
    case 'call':
      eachTerm(t.nameRef, f);
      t.args.forEach((a) => eachTerm(a, f));
      return;
    case 'template':
      for (const p of t.parts) if (typeof p !== 'string') eachTerm(p, f);
      return;
    case 'arraycomp':
    case 'setcomp':
      eachTerm(t.head, f);
      eachBody(t.body, f);
      return;
    case 'objectcomp':
      eachTerm(t.key, f);
      eachTerm(t.value, f);
      eachBody(t.body, f);
      return;
    default:
      return;
  }
}

function eachBody(body: Body, f: Visit): void {
  for (const lit of body) {
    const e = lit.expr;
    if (e.type === 'term') eachTerm(e.term, f);
    else if (e.type === 'some') e.vars.forEach((v) => eachTerm(v, f));
    else if (e.type === 'somein') {
      eachTerm(e.key, f);
      eachTerm(e.value, f);
      eachTerm(e.collection, f);
    } else {
      eachTerm(e.key, f);
      eachTerm(e.value, f);
      eachTerm(e.domain, f);
      eachBody(e.body, f);
    }
    for (const w of lit.with) {
      eachTerm(w.target, f);
      eachTerm(w.value, f);
    }
  }
}

function eachRuleTerm(r: Rule, f: Visit): void {
  r.ref.forEach((t) => eachTerm(t, f));
  r.args?.forEach((t) => eachTerm(t, f));
  r.suffix?.forEach((t) => eachTerm(t, f));
  eachTerm(r.member, f);
  eachTerm(r.value, f);
  eachBody(r.body, f);
  for (const e of r.elses) {
    eachTerm(e.value, f);
    eachBody(e.body, f);
  }
}

/** Checks on the parsed module (names as written) and its compiled rules (resolved). */
export function strictErrors(parsed: Module, compiled: Rule[]): RegoError[] {
  const errors: RegoError[] = [];
  // unused imports: the alias never appears as a name in the module
  const used = new Set<string>();
  for (const r of parsed.rules) {
    eachRuleTerm(r, (t) => {
      if (t.type === 'var') used.add(t.name);
      if (t.type === 'call') used.add(t.name.split('.')[0]!);
    });
  }
  for (const imp of parsed.imports) {
    const t = imp.path;
    const head = t.type === 'var' ? t.name : t.type === 'ref' && t.head.type === 'var' ? t.head.name : '';
    if (head === 'future' || head === 'rego') continue;
    const last = t.type === 'ref' ? t.path[t.path.length - 1] : undefined;
    const alias = imp.alias ?? (last && last.type === 'scalar' ? String(last.value) : head);
    if (!used.has(alias)) {
      const text = t.type === 'ref' ? [head, ...t.path.map((p) => (p.type === 'scalar' ? String(p.value) : '?'))].join('.') : head;
      errors.push(new RegoError('rego_compile_error', `import ${text}${imp.alias ? ` as ${imp.alias}` : ''} unused`, imp.loc));
    }
  }
  for (const r of compiled) {
    // unused `:=` assignments: declared vars are renamed to name$N, so one occurrence means unused
    const count = new Map<string, number>();
    eachRuleTerm(r, (t) => {
      if (t.type === 'var' && /\$\d+$/.test(t.name) && !t.name.startsWith('_$')) count.set(t.name, (count.get(t.name) ?? 0) + 1);
      if (t.type === 'call' && t.target?.kind === 'builtin' && getBuiltin(t.target.name)?.deprecated) {
        errors.push(new RegoError('rego_type_error', `deprecated built-in function calls in expression: ${t.target.name}`, { file: r.file ?? parsed.file, line: t.loc.line, col: t.loc.col }));
      }
    });
    for (const [name, n] of count) {
      if (n === 1) errors.push(new RegoError('rego_compile_error', `assigned var ${name.replace(/\$\d+$/, '')} unused`, { file: r.file ?? parsed.file, line: r.loc.line, col: r.loc.col }));
    }
  }
  return errors;
}
