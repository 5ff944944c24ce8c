/**
 * Compiled policy: compile modules once, evaluate queries many times with
 * different input (data is usually fixed).
 */
import type { Body } from './ast.js';
import { compileModules as compileTree, compileQuery, userVarName, type CompileOptions, type CompiledModules, type DocNode, type ModuleSource } from './compiler.js';
import { Evaluator, type EvalOptions, type EvalSetup } from './evaluator.js';
import { RegoCompileErrors, RegoError } from './errors.js';
import { allVars } from './safety.js';
import type { Module } from './ast.js';
import { BigNum, fromJSON, ObjectValue, SetValue, type Value } from './value.js';

export type QueryResult = Record<string, Value>;

export interface RuleDetail {
  name: string;
  kind: 'complete' | 'multi' | 'object' | 'function';
  isDefault: boolean;
  file: string;
  line: number;
}

export class CompiledPolicy {
  private readonly queries = new Map<string, { body: Body; vars: string[] }>();
  /** values of input-independent documents, per base-data object */
  private readonly shared = [new WeakMap<object, Map<DocNode | string, Value | undefined>>(), new WeakMap<object, Map<DocNode | string, Value | undefined>>()];
  private readonly sharedNoData = [new Map<DocNode | string, Value | undefined>(), new Map<DocNode | string, Value | undefined>()];

  constructor(
    readonly compiled: CompiledModules,
    private readonly options: CompileOptions = {},
  ) {}

  get modules(): Module[] {
    return this.compiled.modules;
  }

  /** Package paths ("a.b") defined by the modules. */
  packages(): string[] {
    return [...new Set(this.compiled.modules.map((m) => m.packagePath.join('.')))].sort();
  }

  /** Names of the rules (first head segment) defined in a package, e.g. deny, warn_x, test_y. */
  rules(pkg: string): string[] {
    const names = new Set<string>();
    for (const m of this.compiled.modules) {
      if (m.packagePath.join('.') !== pkg) continue;
      for (const r of m.rules) {
        const head = r.ref[0];
        if (head?.type === 'var') names.add(head.name);
      }
    }
    return [...names].sort();
  }

  /** Input, data and the cross-evaluation cache for this data (no cache when builtins are mocked by the host). */
  private setup(options: EvalOptions): EvalSetup {
    const input = plainToValue(options.input);
    const data = plainToValue(options.data);
    if (options.customBuiltins) return { input, data };
    // strict and lenient builtin errors give different results: separate caches
    const mode = options.strictBuiltinErrors ? 1 : 0;
    let sharedCache: Map<DocNode | string, Value | undefined> | undefined;
    if (data === undefined) sharedCache = this.sharedNoData[mode]!;
    else if (typeof data === 'object' && data !== null) {
      sharedCache = this.shared[mode]!.get(data);
      if (!sharedCache) this.shared[mode]!.set(data, (sharedCache = new Map()));
    }
    return { input, data, sharedCache };
  }

  /**
   * Every `# METADATA` annotation: package ones (path = package) and rule ones
   * (path = package + rule name), with scope and file location.
   */
  annotations(): { path: string[]; scope: string; annotations: Value; file: string; line: number }[] {
    const out: { path: string[]; scope: string; annotations: Value; file: string; line: number }[] = [];
    for (const m of this.compiled.modules) {
      const pa = m.packageAnnotation;
      if (pa) out.push({ path: m.packagePath, scope: pa.scope, annotations: pa.value, file: m.file, line: pa.loc.line });
      const seen = new Set<unknown>();
      for (const r of m.rules) {
        const a = r.annotations;
        if (!a || seen.has(a)) continue;
        seen.add(a);
        const head = r.ref.map((t) => (t.type === 'var' ? t.name : t.type === 'scalar' ? String(t.value) : '*'));
        out.push({ path: [...m.packagePath, ...head], scope: a.scope, annotations: a.value, file: m.file, line: a.loc.line });
      }
    }
    return out;
  }

  /**
   * Rules of a package with their kind: `complete` (p := v), `multi` (p contains x,
   * v0 p[x] { }), `object` (p[k] := v, and v1's `p[x] if`), `function`.
   * conftest refuses `object` kinds for deny/warn rules.
   */
  ruleDetails(pkg: string): RuleDetail[] {
    const out: RuleDetail[] = [];
    for (const m of this.compiled.modules) {
      if (m.packagePath.join('.') !== pkg) continue;
      for (const r of m.rules) {
        const head = r.ref[0];
        if (head?.type !== 'var') continue;
        const hasVars = r.ref.slice(1).some((t) => !(t.type === 'scalar' && typeof t.value === 'string'));
        const kind: RuleDetail['kind'] = r.kind === 'function' ? 'function' : r.kind === 'multi' ? 'multi' : hasVars ? 'object' : 'complete';
        out.push({ name: head.name, kind, isDefault: r.isDefault, file: m.file, line: r.loc.line });
      }
    }
    return out;
  }

  private prepare(query: string): { body: Body; vars: string[] } {
    let q = this.queries.get(query);
    if (!q) {
      const body = compileQuery(query, this.compiled, this.options);
      const vars = new Set<string>();
      for (const lit of body) {
        if (lit.expr.type === 'term') allVars(lit.expr.term, vars);
        else if (lit.expr.type === 'some') for (const v of lit.expr.vars) vars.add(v.name);
        else if (lit.expr.type === 'somein') {
          if (lit.expr.key) allVars(lit.expr.key, vars);
          allVars(lit.expr.value, vars);
          allVars(lit.expr.collection, vars);
        }
      }
      q = { body, vars: [...vars].filter((v) => !v.startsWith('_$') && !v.startsWith('__')) };
      this.queries.set(query, q);
    }
    return q;
  }

  /** Evaluate a query (`data.x.allow = a`); one record of variable bindings per solution. */
  evaluate(query: string, options: EvalOptions = {}): QueryResult[] {
    const q = this.prepare(query);
    const ev = new Evaluator(this.compiled, options, this.setup(options));
    return ev.query(q.body, q.vars).map((m) => Object.fromEntries([...m].map(([k, v]) => [userVarName(k), v])));
  }

  /** Value of the document at data.<path> (undefined when not defined). */
  evaluateRef(path: string[] | string, options: EvalOptions = {}): Value | undefined {
    const segs = typeof path === 'string' ? path.replace(/^data\.?/, '').split('.').filter(Boolean) : path;
    return this.evaluateRefs([segs], options)[0];
  }

  /**
   * Evaluate several documents in one evaluation (shared rule cache), e.g. every
   * deny/warn rule of a namespace for one input.
   */
  evaluateRefs(paths: string[][], options: EvalOptions = {}): (Value | undefined)[] {
    const ev = new Evaluator(this.compiled, options, this.setup(options));
    return paths.map((segs) => ev.document(segs));
  }

  /**
   * As evaluateRefs, tracing input reads (`options.traceInput`, default the whole input): for
   * each multi-value rule document, the JSON pointer that best explains each member, by the
   * member's `key()`. The values are the same as evaluateRefs gives.
   */
  evaluateRefsTraced(paths: string[][], options: EvalOptions = {}): { values: (Value | undefined)[]; origins: (ReadonlyMap<string, string> | undefined)[] } {
    const ev = new Evaluator(this.compiled, options.traceInput ? options : { ...options, traceInput: [] }, this.setup(options));
    const values = paths.map((segs) => ev.document(segs));
    return { values, origins: paths.map((segs) => ev.originsAt(segs)) };
  }
}

const converted = new WeakMap<object, Value>();

/** Accept plain JS input/data (as from JSON.parse or a YAML parser) by converting them once. */
function plainToValue(x: Value | undefined): Value | undefined {
  if (x === undefined || x === null || typeof x !== 'object') return x;
  if (x instanceof ObjectValue || x instanceof SetValue || x instanceof BigNum) return x;
  let v = converted.get(x);
  if (v === undefined) {
    v = fromJSON(x);
    converted.set(x, v);
  }
  return v;
}

/** Compile Rego modules; throws RegoCompileErrors (each with file/line/col) on failure. */
export function compilePolicy(modules: (ModuleSource | Module)[], options: CompileOptions = {}): CompiledPolicy {
  try {
    return new CompiledPolicy(compileTree(modules, options), options);
  } catch (e) {
    if (e instanceof RangeError) throw new RegoCompileErrors([new RegoError('rego_compile_error', 'policy nested too deeply to compile')]);
    throw e;
  }
}

export { RegoCompileErrors };
