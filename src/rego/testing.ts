/**
 * Rego unit tests as `opa test` runs them: every rule named `test_*` in any
 * package is evaluated; it passes when it is defined and not false.
 * `todo_test_*` rules are reported as skipped.
 */
import type { EvalOptions } from './evaluator.js';
import { RegoError } from './errors.js';
import type { CompiledPolicy } from './policy.js';

export interface RegoTestResult {
  package: string;
  name: string;
  file: string;
  line: number;
  outcome: 'pass' | 'fail' | 'error' | 'skip';
  /** error message (outcome "error") */
  error?: string;
  /** print() output produced while the test ran, as "file:line: message" */
  output: string[];
  durationMs: number;
}

export interface RunTestsOptions extends Omit<EvalOptions, 'print'> {
  /** only tests whose "package.name" matches */
  filter?: RegExp;
}

export function runRegoTests(policy: CompiledPolicy, options: RunTestsOptions = {}): RegoTestResult[] {
  const results: RegoTestResult[] = [];
  const { filter, ...evalOptions } = options;
  for (const pkg of policy.packages()) {
    const seen = new Set<string>();
    for (const rule of policy.ruleDetails(pkg)) {
      const { name } = rule;
      if (seen.has(name) || rule.kind === 'function') continue;
      if (!name.startsWith('test_') && !name.startsWith('todo_test_')) continue;
      seen.add(name);
      if (filter && !filter.test(`${pkg}.${name}`)) continue;
      const base = { package: pkg, name, file: rule.file, line: rule.line };
      if (name.startsWith('todo_test_')) {
        results.push({ ...base, outcome: 'skip', output: [], durationMs: 0 });
        continue;
      }
      const output: string[] = [];
      const started = performance.now();
      try {
        const value = policy.evaluateRef([...pkg.split('.'), name], { ...evalOptions, print: (m, loc) => output.push(`${loc}: ${m}`) });
        const outcome = value === undefined || value === false ? 'fail' : 'pass';
        results.push({ ...base, outcome, output, durationMs: performance.now() - started });
      } catch (e) {
        const error = e instanceof RegoError ? e.message : e instanceof Error ? e.message : String(e);
        results.push({ ...base, outcome: 'error', error, output, durationMs: performance.now() - started });
      }
    }
  }
  return results;
}
