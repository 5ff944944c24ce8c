/**
 * Dependencies between documents: recursion is an error (rego_recursion_error),
 * and documents that never depend on input are marked cacheable.
 */
import { forEachChild, type Body, type Rule, type Term } from './ast.js';
import { getBuiltin } from './builtins/registry.js';
import type { DocNode } from './doctree.js';
import { RegoError } from './errors.js';

export function checkRecursion(root: DocNode, errors: RegoError[]): Map<DocNode, Set<DocNode>> {
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
      default:
        forEachChild(t, visitTerm, visitBody);
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
export function markInputIndependent(deps: Map<DocNode, Set<DocNode>>): void {
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
      default:
        forEachChild(t, visitTerm, visitBody);
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
