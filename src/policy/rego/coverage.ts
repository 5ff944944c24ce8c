import type { BuiltinImpl, parseModule } from '../../rego/index.js';
import { isRegoTestFile } from './discover.js';

type Module = ReturnType<typeof parseModule>;
type Rule = Module['rules'][number];
type Literal = Rule['body'][number];

/**
 * Rule coverage for `syncgate test --coverage`: every body (and `else` branch) of a
 * non-test rule gets one extra literal at its end, a call to a host function that
 * records the body as hit. The literal only runs when every other literal of the body
 * succeeded, so "hit" means the body produced a value in some test. The scheduler
 * keeps source order among ready literals, so the call stays last.
 */
export const COVER_FUNCTION = '__syncgate_cover';

export interface CoveredBody {
  file: string;
  line: number;
  /** package.rule */
  rule: string;
}

export interface RuleCoverage {
  rule: string;
  file: string;
  line: number;
  bodies: number;
  bodiesHit: number;
  hit: boolean;
}

export interface CoverageReport {
  rules: RuleCoverage[];
  covered: number;
  total: number;
  /** covered / total * 100, one decimal; 100 when there is nothing to cover */
  percent: number;
}

export class CoverageRecorder {
  /** by id; a module compiled again (after another file was dropped) replaces its old entries */
  private readonly bodies = new Map<number, CoveredBody>();
  private nextId = 0;
  private readonly hits = new Set<number>();

  /** Module transform that instruments non-test rules. */
  readonly instrument = (m: Module): Module => {
    if (isRegoTestFile(m.file)) return m;
    const pkg = m.packagePath.join('.');
    for (const [id, b] of this.bodies) if (b.file === m.file) this.bodies.delete(id);
    for (const rule of m.rules) {
      const head = rule.ref[0];
      const name = head?.type === 'var' ? head.name : '?';
      if (rule.isDefault || name.startsWith('test_') || name.startsWith('todo_test_')) continue;
      const add = (body: Literal[], line: number): void => {
        const id = this.nextId++;
        this.bodies.set(id, { file: m.file, line, rule: `${pkg}.${name}` });
        body.push(coverLiteral(id, rule.loc));
      };
      add(rule.body, rule.loc.line);
      for (const e of rule.elses) add(e.body, e.loc.line);
    }
    return m;
  };

  readonly builtin: BuiltinImpl = (args) => {
    const id = args[0];
    if (typeof id === 'number') this.hits.add(id);
    return true;
  };

  report(): CoverageReport {
    const byRule = new Map<string, RuleCoverage>();
    this.bodies.forEach((b, i) => {
      const key = `${b.rule}\0${b.file}`;
      let r = byRule.get(key);
      if (!r) byRule.set(key, (r = { rule: b.rule, file: b.file, line: b.line, bodies: 0, bodiesHit: 0, hit: false }));
      r.bodies++;
      if (this.hits.has(i)) {
        r.bodiesHit++;
        r.hit = true;
      }
    });
    const rules = [...byRule.values()].sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line));
    const covered = rules.filter((r) => r.hit).length;
    return { rules, covered, total: rules.length, percent: rules.length ? Math.round((covered / rules.length) * 1000) / 10 : 100 };
  }
}

function coverLiteral(id: number, loc: Rule['loc']): Literal {
  const name = { type: 'var', name: COVER_FUNCTION, loc } as const;
  return {
    negated: false,
    expr: { type: 'term', term: { type: 'call', name: COVER_FUNCTION, nameRef: name, args: [{ type: 'scalar', value: id, loc }], loc } },
    with: [],
    loc,
  } as Literal;
}
