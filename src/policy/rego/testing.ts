import path from 'node:path';
import { runRegoTests, type EvalLimits } from '../../rego/index.js';
import { compileIsolated, type PolicyFileProblem } from './compile.js';
import { COVER_FUNCTION, CoverageRecorder, type CoverageReport } from './coverage.js';
import { loadDataFiles } from './data.js';
import { walkFiles, isRegoFile, type WalkProblem } from './discover.js';
import { displayPath } from './findings.js';

/** `test_*` rules of the policy directories, run as `opa test` / `conftest verify` do. */
export interface RegoTestOptions {
  root: string;
  dataFiles?: readonly string[];
  regoV0?: boolean;
  /** only tests whose `package.name` matches */
  filter?: RegExp;
  coverage?: boolean;
  limits?: EvalLimits;
}

export interface RegoTestCase {
  /** package.name */
  name: string;
  /** repository-relative file */
  file: string;
  line: number;
  outcome: 'pass' | 'fail' | 'error' | 'skip';
  error?: string;
  output: string[];
  durationMs: number;
}

export interface RegoTestRun {
  cases: RegoTestCase[];
  /** files that could not be loaded or compiled (their tests did not run) */
  problems: PolicyFileProblem[];
  coverage?: CoverageReport;
  files: string[];
}

export function runRegoPolicyTests(dirs: readonly string[], options: RegoTestOptions): RegoTestRun {
  const display = (f: string): string => displayPath(options.root, f);
  const walk: WalkProblem[] = [];
  const files = [...new Set(dirs.flatMap((d) => walkFiles(path.resolve(options.root, d), isRegoFile, walk).map((f) => f.path)))];
  const problems: PolicyFileProblem[] = walk.map((p) => ({ file: display(p.path), line: 1, col: 1, code: 'load_error', message: p.message }));
  const data = loadDataFiles((options.dataFiles ?? []).map((d) => path.resolve(options.root, d)));
  for (const p of data.problems) problems.push({ file: display(p.file), line: p.line ?? 1, col: 1, code: 'data_error', message: p.message });

  const recorder = options.coverage ? new CoverageRecorder() : undefined;
  const compiled = compileIsolated(
    files,
    { regoVersion: options.regoV0 ? 'v0' : 'auto', ...(recorder ? { customFunctions: { [COVER_FUNCTION]: 1 } } : {}) },
    recorder?.instrument,
  );
  for (const p of compiled.problems) problems.push({ ...p, file: display(p.file) });
  const cases: RegoTestCase[] = [];
  if (compiled.policy) {
    const results = runRegoTests(compiled.policy, {
      data: data.data as never,
      limits: options.limits ?? { timeoutMs: 10_000 },
      ...(options.filter ? { filter: options.filter } : {}),
      ...(recorder ? { customBuiltins: { [COVER_FUNCTION]: recorder.builtin } } : {}),
    });
    for (const r of results) {
      cases.push({
        name: `${r.package}.${r.name}`,
        file: display(r.file),
        line: r.line,
        outcome: r.outcome,
        ...(r.error ? { error: r.error } : {}),
        // print() prefixes the policy's absolute path: show it as the rest of the output does
        output: r.output.map((o) => o.split(options.root + path.sep).join('')),
        durationMs: r.durationMs,
      });
    }
  }
  let coverage: CoverageReport | undefined;
  if (recorder) {
    // Bodies of modules that were dropped for errors were never run: leave them out.
    const kept = new Set(compiled.modules.map((m) => m.file));
    const report = recorder.report();
    const rules = report.rules.filter((r) => kept.has(r.file)).map((r) => ({ ...r, file: display(r.file) }));
    const covered = rules.filter((r) => r.hit).length;
    coverage = { rules, covered, total: rules.length, percent: rules.length ? Math.round((covered / rules.length) * 1000) / 10 : 100 };
  }
  return { cases, problems, ...(coverage ? { coverage } : {}), files: files.map(display) };
}
