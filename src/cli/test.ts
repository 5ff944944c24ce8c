import path from 'node:path';
import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { runRegoPolicyTests } from '../policy/rego/index.js';
import { EXIT, UsageError } from './errors.js';
import { resolveRoot } from './root.js';

/**
 * `syncgate test`: runs policy unit tests, like `opa test` and `conftest verify`.
 * Test sources plug in as runners (Rego `test_*` rules today; Gatekeeper Suites can
 * be added as another runner) and share one output and one exit-code rule:
 * 0 all pass, 1 a test failed, 2 a test errored or a policy file could not be loaded.
 */
export interface TestCaseResult {
  /** runner that produced it, e.g. `rego` */
  runner: string;
  name: string;
  /** repository-relative file and line of the test */
  file: string;
  line: number;
  outcome: 'pass' | 'fail' | 'error' | 'skip';
  message?: string;
  /** print() output and similar */
  output?: string[];
  durationMs: number;
}

export interface TestLoadError {
  runner: string;
  file: string;
  line: number;
  col: number;
  message: string;
}

export interface RuleCoverageEntry {
  rule: string;
  file: string;
  line: number;
  hit: boolean;
  /** e.g. bodies hit out of bodies */
  detail?: string;
}

export interface TestRunnerResult {
  cases: TestCaseResult[];
  errors: TestLoadError[];
  coverage?: RuleCoverageEntry[];
}

export interface TestRunnerContext {
  root: string;
  /** absolute policy directories */
  dirs: string[];
  dataFiles: string[];
  regoV0: boolean;
  filter?: RegExp;
  coverage: boolean;
}

export interface TestRunner {
  name: string;
  run(ctx: TestRunnerContext): TestRunnerResult | Promise<TestRunnerResult>;
}

/** Rego `test_*` rules in the policy directories (`_test.rego` files and others alike). */
export const regoTestRunner: TestRunner = {
  name: 'rego',
  run(ctx) {
    const r = runRegoPolicyTests(ctx.dirs, { root: ctx.root, dataFiles: ctx.dataFiles, regoV0: ctx.regoV0, coverage: ctx.coverage, ...(ctx.filter ? { filter: ctx.filter } : {}) });
    return {
      cases: r.cases.map((c) => ({
        runner: 'rego',
        name: c.name,
        file: c.file,
        line: c.line,
        outcome: c.outcome,
        ...(c.error ? { message: c.error } : {}),
        ...(c.output.length ? { output: c.output } : {}),
        durationMs: c.durationMs,
      })),
      errors: r.problems.map((p) => ({ runner: 'rego', file: p.file, line: p.line, col: p.col, message: `${p.code}: ${p.message}` })),
      ...(r.coverage ? { coverage: r.coverage.rules.map((c) => ({ rule: c.rule, file: c.file, line: c.line, hit: c.hit, detail: `${c.bodiesHit}/${c.bodies} bodies` })) } : {}),
    };
  },
};

export interface TestSummary {
  pass: number;
  fail: number;
  error: number;
  skip: number;
  total: number;
  loadErrors: number;
}

export interface TestReport {
  cases: TestCaseResult[];
  errors: TestLoadError[];
  summary: TestSummary;
  coverage?: { rules: RuleCoverageEntry[]; covered: number; total: number; percent: number };
}

export function summarise(cases: TestCaseResult[], errors: TestLoadError[]): TestSummary {
  const count = (o: TestCaseResult['outcome']): number => cases.filter((c) => c.outcome === o).length;
  return { pass: count('pass'), fail: count('fail'), error: count('error'), skip: count('skip'), total: cases.length, loadErrors: errors.length };
}

export function exitCodeOf(report: TestReport): number {
  if (report.summary.error > 0 || report.summary.loadErrors > 0) return EXIT.error;
  return report.summary.fail > 0 ? EXIT.findings : EXIT.pass;
}

export async function runTests(runners: readonly TestRunner[], ctx: TestRunnerContext): Promise<TestReport> {
  const cases: TestCaseResult[] = [];
  const errors: TestLoadError[] = [];
  const coverage: RuleCoverageEntry[] = [];
  for (const runner of runners) {
    try {
      const r = await runner.run(ctx);
      cases.push(...r.cases);
      errors.push(...r.errors);
      if (r.coverage) coverage.push(...r.coverage);
    } catch (e) {
      errors.push({ runner: runner.name, file: '', line: 0, col: 0, message: `internal error in the ${runner.name} test runner: ${(e as Error)?.message ?? String(e)}` });
    }
  }
  const report: TestReport = { cases, errors, summary: summarise(cases, errors) };
  if (ctx.coverage) {
    const covered = coverage.filter((c) => c.hit).length;
    report.coverage = { rules: coverage, covered, total: coverage.length, percent: coverage.length ? Math.round((covered / coverage.length) * 1000) / 10 : 100 };
  }
  return report;
}

export function formatTestText(report: TestReport, verbose: boolean): string {
  const lines: string[] = [];
  for (const e of report.errors) lines.push(`ERROR ${e.file ? `${e.file}:${e.line}:${e.col}: ` : ''}${e.message}`);
  for (const c of report.cases) {
    const where = `${c.file}:${c.line}`;
    const ms = `(${c.durationMs < 1 ? c.durationMs.toFixed(2) : c.durationMs.toFixed(0)}ms)`;
    if (c.outcome === 'fail') lines.push(`FAIL  ${where}: ${c.name} ${ms}`);
    else if (c.outcome === 'error') lines.push(`ERROR ${where}: ${c.name}: ${c.message ?? 'error'}`);
    else if (verbose) lines.push(`${c.outcome === 'pass' ? 'PASS ' : 'SKIP '} ${where}: ${c.name} ${ms}`);
    if ((c.outcome !== 'pass' || verbose) && c.output?.length) for (const o of c.output) lines.push(`      ${o}`);
  }
  const s = report.summary;
  if (s.total === 0 && report.errors.length === 0) lines.push('No tests found (rules named test_* in .rego files).');
  lines.push('--------------------------------------------------------------------------------');
  const parts = [`PASS: ${s.pass}/${s.total}`];
  if (s.fail) parts.push(`FAIL: ${s.fail}/${s.total}`);
  if (s.error) parts.push(`ERROR: ${s.error}/${s.total}`);
  if (s.skip) parts.push(`SKIPPED: ${s.skip}/${s.total}`);
  if (s.loadErrors) parts.push(`LOAD ERRORS: ${s.loadErrors}`);
  lines.push(parts.join('  '));
  if (report.coverage) {
    const c = report.coverage;
    lines.push(`Coverage: ${c.covered}/${c.total} rules exercised (${c.percent}%)`);
    for (const r of c.rules) lines.push(`  ${r.hit ? 'hit ' : 'MISS'}  ${r.file}:${r.line}  ${r.rule}${r.detail ? ` (${r.detail})` : ''}`);
  }
  return lines.join('\n') + '\n';
}

const collectWhole = (value: string, previous: string[]): string[] => [...previous, value];

/** `syncgate test [dir...] [--policy dir] [--data path] [--run regex] [--coverage] [--verbose] [--format text|json]` */
export function testCommand(runners: readonly TestRunner[] = [regoTestRunner], write: (text: string) => void = (t) => process.stdout.write(t)): Command {
  return new Command('test')
    .description('Run policy unit tests (Rego test_* rules, as `opa test` and `conftest verify` do).')
    .argument('[dirs...]', 'policy directories (default: --policy, else policy/)')
    .option('-p, --policy <dir>', 'policy directory (repeatable)', collectWhole, [])
    .option('-d, --data <path>', 'data file or directory (.json, .yaml) exposed under data (repeatable)', collectWhole, [])
    .option('--rego-v0', 'parse every Rego file as Rego v0 (default: detected per file)')
    .option('-r, --run <regex>', 'only tests whose package.name matches')
    .option('-c, --coverage', 'report which rules the tests exercised')
    .option('-v, --verbose', 'list passing tests and print() output')
    .option('--root <dir>', 'repository root (default: the nearest directory with .git)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (dirArgs: string[], flags: { policy: string[]; data: string[]; regoV0?: boolean; run?: string; coverage?: boolean; verbose?: boolean; root?: string; format: 'text' | 'json' }) => {
      const root = resolveRoot(flags.root);
      const given = [...dirArgs, ...flags.policy];
      const dirs = (given.length ? given : ['policy']).map((d) => path.resolve(process.cwd(), d));
      const missing = dirs.filter((d) => !existsSync(d));
      if (missing.length) throw new UsageError(`policy directory not found: ${missing.join(', ')}${given.length ? '' : ' (pass directories or --policy)'}`);
      let filter: RegExp | undefined;
      if (flags.run) {
        try {
          filter = new RegExp(flags.run);
        } catch (e) {
          throw new UsageError(`--run: invalid regular expression: ${(e as Error).message}`);
        }
      }
      const report = await runTests(runners, {
        root,
        dirs,
        dataFiles: flags.data.map((d) => path.resolve(process.cwd(), d)),
        regoV0: Boolean(flags.regoV0),
        coverage: Boolean(flags.coverage),
        ...(filter ? { filter } : {}),
      });
      write(flags.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatTestText(report, Boolean(flags.verbose)));
      process.exitCode = exitCodeOf(report);
    });
}
