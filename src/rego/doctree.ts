/**
 * The document tree below `data`: one node per package segment and ground rule
 * path, holding the rules that define it.
 */
import type { Rule } from './ast.js';
import { RegoError } from './errors.js';

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

export function addRule(root: DocNode, r: Rule, errors: RegoError[]): void {
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
export function checkDocumentConflicts(root: DocNode, errors: RegoError[]): void {
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
