/**
 * Rego abstract syntax tree, produced by parser.ts and annotated by compiler.ts.
 */
import type { Location } from './errors.js';
import type { ObjectValue, Value } from './value.js';

export type Term =
  | ScalarTerm
  | VarTerm
  | RefTerm
  | ArrayTerm
  | ObjectTerm
  | SetTerm
  | CallTerm
  | ArrayComprehension
  | SetComprehension
  | ObjectComprehension
  | TemplateTerm;

export interface ScalarTerm {
  type: 'scalar';
  value: Value; // null | boolean | number | string
  loc: Location;
}

export interface VarTerm {
  type: 'var';
  name: string;
  loc: Location;
}

/** head.path[0].path[1]...; head is a var (data, input, local...) or a composite/call term. */
export interface RefTerm {
  type: 'ref';
  head: Term;
  path: Term[];
  loc: Location;
}

export interface ArrayTerm {
  type: 'array';
  items: Term[];
  loc: Location;
}

export interface ObjectTerm {
  type: 'object';
  entries: [Term, Term][];
  loc: Location;
}

export interface SetTerm {
  type: 'set';
  items: Term[];
  loc: Location;
}

/** Call of a builtin, operator or user function; `name` is the dotted name as written ("count", "data.x.f", "plus"). */
export interface CallTerm {
  type: 'call';
  name: string;
  /** the ref the name came from (for user functions through imports/packages) */
  nameRef: Term;
  args: Term[];
  loc: Location;
  /** set by the compiler: what the call invokes */
  target?: CallTarget;
}

export type CallTarget =
  | { kind: 'builtin'; name: string }
  /** a user function at data.<path> */
  | { kind: 'function'; path: string[] };

export interface ArrayComprehension {
  type: 'arraycomp';
  head: Term;
  body: Body;
  loc: Location;
}

export interface SetComprehension {
  type: 'setcomp';
  head: Term;
  body: Body;
  loc: Location;
}

export interface ObjectComprehension {
  type: 'objectcomp';
  key: Term;
  value: Term;
  body: Body;
  loc: Location;
}

/** $"text {expr} text": parts alternate between literal text and expressions */
export interface TemplateTerm {
  type: 'template';
  parts: (string | Term)[];
  loc: Location;
}

export interface WithModifier {
  target: Term; // ref (input..., data..., or function name)
  value: Term;
  loc: Location;
  /** set by the compiler */
  resolved?: WithTarget;
  /** set by the compiler when the replacement is a function or builtin name rather than a value */
  replacement?: { kind: 'builtin'; name: string } | { kind: 'function'; path: string[] };
}

export type WithTarget =
  | { kind: 'input'; path: Term[] }
  | { kind: 'data'; path: string[] }
  | { kind: 'builtin'; name: string }
  | { kind: 'function'; path: string[] };

export type Expr =
  | { type: 'term'; term: Term }
  | { type: 'some'; vars: VarTerm[] }
  | { type: 'somein'; key?: Term; value: Term; collection: Term }
  | { type: 'every'; key?: Term; value: Term; domain: Term; body: Body };

export interface Literal {
  negated: boolean;
  expr: Expr;
  with: WithModifier[];
  loc: Location;
}

export type Body = Literal[];

export type RuleKind = 'complete' | 'multi' | 'function';

export interface RuleValueBranch {
  /** value term (complete rules, functions, partial object values); undefined = true */
  value?: Term;
  body: Body;
  loc: Location;
}

export interface Rule {
  kind: RuleKind;
  /** head ref: name then path terms (`a.b[x]` -> var a, "b", x) */
  ref: Term[];
  /** function arguments */
  args?: Term[];
  /** multi-value rules: the member term (`contains x`) */
  member?: Term;
  /** the value term (undefined = true); for functions the result */
  value?: Term;
  isDefault: boolean;
  /** `:=` was used */
  assign: boolean;
  body: Body;
  elses: RuleValueBranch[];
  loc: Location;
  /** set by the compiler: path below `data` of the ground part of the head ref */
  path?: string[];
  /** set by the compiler: head ref terms after the ground part (partial rules: `p[x]` -> [x]) */
  suffix?: Term[];
  /** set by the compiler: file of the module */
  file?: string;
  /** `# METADATA` block right above the rule */
  annotations?: Annotation;
}

export interface Import {
  path: Term; // ref: data.x.y, input.z, future.keywords.in, rego.v1
  alias?: string;
  loc: Location;
}

/** A `# METADATA` block (OPA annotations), parsed from YAML. */
export interface Annotation {
  scope: 'rule' | 'document' | 'package' | 'subpackages';
  /** the annotation fields as a Rego object (title, description, custom, ...; scope included) */
  value: ObjectValue;
  loc: Location;
}

export interface Module {
  file: string;
  /** `# METADATA` block right above the package clause */
  packageAnnotation?: Annotation;
  /** package path below data: ["a", "b"] for `package a.b` */
  packagePath: string[];
  imports: Import[];
  rules: Rule[];
  regoVersion: 'v0' | 'v1';
  loc: Location;
}

export function refToString(t: Term): string {
  switch (t.type) {
    case 'var':
      return t.name;
    case 'scalar':
      return typeof t.value === 'string' ? t.value : String(t.value);
    case 'ref': {
      let s = refToString(t.head);
      for (const p of t.path) {
        if (p.type === 'scalar' && typeof p.value === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.value)) s += `.${p.value}`;
        else if (p.type === 'scalar') s += `[${JSON.stringify(p.value)}]`;
        else s += `[${refToString(p)}]`;
      }
      return s;
    }
    case 'call':
      return `${t.name}(...)`;
    default:
      return t.type;
  }
}

/**
 * Visits the direct subterms of `t` (ref head and path, items, entries, call arguments,
 * template parts, comprehension heads) and the bodies of comprehensions. The many AST walks
 * of the compiler differ in how they treat vars, refs and calls; they call this for the rest.
 */
export function forEachChild(t: Term, term: (child: Term) => void, body: (b: Body) => void): void {
  switch (t.type) {
    case 'ref':
      term(t.head);
      for (const p of t.path) term(p);
      return;
    case 'array':
    case 'set':
      for (const x of t.items) term(x);
      return;
    case 'object':
      for (const [k, v] of t.entries) {
        term(k);
        term(v);
      }
      return;
    case 'call':
      for (const a of t.args) term(a);
      return;
    case 'template':
      for (const p of t.parts) if (typeof p !== 'string') term(p);
      return;
    case 'arraycomp':
    case 'setcomp':
      term(t.head);
      body(t.body);
      return;
    case 'objectcomp':
      term(t.key);
      term(t.value);
      body(t.body);
      return;
    case 'scalar':
    case 'var':
      return;
  }
}
