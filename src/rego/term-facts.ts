/**
 * Compile-once facts about terms and function rules that the evaluator reuses:
 * constant values of terms, and how a function rule matches its arguments.
 */
import type { Rule, Term } from './ast.js';
import { equals, ObjectValue, SetValue, type Value } from './value.js';

/**
 * How a function rule matches its arguments: patterns unified on entry, and
 * computed arguments (templates, calls) compared after the body bound their vars.
 */
const argPlans = new WeakMap<Rule, { patterns: Term[]; checks?: Term[] }>();
export function argPlan(r: Rule): { patterns: Term[]; checks?: Term[] } {
  let plan = argPlans.get(r);
  if (!plan) {
    const args = r.args!;
    const computed = (a: Term) => a.type === 'template' || a.type === 'call';
    plan = args.some(computed)
      ? { patterns: args.map((a, i) => (computed(a) ? wildcardArg('pattern', i) : a)), checks: args.map((a, i) => (computed(a) ? a : wildcardArg('check', i))) }
      : { patterns: args };
    argPlans.set(r, plan);
  }
  return plan;
}

/** False when a constant argument pattern cannot match its value. */
export function scalarArgsMatch(patterns: Term[], vals: Value[]): boolean {
  for (let i = 0; i < patterns.length; i++) {
    const p = patterns[i]!;
    if (p.type === 'scalar' && !equals(p.value, vals[i]!)) return false;
  }
  return true;
}

/** placeholder argument patterns (vars that accept anything), one per position and purpose */
const wildcardTerms = new Map<string, Term>();
function wildcardArg(kind: 'pattern' | 'check', i: number): Term {
  const name = `_$${kind}${i}`;
  let t = wildcardTerms.get(name);
  if (!t) wildcardTerms.set(name, (t = { type: 'var', name, loc: { file: '', line: 0, col: 0 } }));
  return t;
}
const constCache = new WeakMap<Term, Value | null>();

function isConstantTerm(t: Term): boolean {
  switch (t.type) {
    case 'scalar':
      return true;
    case 'array':
    case 'set':
      return t.items.every(isConstantTerm);
    case 'object':
      return t.entries.every(([k, v]) => isConstantTerm(k) && isConstantTerm(v));
    default:
      return false;
  }
}

function constantValue(t: Term): Value {
  switch (t.type) {
    case 'scalar':
      return t.value;
    case 'array':
      return t.items.map(constantValue);
    case 'set':
      return SetValue.of(t.items.map(constantValue));
    case 'object': {
      const o = new ObjectValue();
      for (const [k, v] of t.entries) o.set(constantValue(k), constantValue(v));
      return o;
    }
    default:
      throw new Error('not constant');
  }
}

/** The constant value of a term, or undefined when it needs evaluation (cached per term). */
export function constOf(t: Term): Value | undefined {
  const c = constCache.get(t);
  if (c !== undefined) return c === null ? undefined : (c as Value);
  if (t.type === 'scalar') return t.value;
  const isConst = isConstantTerm(t);
  const v = isConst ? constantValue(t) : undefined;
  // null marks "not constant"; a constant null is only possible for scalars (handled above)
  constCache.set(t, isConst ? v! : null);
  return v;
}

