/**
 * Top-down evaluator with backtracking, in continuation-passing style:
 * every eval function takes a continuation and returns `true` when evaluation
 * must stop (a continuation asked to stop), `false` to keep enumerating.
 * Bindings are undone on return, so the environment is restored after each try.
 */
import type { Body, CallTarget, CallTerm, Literal, Rule, Term } from './ast.js';
import { BuiltinError, BuiltinHalt, getBuiltin, type BuiltinContext, type BuiltinImpl } from './builtins/registry.js';
import type { CompiledModules, DocNode } from './compiler.js';
import { RegoError, type Location } from './errors.js';
import { runtimeNeeds } from './safety.js';
import { argPlan, constOf, scalarArgsMatch } from './term-facts.js';
import { conflict, index, insertAt, member, member3, mergeBaseVirtual, patchValue } from './documents.js';
import { InputOrigins } from './origins.js';

import { BigNum, equals, formatValue, key, ObjectValue, SetValue, type Value } from './value.js';

export { index, patchValue } from './documents.js';

export interface EvalLimits {
  /** wall-clock limit per query in milliseconds (default 5000) */
  timeoutMs?: number;
  /** maximum evaluation steps per query (default 50 million) */
  maxSteps?: number;
  /** maximum nesting of rule/function evaluations (default 400) */
  maxDepth?: number;
}

export interface EvalOptions {
  input?: Value;
  /** base documents (merged data files) */
  data?: Value;
  strictBuiltinErrors?: boolean;
  limits?: EvalLimits;
  allowNetwork?: boolean;
  /** receives print() and trace() output with the location of the call ("file:line") */
  print?: (message: string, location: string) => void;
  nowNs?: bigint;
  env?: Record<string, string>;
  /** host-provided functions by name (e.g. trivy's result.new) */
  customBuiltins?: Record<string, BuiltinImpl>;
  /**
   * Trace which fields of the input each result read (see origins.ts): the path, inside the
   * input, of the document whose fields are reported (`[]`: the input itself).
   */
  traceInput?: readonly string[];
}

/** What CompiledPolicy adds to the caller's options (kept apart: copying option objects is slow). */
export interface EvalSetup {
  input?: Value;
  data?: Value;
  /** values of input-independent documents kept across evaluations (same policy, same data) */
  sharedCache?: Map<DocNode | string, Value | undefined>;
}

type K = () => boolean;
type VK = (v: Value) => boolean;

type FunctionReplacement = { kind: 'builtin'; name: string } | { kind: 'function'; path: string[] } | { kind: 'value'; value: Value };

interface State {
  input: Value | undefined;
  /** `with data.x as v` overrides: path and value */
  dataOverrides: { path: string[]; value: Value }[];
  /** function/builtin replacements keyed by "builtin:name" or "function:a.b.f" */
  functionOverrides: Map<string, FunctionReplacement>;
  /** memoised virtual documents */
  cache: Map<DocNode, Value | typeof UNDEFINED | typeof IN_PROGRESS>;
  /** memoised function calls */
  fnCache: Map<string, Value | typeof UNDEFINED>;
}

const UNDEFINED = Symbol('undefined');
const EMPTY_OBJECT = new ObjectValue();
/** bound on cached function results kept across evaluations */
const SHARED_FUNCTION_RESULTS_LIMIT = 50_000;

function isScalar(v: Value): boolean {
  return v === null || typeof v !== 'object' || v instanceof BigNum;
}
const NOT_DIRECT = Symbol('not-direct');
const PASS = Symbol('pass');
const FAIL = Symbol('fail');
const IN_PROGRESS = Symbol('in-progress');

/** Variable bindings of one rule/query evaluation. */
class Env {
  readonly vals = new Map<string, Value>();
  /** the rule being evaluated (undefined for queries), for rego.metadata.* */
  constructor(readonly rule?: Rule) {}
  has(name: string): boolean {
    return this.vals.has(name);
  }
}

const TRUE_TERM: Term = { type: 'scalar', value: true, loc: { file: '', line: 0, col: 0 } };
interface CallInfo {
  /** key of `with` replacements: "builtin:name" or "function:a.b.f" */
  overrideKey: string;
  arity: number | undefined;
  /** print, rego.metadata.*, relations: never evaluated directly */
  special: boolean;
}
const callInfoCache = new WeakMap<CallTarget, CallInfo>();
const functionNodeCache = new WeakMap<string[], DocNode>();
/** `a.b[x]` without its last segment, built once per ref term */
const refPrefixes = new WeakMap<Term, Term>();
function refPrefix(t: Term & { type: 'ref' }): Term {
  let p = refPrefixes.get(t);
  if (!p) refPrefixes.set(t, (p = { type: 'ref', head: t.head, path: t.path.slice(0, -1), loc: t.loc }));
  return p;
}

/** constant data refs resolved to their document node (null: falls into base data) */
const dataPlans = new WeakMap<Term, { node: DocNode; rest: string[] } | null>();

/**
 * The context builtins receive: one per evaluation, a class so that creating it is
 * cheap (object literals with accessors are slow to create in V8).
 */
class EvalContext implements BuiltinContext {
  readonly allowNetwork: boolean;
  readonly cache = new Map<string, unknown>();
  readonly env: Record<string, string> | undefined;
  private now: bigint | undefined;
  private readonly sink: ((message: string, location: string) => void) | undefined;

  constructor(
    private readonly evaluator: { callLoc: Location | undefined },
    options: EvalOptions,
  ) {
    this.allowNetwork = options.allowNetwork ?? false;
    this.env = options.env;
    this.now = options.nowNs;
    this.sink = options.print;
  }

  /** fixed for the whole evaluation, read lazily (BigInt work is not free) */
  get nowNs(): bigint {
    this.now ??= BigInt(Date.now()) * 1_000_000n;
    return this.now;
  }

  get location(): string | undefined {
    const loc = this.evaluator.callLoc;
    return loc ? `${loc.file}:${loc.line}` : undefined;
  }

  print(message: string): void {
    this.sink?.(message, this.location ?? '');
  }
}

export class Evaluator {
  private state: State;
  private readonly rootState: State;
  /** location of the builtin call being made (for messages and print) */
  callLoc: Location | undefined;
  private steps = 0;
  private depth = 0;
  private readonly deadline: number;
  private readonly timeoutMs: number;
  private readonly maxSteps: number;
  private readonly maxDepth: number;
  private readonly strict: boolean;
  private readonly ctx: BuiltinContext;
  private readonly baseData: Value;

  private readonly sharedCache: Map<DocNode | string, Value | undefined> | undefined;
  /** Set when tracing input reads (options.traceInput). */
  readonly origins: InputOrigins | undefined;

  constructor(
    private readonly compiled: CompiledModules,
    private readonly options: EvalOptions,
    setup: EvalSetup = options,
  ) {
    this.sharedCache = setup.sharedCache;
    const limits = options.limits ?? {};
    this.timeoutMs = limits.timeoutMs ?? 5000;
    this.deadline = Date.now() + this.timeoutMs;
    this.maxSteps = limits.maxSteps ?? 50_000_000;
    this.maxDepth = limits.maxDepth ?? 400;
    this.strict = options.strictBuiltinErrors ?? false;
    this.baseData = setup.data ?? EMPTY_OBJECT;
    this.state = {
      input: setup.input,
      dataOverrides: [],
      functionOverrides: new Map(),
      cache: new Map(),
      fnCache: new Map(),
    };
    this.rootState = this.state;
    this.ctx = new EvalContext(this, options);
    if (options.traceInput) {
      let traced: Value | undefined = setup.input;
      for (const seg of options.traceInput) traced = traced === undefined ? undefined : index(traced, seg);
      this.origins = new InputOrigins(traced);
    }
  }

  /** Evaluate a compiled query body; returns one binding map per solution. */
  query(body: Body, vars: string[]): Map<string, Value>[] {
    const env = new Env();
    const results: Map<string, Value>[] = [];
    try {
      this.evalBody(body, 0, env, () => {
        const m = new Map<string, Value>();
        for (const v of vars) {
          const val = env.vals.get(v);
          if (val !== undefined) m.set(v, val);
        }
        results.push(m);
        return false;
      });
    } catch (e) {
      // a policy nesting deeper than the JS stack allows is stopped, never crashes the host
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        throw new RegoError('eval_limit_error', 'evaluation nested too deeply (JavaScript stack exhausted)');
      }
      throw e;
    }
    return results;
  }

  /** Value of the document at data.<path> (ground path), without compiling a query. */
  document(path: string[]): Value | undefined {
    try {
      let node: DocNode = this.compiled.root;
      let i = 0;
      for (; i < path.length && !node.hasValueRules; i++) {
        const child = node.children.get(path[i]!);
        if (!child) return this.baseAt(path);
        node = child;
      }
      let v = this.nodeValue(node);
      for (; i < path.length && v !== undefined; i++) v = index(v, path[i]!);
      return v;
    } catch (e) {
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        throw new RegoError('eval_limit_error', 'evaluation nested too deeply (JavaScript stack exhausted)');
      }
      throw e;
    }
  }

  /** For a traced evaluation: why each member of the multi-value rule document at data.<path> is there. */
  originsAt(path: string[]): ReadonlyMap<string, string> | undefined {
    if (!this.origins) return undefined;
    let node: DocNode | undefined = this.compiled.root;
    for (const seg of path) {
      node = node.children.get(seg);
      if (!node) return undefined;
    }
    return this.origins.membersOf(node);
  }

  // ---------------------------------------------------------------- guards

  private tick(loc: Location): void {
    if (++this.steps % 1024 === 0) this.checkLimits(loc);
  }

  private checkLimits(loc?: Location): void {
    if (this.steps > this.maxSteps) throw new RegoError('eval_limit_error', `evaluation exceeded ${this.maxSteps} steps (a policy enumerates too much)`, loc);
    if (Date.now() > this.deadline) throw new RegoError('eval_cancel_error', `evaluation timed out after ${this.timeoutMs} ms`, loc);
  }

  private enter(loc: Location): void {
    if (++this.depth > this.maxDepth) throw new RegoError('eval_limit_error', `evaluation exceeded maximum depth ${this.maxDepth}`, loc);
  }

  // ---------------------------------------------------------------- bodies

  /**
   * Evaluate body[i..]. Literals that yield at most one solution (tests like
   * `input.kind == "Pod"`, assignments of single values) run in a loop without
   * continuations; the first literal that may enumerate falls back to CPS.
   */
  evalBody(body: Body, i: number, env: Env, k: K): boolean {
    let bound: string[] | undefined;
    const mark = this.origins?.trail.length;
    try {
      for (; i < body.length; i++) {
        const lit = body[i]!;
        if (lit.with.length > 0) break;
        const r = this.evalLiteralDirect(lit, env);
        if (r === NOT_DIRECT) break;
        if (r === FAIL) return false;
        if (r !== PASS) (bound ??= []).push(r);
        this.tick(lit.loc);
      }
      if (i === body.length) return k();
      const lit = body[i]!;
      if (lit.with.length === 0 && !lit.negated) {
        const r = this.evalLiteralIterate(lit, env, body, i, k);
        if (r !== NOT_DIRECT) return r;
      }
      return this.evalLiteral(lit, env, () => this.evalBody(body, i + 1, env, k));
    } finally {
      if (bound) for (const name of bound) env.vals.delete(name);
      if (mark !== undefined) this.origins!.trail.length = mark;
    }
  }

  /**
   * The common iterations without continuation layers: `some v in coll`,
   * `some k, v in coll` (plain vars) and `x := coll[_]` / `x := coll[k]`
   * where coll is a direct term. NOT_DIRECT when the literal has another shape.
   */
  private evalLiteralIterate(lit: Literal, env: Env, body: Body, i: number, k: K): boolean | typeof NOT_DIRECT {
    const e = lit.expr;
    let collTerm: Term;
    let keyVar: string | undefined;
    let valVar: string | undefined;
    if (e.type === 'somein') {
      if (e.value.type !== 'var' || env.vals.has(e.value.name)) return NOT_DIRECT;
      if (e.key && (e.key.type !== 'var' || env.vals.has(e.key.name) || e.key.name === e.value.name)) return NOT_DIRECT;
      collTerm = e.collection;
      valVar = e.value.name;
      keyVar = e.key?.type === 'var' ? e.key.name : undefined;
    } else if (e.type === 'term' && e.term.type === 'call' && !e.term.target && (e.term.name === 'assign' || e.term.name === 'eq')) {
      const [lhs, rhs] = e.term.args as [Term, Term];
      if (lhs.type !== 'var' || env.vals.has(lhs.name) || lhs.name === 'input' || lhs.name === 'data') return NOT_DIRECT;
      if (rhs.type !== 'ref' || rhs.path.length === 0) return NOT_DIRECT;
      const last = rhs.path[rhs.path.length - 1]!;
      if (last.type !== 'var' || env.vals.has(last.name) || last.name === lhs.name) return NOT_DIRECT;
      collTerm = rhs.path.length === 1 ? rhs.head : refPrefix(rhs);
      // the prefix must not bind vars itself
      for (let j = 0; j < rhs.path.length - 1; j++) {
        const seg = rhs.path[j]!;
        if (seg.type === 'var' && !env.vals.has(seg.name)) return NOT_DIRECT;
      }
      valVar = lhs.name;
      keyVar = last.name;
    } else return NOT_DIRECT;
    const coll = this.direct(collTerm, env);
    if (coll === NOT_DIRECT) return NOT_DIRECT;
    this.tick(lit.loc);
    if (coll === undefined) return false;
    const vals = env.vals;
    return this.iterate(coll, (key, val) => {
      vals.set(valVar!, val);
      if (keyVar !== undefined) vals.set(keyVar, key);
      try {
        return this.evalBody(body, i + 1, env, k);
      } finally {
        vals.delete(valVar!);
        if (keyVar !== undefined) vals.delete(keyVar);
      }
    });
  }

  /**
   * Try to evaluate a literal without enumeration: PASS, FAIL, the name of a
   * var it bound, or NOT_DIRECT when it may have several solutions.
   */
  private evalLiteralDirect(lit: Literal, env: Env): typeof PASS | typeof FAIL | typeof NOT_DIRECT | string {
    const e = lit.expr;
    if (e.type === 'some') return PASS;
    if (e.type !== 'term') return NOT_DIRECT;
    const t = e.term;
    if (t.type === 'call' && t.target) {
      const arity = this.arityOf(t);
      if (arity !== undefined && t.args.length === arity + 1) return NOT_DIRECT; // output argument
    }
    if (lit.negated) {
      const v = this.direct(t, env);
      if (v === NOT_DIRECT) return NOT_DIRECT;
      return v === undefined || v === false ? PASS : FAIL;
    }
    if (t.type === 'call' && !t.target && (t.name === 'eq' || t.name === 'assign')) {
      const [a, b] = t.args as [Term, Term];
      if (a.type === 'var' && !env.vals.has(a.name) && a.name !== 'input' && a.name !== 'data') {
        const v = this.direct(b, env);
        if (v === NOT_DIRECT) return NOT_DIRECT;
        if (v === undefined) return FAIL;
        env.vals.set(a.name, v);
        return a.name;
      }
      if (b.type === 'var' && !env.vals.has(b.name) && b.name !== 'input' && b.name !== 'data') {
        const v = this.direct(a, env);
        if (v === NOT_DIRECT) return NOT_DIRECT;
        if (v === undefined) return FAIL;
        env.vals.set(b.name, v);
        return b.name;
      }
      if (!this.evaluable(a, env) || !this.evaluable(b, env)) return NOT_DIRECT;
      const va = this.direct(a, env);
      if (va === NOT_DIRECT) return NOT_DIRECT;
      if (va === undefined) return FAIL;
      const vb = this.direct(b, env);
      if (vb === NOT_DIRECT) return NOT_DIRECT;
      return vb !== undefined && equals(va, vb) ? PASS : FAIL;
    }
    const v = this.direct(t, env);
    if (v === NOT_DIRECT) return NOT_DIRECT;
    return v === undefined || v === false ? FAIL : PASS;
  }

  /**
   * The single value of a term whose evaluation cannot enumerate (undefined when
   * it has no value), or NOT_DIRECT when it might have several values.
   */
  private direct(t: Term, env: Env): Value | undefined | typeof NOT_DIRECT {
    switch (t.type) {
      case 'scalar':
        return t.value;
      case 'var': {
        const v = env.vals.get(t.name);
        if (v !== undefined) return v;
        if (t.name === 'input') return this.state.input;
        return NOT_DIRECT;
      }
      case 'ref': {
        const head = t.head;
        let v: Value | undefined;
        if (head.type === 'var') {
          v = env.vals.get(head.name);
          if (v === undefined) {
            if (head.name === 'input') v = this.state.input;
            else if (head.name === 'data') return this.directData(t, env);
            else return NOT_DIRECT;
            if (v === undefined) return undefined;
          }
        } else {
          const h = this.direct(head, env);
          if (h === NOT_DIRECT || h === undefined) return h;
          v = h;
        }
        for (const seg of t.path) {
          let key: Value | undefined;
          if (seg.type === 'scalar') key = seg.value;
          else if (seg.type === 'var') {
            key = env.vals.get(seg.name);
            if (key === undefined) return NOT_DIRECT;
          } else {
            const kv = this.direct(seg, env);
            if (kv === NOT_DIRECT) return NOT_DIRECT;
            if (kv === undefined) return undefined;
            key = kv;
          }
          const parent: Value = v!;
          v = index(parent, key);
          if (this.origins) this.origins.read(parent, key, v);
          if (v === undefined) return undefined;
        }
        return v;
      }
      case 'call': {
        const target = t.target;
        if (!target) return NOT_DIRECT;
        const info = this.callInfo(target);
        if (info.special) {
          if (target.kind === 'builtin' && target.name.startsWith('rego.metadata.')) return this.metadata(target.name, env);
          return NOT_DIRECT; // print, relations
        }
        const vals: Value[] = [];
        for (const a of t.args) {
          const v = this.direct(a, env);
          if (v === NOT_DIRECT) return NOT_DIRECT;
          if (v === undefined) return undefined;
          vals.push(v);
        }
        // plain builtin calls (no `with` mocks active) skip the continuation machinery
        if (target.kind === 'builtin' && this.state.functionOverrides.size === 0) return this.builtinResult(t, target.name, vals);
        let result: Value | undefined;
        this.invoke(t, info.overrideKey, vals, (v) => {
          result = v;
          return true;
        });
        return result;
      }
      case 'array': {
        const c = constOf(t);
        if (c !== undefined) return c;
        const out: Value[] = [];
        for (const x of t.items) {
          const v = this.direct(x, env);
          if (v === NOT_DIRECT || v === undefined) return v;
          out.push(v);
        }
        return out;
      }
      case 'arraycomp':
      case 'setcomp':
      case 'objectcomp':
      case 'template': {
        let result: Value | undefined;
        this.evalTerm(t, env, (v) => {
          result = v;
          return true;
        });
        return result;
      }
      default:
        if (!this.evaluable(t, env)) return NOT_DIRECT;
        {
          const c = constOf(t);
          if (c !== undefined) return c;
        }
        return NOT_DIRECT;
    }
  }

  /** For a constant data path: the first rule node on it and the keys after it (undefined: base data only). */
  private dataPlan(t: Term & { type: 'ref' }): { node: DocNode; rest: string[] } | undefined {
    let plan = dataPlans.get(t);
    if (plan === undefined) {
      plan = null;
      let node: DocNode = this.compiled.root;
      const path = t.path.map((p) => (p as { value: string }).value);
      let j = 0;
      for (; j < path.length && !node.hasValueRules; j++) {
        const child = node.children.get(path[j]!);
        if (!child) break;
        node = child;
      }
      if (node.hasValueRules || j === path.length) plan = { node, rest: path.slice(j) };
      dataPlans.set(t, plan);
    }
    return plan ?? undefined;
  }

  /** data.<ground path>: at most one value. */
  private directData(t: Term & { type: 'ref' }, env: Env): Value | undefined | typeof NOT_DIRECT {
    let allStrings = true;
    for (const seg of t.path) {
      if (seg.type === 'scalar') {
        if (typeof seg.value !== 'string') allStrings = false;
        continue;
      }
      if (seg.type === 'var' && env.vals.has(seg.name)) {
        allStrings = false;
        continue;
      }
      return NOT_DIRECT;
    }
    if (allStrings && this.state.dataOverrides.length === 0) {
      // constant paths like data.lib.k8s.containers: resolve the rule node once per term
      const plan = this.dataPlan(t);
      if (plan) {
        let v = this.nodeValue(plan.node);
        for (let j = 0; j < plan.rest.length && v !== undefined; j++) v = index(v, plan.rest[j]!);
        return v;
      }
    }
    let result: Value | undefined;
    this.evalData(t.path, 0, env, (v) => {
      result = v;
      return true;
    });
    return result;
  }

  private evalLiteral(lit: Literal, env: Env, k: K): boolean {
    this.tick(lit.loc);
    if (lit.with.length > 0) return this.evalWith(lit, env, k);
    return this.evalLiteralNoWith(lit, env, k);
  }

  private evalLiteralNoWith(lit: Literal, env: Env, k: K): boolean {
    if (lit.negated) {
      this.origins?.openSink();
      let found: boolean;
      try {
        found = this.evalExpr(lit, env, () => true);
      } finally {
        this.origins?.closeSink();
      }
      return found ? false : k();
    }
    return this.evalExpr(lit, env, k);
  }

  private evalExpr(lit: Literal, env: Env, k: K): boolean {
    const e = lit.expr;
    switch (e.type) {
      case 'some':
        return k();
      case 'term': {
        const t = e.term;
        if (t.type === 'call') {
          if (!t.target && (t.name === 'eq' || t.name === 'assign')) return this.unify(t.args[0]!, t.args[1]!, env, k);
          const arity = this.arityOf(t);
          if (arity !== undefined && t.args.length === arity + 1) {
            const out = t.args[arity]!;
            return this.evalCall(t, t.args.slice(0, arity), env, (v) => this.unifyValue(out, v, env, k));
          }
        }
        return this.evalTerm(t, env, (v) => (v !== false ? k() : false));
      }
      case 'somein':
        return this.evalTerm(e.collection, env, (coll) =>
          this.iterate(coll, (key, val) => this.unifyValue(e.value, val, env, () => (e.key ? this.unifyValue(e.key, key, env, k) : k()))),
        );
      case 'every':
        return this.evalTerm(e.domain, env, (dom) => {
          if (!(Array.isArray(dom) || dom instanceof ObjectValue || dom instanceof SetValue)) return false;
          // every x in xs { body } == not (some x in xs; not body): elements the patterns do not match are skipped
          let ok = true;
          const check = () => {
            if (!this.evalBody(e.body, 0, env, () => true)) ok = false;
            return !ok;
          };
          this.iterate(dom, (key, val) => {
            this.unifyValue(e.value, val, env, () => (e.key ? this.unifyValue(e.key, key, env, check) : check()));
            return !ok;
          });
          return ok ? k() : false;
        });
    }
  }

  /** Iterate a collection as (key, value) pairs: array index/elem, object key/value, set elem/elem. */
  private iterate(coll: Value, each: (k: Value, v: Value) => boolean): boolean {
    const origins = this.origins;
    const f = origins
      ? (k: Value, v: Value): boolean => {
          // visiting an element reads it; its reads belong to its own derivation, not the next one's
          const mark = origins.trail.length;
          origins.read(coll, k, v);
          try {
            return each(k, v);
          } finally {
            origins.trail.length = mark;
          }
        }
      : each;
    // every element counts as a step, so exploding iterations hit the limits
    if (Array.isArray(coll)) {
      for (let i = 0; i < coll.length; i++) {
        if (++this.steps % 1024 === 0) this.checkLimits();
        if (f(i, coll[i]!)) return true;
      }
      return false;
    }
    if (coll instanceof ObjectValue) {
      for (const key of coll.sortedKeys()) {
        if (++this.steps % 1024 === 0) this.checkLimits();
        if (f(key, coll.get(key)!)) return true;
      }
      return false;
    }
    if (coll instanceof SetValue) {
      for (const v of coll.sorted()) {
        if (++this.steps % 1024 === 0) this.checkLimits();
        if (f(v, v)) return true;
      }
      return false;
    }
    return false;
  }

  // ---------------------------------------------------------------- with

  private evalWith(lit: Literal, env: Env, k: K): boolean {
    // evaluate replacement values first (in the current state)
    const values: (Value | undefined)[] = [];
    for (const w of lit.with) {
      if (w.replacement) {
        values.push(undefined);
        continue;
      }
      let val: Value | undefined;
      this.evalTerm(w.value, env, (v) => {
        val = v;
        return true;
      });
      if (val === undefined) return false;
      values.push(val);
    }
    const saved = this.state;
    const next: State = {
      input: saved.input,
      dataOverrides: saved.dataOverrides,
      functionOverrides: saved.functionOverrides,
      cache: new Map(),
      fnCache: new Map(),
    };
    lit.with.forEach((w, i) => {
      const r = w.resolved!;
      const val = values[i];
      switch (r.kind) {
        case 'input': {
          const path = r.path.map((p) => constOf(p) ?? env.vals.get((p as { name: string }).name) ?? null);
          next.input = path.length === 0 ? val : patchValue(next.input, path, val!);
          break;
        }
        case 'data':
          next.dataOverrides = [...next.dataOverrides, { path: r.path, value: val! }];
          break;
        case 'builtin':
        case 'function': {
          const keyName = r.kind === 'builtin' ? `builtin:${r.name}` : `function:${r.path.join('.')}`;
          const rep: FunctionReplacement = w.replacement ?? { kind: 'value', value: val! };
          next.functionOverrides = new Map(next.functionOverrides);
          next.functionOverrides.set(keyName, rep);
          break;
        }
      }
    });
    this.state = next;
    try {
      return this.evalLiteralNoWith(lit, env, () => {
        const inner = this.state;
        this.state = saved;
        try {
          return k();
        } finally {
          this.state = inner;
        }
      });
    } finally {
      this.state = saved;
    }
  }

  // ---------------------------------------------------------------- unification

  private evaluable(t: Term, env: Env): boolean {
    const needs = runtimeNeeds(t);
    for (let i = 0; i < needs.length; i++) if (!env.vals.has(needs[i]!)) return false;
    return true;
  }

  unify(a: Term, b: Term, env: Env, k: K): boolean {
    if (this.evaluable(a, env) && a.type !== 'var') return this.evalTerm(a, env, (va) => this.unifyValue(b, va, env, k));
    if (this.evaluable(b, env)) return this.evalTerm(b, env, (vb) => this.unifyValue(a, vb, env, k));
    if (this.evaluable(a, env)) return this.evalTerm(a, env, (va) => this.unifyValue(b, va, env, k));
    if (a.type === 'array' && b.type === 'array') {
      if (a.items.length !== b.items.length) return false;
      return this.unifyPairs(a.items.map((x, i) => [x, b.items[i]!] as [Term, Term]), env, k);
    }
    if (a.type === 'object' && b.type === 'object') {
      if (a.entries.length !== b.entries.length) return false;
      const pairs: [Term, Term][] = [];
      for (const [ka, va] of a.entries) {
        const kv = constOf(ka);
        const other = b.entries.find(([kb]) => kv !== undefined && constOf(kb) !== undefined && equals(constOf(kb)!, kv));
        if (!other) return false;
        pairs.push([va, other[1]]);
      }
      return this.unifyPairs(pairs, env, k);
    }
    throw new RegoError('rego_unsafe_var_error', 'unification of two unbound terms', a.loc);
  }

  private unifyPairs(pairs: [Term, Term][], env: Env, k: K): boolean {
    if (pairs.length === 0) return k();
    let idx = pairs.findIndex(([x, y]) => this.evaluable(x, env) || this.evaluable(y, env));
    if (idx < 0) idx = 0;
    const [x, y] = pairs[idx]!;
    const rest = pairs.filter((_, i) => i !== idx);
    return this.unify(x, y, env, () => this.unifyPairs(rest, env, k));
  }

  /** Unify a pattern term with a ground value, binding unbound vars. */
  unifyValue(p: Term, v: Value, env: Env, k: K): boolean {
    switch (p.type) {
      case 'var': {
        const cur = env.vals.get(p.name);
        if (cur !== undefined) return equals(cur, v) ? k() : false;
        if (p.name === 'input' || p.name === 'data') return this.evalTerm(p, env, (x) => (equals(x, v) ? k() : false));
        env.vals.set(p.name, v);
        try {
          return k();
        } finally {
          env.vals.delete(p.name);
        }
      }
      case 'scalar':
        return equals(p.value, v) ? k() : false;
      case 'array': {
        if (!Array.isArray(v) || v.length !== p.items.length) return false;
        if (this.evaluable(p, env)) return this.evalTerm(p, env, (x) => (equals(x, v) ? k() : false));
        return this.unifyItems(p.items, v, 0, env, k);
      }
      case 'object': {
        if (!(v instanceof ObjectValue) || v.size !== p.entries.length) return false;
        if (this.evaluable(p, env)) return this.evalTerm(p, env, (x) => (equals(x, v) ? k() : false));
        return this.unifyEntries(p.entries, v, 0, env, k);
      }
      default:
        return this.evalTerm(p, env, (x) => (equals(x, v) ? k() : false));
    }
  }

  private unifyItems(items: Term[], v: Value[], i: number, env: Env, k: K): boolean {
    if (i === items.length) return k();
    return this.unifyValue(items[i]!, v[i]!, env, () => this.unifyItems(items, v, i + 1, env, k));
  }

  private unifyEntries(entries: [Term, Term][], v: ObjectValue, i: number, env: Env, k: K): boolean {
    if (i === entries.length) return k();
    const [kt, vt] = entries[i]!;
    return this.evalTerm(kt, env, (kv) => {
      const got = v.get(kv);
      if (got === undefined) return false;
      return this.unifyValue(vt, got, env, () => this.unifyEntries(entries, v, i + 1, env, k));
    });
  }

  // ---------------------------------------------------------------- terms

  evalTerm(t: Term, env: Env, k: VK): boolean {
    switch (t.type) {
      case 'scalar':
        return k(t.value);
      case 'var': {
        const v = env.vals.get(t.name);
        if (v !== undefined) return k(v);
        if (t.name === 'input') return this.state.input === undefined ? false : k(this.state.input);
        if (t.name === 'data') return this.evalData([], 0, env, k);
        // an unbound var used as a value: iterate nothing (unsafe vars are rejected at compile time)
        throw new RegoError('rego_unsafe_var_error', `var ${t.name.startsWith('_$') ? '_' : t.name} is unsafe`, t.loc);
      }
      case 'ref':
        return this.evalRef(t, env, k);
      case 'array': {
        const c = constOf(t);
        if (c !== undefined) return k(c);
        return this.evalItems(t.items, 0, [], env, (items) => k(items));
      }
      case 'set': {
        const c = constOf(t);
        if (c !== undefined) return k(c);
        return this.evalItems(t.items, 0, [], env, (items) => k(SetValue.of(items)));
      }
      case 'object': {
        const c = constOf(t);
        if (c !== undefined) return k(c);
        const flat: Term[] = [];
        for (const [kk, vv] of t.entries) flat.push(kk, vv);
        return this.evalItems(flat, 0, [], env, (items) => {
          const o = new ObjectValue();
          for (let i = 0; i < items.length; i += 2) o.set(items[i]!, items[i + 1]!);
          return k(o);
        });
      }
      case 'call':
        return this.evalCall(t, t.args, env, k);
      case 'arraycomp': {
        const out: Value[] = [];
        this.comprehension(() => this.evalBody(t.body, 0, env, () => this.evalTerm(t.head, env, (v) => (out.push(v), false))));
        return k(out);
      }
      case 'setcomp': {
        const out = new SetValue();
        this.comprehension(() => this.evalBody(t.body, 0, env, () => this.evalTerm(t.head, env, (v) => (out.add(v), false))));
        return k(out);
      }
      case 'objectcomp': {
        const out = new ObjectValue();
        this.comprehension(() => this.evalBody(t.body, 0, env, () =>
          this.evalTerm(t.key, env, (kv) =>
            this.evalTerm(t.value, env, (vv) => {
              const prev = out.get(kv);
              if (prev !== undefined && !equals(prev, vv)) throw new RegoError('eval_conflict_error', 'object keys must be unique', t.loc);
              out.set(kv, vv);
              return false;
            }),
          ),
        ));
        return k(out);
      }
      case 'template': {
        let s = '';
        for (const p of t.parts) {
          if (typeof p === 'string') {
            s += p;
            continue;
          }
          let got: Value | undefined;
          this.evalTerm(p, env, (v) => {
            got = v;
            return true;
          });
          s += got === undefined ? '<undefined>' : typeof got === 'string' ? got : formatValue(got);
        }
        return k(s);
      }
    }
  }

  /** A comprehension's reads, which its own backtracking undoes, count as one read of what they share. */
  private comprehension(run: () => void): void {
    this.origins?.openSink();
    try {
      run();
    } finally {
      this.origins?.closeSink();
    }
  }

  private evalItems(items: Term[], i: number, acc: Value[], env: Env, k: (vals: Value[]) => boolean): boolean {
    if (i === 0 && items.length > 1 && !items.every((t) => this.evaluable(t, env))) {
      // some item needs a var that another item binds by iteration (`x == xs[x]`): evaluate in a workable order
      return this.evalItemsDynamic(items, new Array<Value | undefined>(items.length), items.length, env, k);
    }
    if (i === items.length) return k(acc.slice());
    return this.evalTerm(items[i]!, env, (v) => {
      acc.push(v);
      try {
        return this.evalItems(items, i + 1, acc, env, k);
      } finally {
        acc.pop();
      }
    });
  }

  private evalItemsDynamic(items: Term[], vals: (Value | undefined)[], left: number, env: Env, k: (vals: Value[]) => boolean): boolean {
    if (left === 0) return k(vals.slice() as Value[]);
    let idx = -1;
    for (let i = 0; i < items.length; i++) {
      if (vals[i] === undefined && this.evaluable(items[i]!, env)) {
        idx = i;
        break;
      }
    }
    if (idx < 0) throw new RegoError('rego_unsafe_var_error', 'var is unsafe', items[0]!.loc);
    return this.evalTerm(items[idx]!, env, (v) => {
      vals[idx] = v;
      try {
        return this.evalItemsDynamic(items, vals, left - 1, env, k);
      } finally {
        vals[idx] = undefined;
      }
    });
  }

  // ---------------------------------------------------------------- refs

  private evalRef(t: Term & { type: 'ref' }, env: Env, k: VK): boolean {
    const head = t.head;
    if (head.type === 'var') {
      const bound = env.vals.get(head.name);
      if (bound !== undefined) return this.walk(bound, t.path, 0, env, k);
      if (head.name === 'input') {
        const input = this.state.input;
        return input === undefined ? false : this.walk(input, t.path, 0, env, k);
      }
      if (head.name === 'data') return this.evalData(t.path, 0, env, k);
    }
    return this.evalTerm(head, env, (v) => this.walk(v, t.path, 0, env, k));
  }

  /** Follow path[i..] into a value, iterating over unbound variable segments. */
  private walk(v: Value, path: Term[], i: number, env: Env, k: VK, inData = false): boolean {
    if (i === path.length) return k(v);
    const seg = path[i]!;
    const at = (key: Value): Value | undefined => {
      const child = index(v, key);
      // documents under data have string keys: data.x[2] reads key "2"
      if (child === undefined && inData && typeof key === 'number' && v instanceof ObjectValue) return v.get(String(key));
      if (this.origins) this.origins.read(v, key, child);
      return child;
    };
    if (seg.type === 'scalar') {
      const child = at(seg.value);
      return child === undefined ? false : this.walk(child, path, i + 1, env, k, inData);
    }
    if (seg.type === 'var') {
      const bound = env.vals.get(seg.name);
      if (bound !== undefined) {
        const child = at(bound);
        return child === undefined ? false : this.walk(child, path, i + 1, env, k, inData);
      }
      return this.iterate(v, (key, child) => {
        env.vals.set(seg.name, key);
        try {
          return this.walk(child, path, i + 1, env, k, inData);
        } finally {
          env.vals.delete(seg.name);
        }
      });
    }
    if (this.evaluable(seg, env)) {
      return this.evalTerm(seg, env, (key) => {
        const child = at(key);
        return child === undefined ? false : this.walk(child, path, i + 1, env, k, inData);
      });
    }
    // pattern segment like a[[x, y]]: unify keys
    return this.iterate(v, (key, child) => this.unifyValue(seg, key, env, () => this.walk(child, path, i + 1, env, k, inData)));
  }

  /** Resolve data.<path>: rules and base documents together. */
  private evalData(path: Term[], i: number, env: Env, k: VK): boolean {
    let node: DocNode | undefined = this.compiled.root;
    const ground: string[] = [];
    let j = i;
    while (node && !node.hasValueRules && j < path.length) {
      const seg = path[j]!;
      let keyVal: Value | undefined;
      if (seg.type === 'scalar') keyVal = seg.value;
      else if (seg.type === 'var') keyVal = env.vals.get(seg.name);
      else break;
      if (keyVal === undefined) break; // unbound var: iterate the whole value below
      if (typeof keyVal === 'number') keyVal = String(keyVal); // data[2] reads key "2"
      if (typeof keyVal !== 'string') {
        node = undefined;
        break;
      }
      // an override replacing exactly this path wins over rules and base data
      const next: DocNode | undefined = node.children.get(keyVal);
      ground.push(keyVal);
      j++;
      if (this.state.dataOverrides.length && this.overrideAt(ground) !== undefined) {
        return this.walk(this.overrideAt(ground)!, path, j, env, k, true);
      }
      if (!next) {
        // no rules below: base data only
        const base = this.baseAt(ground);
        return base === undefined ? false : this.walk(base, path, j, env, k, true);
      }
      node = next;
    }
    if (!node) return false;
    const value = this.nodeValue(node);
    if (value === undefined) return false;
    return this.walk(value, path, j, env, k, true);
  }

  private overrideAt(path: string[]): Value | undefined {
    let found: Value | undefined;
    for (const o of this.state.dataOverrides) {
      if (o.path.length <= path.length && o.path.every((s, i) => s === path[i])) {
        let v: Value | undefined = o.value;
        for (let i = o.path.length; i < path.length && v !== undefined; i++) v = index(v, path[i]!);
        found = v;
      }
    }
    return found;
  }

  /** Base document at path, with `with data...` overrides applied. */
  private baseAt(path: string[]): Value | undefined {
    let v: Value | undefined = this.baseData;
    for (const s of path) {
      if (v === undefined) break;
      v = index(v, s);
    }
    return this.applyOverrides(path, v);
  }

  private applyOverrides(path: string[], v: Value | undefined): Value | undefined {
    for (const o of this.state.dataOverrides) {
      if (o.path.length <= path.length && o.path.every((s, i) => s === path[i])) {
        let x: Value | undefined = o.value;
        for (let i = o.path.length; i < path.length && x !== undefined; i++) x = index(x, path[i]!);
        v = x;
      } else if (o.path.length > path.length && path.every((s, i) => s === o.path[i])) {
        v = patchValue(v, o.path.slice(path.length), o.value);
      }
    }
    return v;
  }

  // ---------------------------------------------------------------- virtual documents

  /** The value of a document node (rules + base data + children), memoised per query and `with` scope. */
  nodeValue(node: DocNode): Value | undefined {
    const v = this.cachedNodeValue(node);
    // a complete rule's reads happened once, when it was computed: count them at every use
    if (this.origins && v !== undefined) this.origins.usedComplete(node);
    return v;
  }

  private cachedNodeValue(node: DocNode): Value | undefined {
    const cache = this.state.cache;
    const hit = cache.get(node);
    if (hit !== undefined) {
      if (hit === UNDEFINED) return undefined;
      if (hit === IN_PROGRESS) throw new RegoError('rego_recursion_error', `rule data.${node.path.join('.')} is recursive`);
      return hit;
    }
    const shared = node.inputIndependent && this.state === this.rootState ? this.sharedCache : undefined;
    if (shared?.has(node)) {
      const sv = shared.get(node);
      cache.set(node, sv === undefined ? UNDEFINED : sv);
      return sv;
    }
    cache.set(node, IN_PROGRESS);
    let v: Value | undefined;
    try {
      v = this.computeNode(node);
      if (this.state.dataOverrides.length) v = this.applyOverrides(node.path, v);
    } catch (e) {
      cache.delete(node);
      throw e;
    }
    cache.set(node, v === undefined ? UNDEFINED : v);
    shared?.set(node, v);
    return v;
  }

  /**
   * A document's value. The compiler guarantees that a node defined as a whole
   * (complete or multi-value rules) has no rules below it and no ref-head rules.
   */
  private computeNode(node: DocNode): Value | undefined {
    if (node.complete.length > 0 || node.defaultRule) return this.evalComplete(node);
    if (node.multi.length > 0) {
      const set = new SetValue();
      const origins = this.origins;
      const mark = origins?.trail.length ?? 0;
      for (const r of node.multi) this.evalRuleSolutions(r, (_keys, v) => (set.add(v), origins?.noteMember(node, v, mark), false));
      return set;
    }
    if (node.functions.length > 0 || node.defaultFunction) return undefined;
    // an object: base data, documents of the children, ref-head rules
    const base = this.baseAtRaw(node.path);
    if (base !== undefined && !(base instanceof ObjectValue) && node.dynamic.length === 0 && node.children.size === 0) return base;
    const obj = base instanceof ObjectValue ? base.copy() : new ObjectValue();
    for (const [name, child] of node.children) {
      const v = this.nodeValue(child);
      if (v !== undefined) {
        const b = obj.get(name);
        obj.set(name, b === undefined ? v : mergeBaseVirtual(b, v));
      }
    }
    const owned = new Set<unknown>([obj]);
    for (const r of node.dynamic) {
      this.evalRuleSolutions(r, (keys, v) => {
        insertAt(obj, keys, v, r.kind === 'multi', r, owned);
        return false;
      });
    }
    return obj;
  }

  private baseAtRaw(path: string[]): Value | undefined {
    let v: Value | undefined = this.baseData;
    for (const s of path) {
      if (v === undefined) return undefined;
      v = index(v, s);
    }
    return v;
  }

  /** Value of ground complete rules at a node: conflict-checked, else-chains, default. */
  private evalComplete(node: DocNode): Value | undefined {
    let result: Value | undefined;
    let resultRule: Rule | undefined;
    const origins = this.origins;
    const mark = origins?.trail.length ?? 0;
    for (const r of node.complete) {
      // early exit: a rule with a constant value equal to the result cannot conflict
      const cv = r.elses.length ? undefined : r.value ? constOf(r.value) : true;
      if (result !== undefined && cv !== undefined && equals(cv, result)) continue;
      this.evalRuleValue(r, (v) => {
        if (result === undefined) {
          result = v;
          resultRule = r;
          origins?.noteComplete(node, mark);
        } else if (!equals(result, v)) {
          throw conflict('complete rules must not produce multiple outputs', r);
        }
        return cv !== undefined;
      });
    }
    void resultRule;
    if (result === undefined && node.defaultRule) {
      const d = node.defaultRule;
      this.evalTerm(d.value!, new Env(), (v) => {
        result = v;
        return true;
      });
    }
    return result;
  }

  /** Evaluate a rule (main body, then else branches) reporting each value. */
  private evalRuleValue(r: Rule, k: VK, env: Env = new Env(r), check?: (k: K) => boolean): boolean {
    this.enter(r.loc);
    try {
      let found = false;
      const stop = this.evalBody(r.body, 0, env, () => {
        const value = () => {
          found = true;
          return this.evalTerm(r.value ?? TRUE_TERM, env, k);
        };
        return check ? check(value) : value();
      });
      if (found || stop) return stop;
      for (const e of r.elses) {
        let f = false;
        const s = this.evalBody(e.body, 0, env, () => {
          const value = () => {
            f = true;
            return this.evalTerm(e.value ?? TRUE_TERM, env, k);
          };
          return check ? check(value) : value();
        });
        if (f || s) return s;
      }
      return false;
    } finally {
      this.depth--;
    }
  }

  /** Solutions of a partial/multi rule: key path values (suffix) and the value or member. */
  private evalRuleSolutions(r: Rule, k: (keys: Value[], v: Value) => boolean): boolean {
    this.enter(r.loc);
    const env = new Env(r);
    try {
      return this.evalBody(r.body, 0, env, () =>
        this.evalItems(r.suffix!, 0, [], env, (keys) => this.evalTerm(r.kind === 'multi' ? r.member! : (r.value ?? TRUE_TERM), env, (v) => k(keys, v))),
      );
    } finally {
      this.depth--;
    }
  }

  // ---------------------------------------------------------------- calls

  /** Facts about a call target, computed once per target. */
  private callInfo(target: CallTarget): CallInfo {
    let info = callInfoCache.get(target);
    if (!info) {
      if (target.kind === 'function') {
        const key = target.path.join('.');
        info = { overrideKey: `function:${key}`, arity: this.compiled.functionArity.get(key), special: false };
      } else {
        const b = getBuiltin(target.name);
        const arity =
          target.name === 'internal.member_2' ? 2 : target.name === 'internal.member_3' ? 3 : b ? (b.variadic ? undefined : b.args.length) : undefined;
        const special = target.name === 'print' || target.name.startsWith('rego.metadata.') || b?.relation === true;
        info = { overrideKey: `builtin:${target.name}`, arity, special };
      }
      callInfoCache.set(target, info);
    }
    return info;
  }

  private arityOf(t: CallTerm): number | undefined {
    return t.target ? this.callInfo(t.target).arity : undefined;
  }

  /** The document node of a function path (cached per path array). */
  private functionNode(t: CallTerm, path: string[]): DocNode {
    let node = functionNodeCache.get(path);
    if (!node) {
      let n: DocNode | undefined = this.compiled.root;
      for (const s of path) n = n?.children.get(s);
      if (!n || (n.functions.length === 0 && !n.defaultFunction)) throw new RegoError('rego_type_error', `undefined function data.${path.join('.')}`, t.loc);
      node = n;
      functionNodeCache.set(path, node);
    }
    return node;
  }

  private evalCall(t: CallTerm, args: Term[], env: Env, k: VK): boolean {
    const target = t.target;
    if (!target) throw new RegoError('rego_type_error', `undefined function ${t.name}`, t.loc);
    if (target.kind === 'builtin' && target.name === 'print') return this.evalPrint(t, env, k);
    if (target.kind === 'builtin' && target.name.startsWith('rego.metadata.')) return k(this.metadata(target.name, env));
    const overrideKey = this.callInfo(target).overrideKey;
    return this.evalItems(args, 0, [], env, (vals) => this.invoke(t, overrideKey, vals, k));
  }

  private invoke(t: CallTerm, keyName: string, vals: Value[], k: VK): boolean {
    const override = this.state.functionOverrides.size ? this.state.functionOverrides.get(keyName) : undefined;
    if (override) {
      if (override.kind === 'value') return k(override.value);
      // a replacement runs without function mocks: it may call the original, and mocks do not call mocks
      const saved = this.state;
      this.state = { input: saved.input, dataOverrides: saved.dataOverrides, functionOverrides: new Map(), cache: new Map(), fnCache: new Map() };
      let result: Value | undefined;
      try {
        const collect = (v: Value) => {
          result = v;
          return true;
        };
        if (override.kind === 'builtin') this.invokeBuiltin({ ...t, target: { kind: 'builtin', name: override.name } }, override.name, vals, collect);
        else this.invokeFunction(t, override.path, vals, collect);
      } finally {
        this.state = saved;
      }
      return result === undefined ? false : k(result);
    }
    const target = t.target!;
    if (target.kind === 'builtin') return this.invokeBuiltin(t, target.name, vals, k);
    return this.invokeFunction(t, target.path, vals, k);
  }

  private invokeBuiltin(t: CallTerm, name: string, vals: Value[], k: VK): boolean {
    const result = this.builtinResult(t, name, vals);
    if (result === undefined) return false;
    if (getBuiltin(name)?.relation) {
      for (const r of result as Value[]) if (k(r)) return true;
      return false;
    }
    return k(result);
  }

  /** Call a builtin: its result (an array of results for relations), or undefined for none. */
  private builtinResult(t: CallTerm, name: string, vals: Value[]): Value | undefined {
    if (name === 'internal.member_2') return member(vals[0]!, vals[1]!);
    if (name === 'internal.member_3') return member3(vals[0]!, vals[1]!, vals[2]!);
    const custom = this.options.customBuiltins?.[name];
    const def = getBuiltin(name);
    const impl = custom ?? def?.impl;
    if (!impl) throw new RegoError('rego_type_error', `undefined function ${name}`, t.loc);
    if (def?.network && !this.ctx.allowNetwork) {
      throw new RegoError('eval_builtin_error', `${name}: network access is disabled (enable it to use ${name})`, t.loc);
    }
    try {
      this.callLoc = t.loc;
      return impl(vals, this.ctx);
    } catch (e) {
      if (e instanceof BuiltinError) {
        if (this.strict) throw new RegoError(e.code, `${name}: ${e.message}`, t.loc);
        return undefined;
      }
      if (e instanceof BuiltinHalt) throw new RegoError('eval_builtin_error', `${name}: ${e.message}`, t.loc);
      if (e instanceof RegoError) throw e;
      if (this.strict) throw new RegoError('eval_builtin_error', `${name}: ${(e as Error).message}`, t.loc);
      return undefined;
    }
  }

  private invokeFunction(t: CallTerm, path: string[], vals: Value[], k: VK): boolean {
    const node = this.functionNode(t, path);
    let cacheKey = node.key;
    for (let i = 0; i < vals.length; i++) cacheKey += (i === 0 ? '(' : ',') + key(vals[i]!);
    const cached = this.state.fnCache.get(cacheKey);
    if (cached !== undefined) return cached === UNDEFINED ? false : k(cached as Value);
    // pure functions called with scalars keep their results across evaluations (canonify("1Gi") once per run)
    const shared =
      node.inputIndependent && this.state === this.rootState && vals.every(isScalar) ? this.sharedCache : undefined;
    if (shared?.has(cacheKey)) {
      const sv = shared.get(cacheKey);
      return sv === undefined ? false : k(sv);
    }
    let result: Value | undefined;
    for (const r of node.functions) {
      const { patterns } = argPlan(r);
      if (!scalarArgsMatch(patterns, vals)) continue; // cheap index on constant arguments
      const env = new Env(r);
      this.enter(r.loc);
      try {
        const { patterns, checks } = argPlan(r);
        const check = checks ? (k: K) => this.unifyItems(checks, vals, 0, env, k) : undefined;
        this.unifyItems(patterns, vals, 0, env, () =>
          this.evalRuleValue(
            r,
            (v) => {
              if (result === undefined) result = v;
              else if (!equals(result, v)) throw conflict('functions must not produce multiple outputs for same inputs', r);
              return false;
            },
            env,
            check,
          ),
        );
      } finally {
        this.depth--;
      }
    }
    if (result === undefined && node.defaultFunction) {
      this.evalTerm(node.defaultFunction.value!, new Env(), (v) => {
        result = v;
        return true;
      });
    }
    this.state.fnCache.set(cacheKey, result === undefined ? UNDEFINED : result);
    if (shared && shared.size < SHARED_FUNCTION_RESULTS_LIMIT) shared.set(cacheKey, result);
    return result === undefined ? false : k(result);
  }

  /** rego.metadata.rule() / rego.metadata.chain() for the rule owning env */
  private metadata(name: string, env: Env): Value {
    const rule = env.rule;
    if (name === 'rego.metadata.rule') return rule?.annotations?.value ?? new ObjectValue();
    const chain: Value[] = [];
    if (!rule) return chain;
    const path = rule.path ?? [];
    const entry = (p: string[], ann?: ObjectValue) => {
      const o = new ObjectValue().set('path', p);
      if (ann) o.set('annotations', ann);
      return o;
    };
    const own = rule.annotations && rule.annotations.scope === 'rule' ? rule.annotations.value : undefined;
    chain.push(entry(path, own));
    // document scope: any rule of the same document
    let node: DocNode | undefined = this.compiled.root;
    for (const seg of path) node = node?.children.get(seg);
    const siblings = node ? [...node.complete, ...node.multi, ...node.dynamic, ...node.functions, ...(node.defaultRule ? [node.defaultRule] : [])] : [];
    const doc = siblings.find((r) => r.annotations?.scope === 'document');
    if (doc) chain.push(entry(path, doc.annotations!.value));
    const pkg = this.compiled.modules.find((m) => m.rules.some((r) => r === rule || (r.path && r.path.join('.') === path.join('.'))))?.packagePath ?? [];
    for (let n = pkg.length; n >= 1; n--) {
      const prefix = pkg.slice(0, n);
      const key = prefix.join('.');
      for (const m of this.compiled.modules) {
        const a = m.packageAnnotation;
        if (!a || m.packagePath.join('.') !== key) continue;
        if (n === pkg.length ? a.scope === 'package' || a.scope === 'subpackages' : a.scope === 'subpackages') {
          chain.push(entry(prefix, a.value));
          break;
        }
      }
    }
    return chain;
  }

  private evalPrint(t: CallTerm, env: Env, k: VK): boolean {
    const parts: string[] = [];
    for (const a of t.args) {
      const vals: Value[] = [];
      this.evalTerm(a, env, (v) => (vals.push(v), false));
      if (vals.length === 0) parts.push('<undefined>');
      else parts.push(vals.map((v) => (typeof v === 'string' ? v : formatValue(v))).join(' '));
    }
    this.callLoc = t.loc;
    this.ctx.print(parts.join(' '));
    return k(true);
  }
}

