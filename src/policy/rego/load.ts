import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding, Resource, Rule } from '../../model/index.js';
import type { CompiledPolicy, EvalLimits } from '../../rego/index.js';
import { POLICY_ERROR_RULE } from '../ts/index.js';
import { compileIsolated } from './compile.js';
import { ConftestRunner, type Namespace } from './conftest.js';
import { loadDataFiles } from './data.js';
import { isRegoFile, isRegoTestFile, walkFiles, type WalkProblem } from './discover.js';
import { displayPath, policyFileError } from './findings.js';
import { conftestRuleKind, namespaceMatcher, ruleMetadata, type ConftestRule } from './rules.js';

export interface RegoLoadOptions {
  /** repository root: finding paths are relative to it */
  root: string;
  /** `--namespace` (repeatable, globs such as `k8s.*`); default `main` */
  namespaces?: readonly string[];
  /** `--all-namespaces` */
  allNamespaces?: boolean;
  /** `--data` files and directories (.json, .yaml, .yml) merged under `data` */
  dataFiles?: readonly string[];
  /** `--combine`: every resource in one input array */
  combine?: boolean;
  /** `--rego-v0`: parse every file as Rego v0 (otherwise detected per file) */
  regoV0?: boolean;
  /** guards per evaluation (one resource, one namespace) */
  limits?: EvalLimits;
  /** conftest's --show-builtin-errors: a builtin error (e.g. a wrong argument type) is a policy/error finding instead of making the expression undefined */
  showBuiltinErrors?: boolean;
}

export interface RegoPolicySet {
  /** one Rule per conftest rule found, plus policy/error */
  rules: Rule[];
  /** problems found while loading (syntax and compile errors, bad data files, refused rule forms) */
  loadFindings: Finding[];
  run(resources: readonly Resource[]): Finding[];
  /** the compiled policy (undefined when nothing compiled) */
  policy?: CompiledPolicy;
  /** the .rego files loaded */
  files: string[];
}

/** Per evaluation: generous for real policies, small enough that a runaway one cannot stall a run. */
export const DEFAULT_REGO_LIMITS: EvalLimits = { timeoutMs: 2000, maxSteps: 5_000_000, maxDepth: 400 };

/** `.rego` files under the directories, `_test.rego` files included only when asked. */
export function findRegoFiles(dirs: readonly string[], withTests: boolean, problems: WalkProblem[]): string[] {
  const files = new Set<string>();
  for (const dir of dirs) for (const f of walkFiles(dir, (n) => isRegoFile(n) && (withTests || !isRegoTestFile(n)), problems)) files.add(f.path);
  return [...files];
}

/** The directories to use: those given, else `<root>/policy` when it exists (conftest's default). */
export function policyDirsOrDefault(dirs: readonly string[], root: string): string[] {
  if (dirs.length > 0) return dirs.map((d) => path.resolve(root, d));
  const dflt = path.join(root, 'policy');
  return existsSync(dflt) ? [dflt] : [];
}

/** The namespaces to run and their conftest rules; refused rule forms become findings. */
export function conftestNamespaces(policy: CompiledPolicy, options: Pick<RegoLoadOptions, 'namespaces' | 'allNamespaces'>, display: (f: string) => string, findings: Finding[]): Namespace[] {
  const match = options.allNamespaces ? () => true : namespaceMatcher(options.namespaces?.length ? options.namespaces : ['main']);
  const out: Namespace[] = [];
  for (const pkg of policy.packages()) {
    if (!match(pkg)) continue;
    const details = policy.ruleDetails(pkg);
    const rules: ConftestRule[] = [];
    const seen = new Set<string>();
    for (const d of details) {
      const kind = conftestRuleKind(d.name);
      if (!kind || seen.has(d.name)) continue;
      seen.add(d.name);
      const forms = details.filter((x) => x.name === d.name);
      const objectForm = forms.find((x) => x.kind === 'object' || x.kind === 'function');
      if (objectForm) {
        const file = display(objectForm.file);
        findings.push(
          policyFileError(file, objectForm.line, 1, `${file}:${objectForm.line}: rule ${pkg}.${d.name} is ${objectForm.kind === 'function' ? 'a function' : 'a single-value (object) rule'}; conftest rules must be sets: write \`${d.name} contains msg if { ... }\` (Rego v1) or \`${d.name}[msg] { ... }\` (Rego v0, with --rego-v0)`),
        );
        continue;
      }
      rules.push({ pkg, name: d.name, kind, rule: ruleMetadata(policy, pkg, d.name, kind, display(d.file)), file: d.file, line: d.line });
    }
    const hasException = details.some((d) => d.name === 'exception');
    if (rules.length) out.push({ pkg, path: pkg.split('.'), rules, hasException });
  }
  return out;
}

/** Compile once, evaluate per resource (or once with --combine). Never throws for bad policies. */
export function loadRegoPolicies(dirs: readonly string[], options: RegoLoadOptions): RegoPolicySet {
  const root = options.root;
  const display = (f: string): string => displayPath(root, f);
  const loadFindings: Finding[] = [];
  const walkProblems: WalkProblem[] = [];
  const files = findRegoFiles(policyDirsOrDefault(dirs, root), false, walkProblems);
  for (const p of walkProblems) loadFindings.push(policyFileError(display(p.path), 1, 1, p.message));

  const data = loadDataFiles((options.dataFiles ?? []).map((d) => path.resolve(root, d)));
  for (const p of data.problems) loadFindings.push(policyFileError(display(p.file), p.line ?? 1, 1, p.message));

  const compiled = compileIsolated(files, { regoVersion: options.regoV0 ? 'v0' : 'auto' });
  for (const p of compiled.problems) loadFindings.push(policyFileError(display(p.file), p.line, p.col, `${display(p.file)}:${p.line}:${p.col}: ${p.code}: ${p.message}`));
  const policy = compiled.policy;
  if (!policy) return { rules: loadFindings.length ? [POLICY_ERROR_RULE] : [], loadFindings, run: () => [], files };

  const namespaces = conftestNamespaces(policy, options, display, loadFindings);
  // conftest sets data.conftest.file per file; build per-file data only for policies that read it.
  const readsConftest = usesConftestData(compiled.modules.map((m) => m.file));
  const perFile = new Map<string, Record<string, unknown>>();
  const dataFor = (file: string): Record<string, unknown> => {
    if (!readsConftest) return data.data;
    let d = perFile.get(file);
    if (!d) {
      d = Object.assign(Object.create(null) as Record<string, unknown>, data.data, { conftest: { file: { name: file, dir: path.posix.dirname(file) } } });
      perFile.set(file, d);
    }
    return d;
  };
  const runner = new ConftestRunner({ policy, namespaces, dataFor, limits: options.limits ?? DEFAULT_REGO_LIMITS, displayFile: display, strictBuiltinErrors: Boolean(options.showBuiltinErrors) });
  const rules = [...namespaces.flatMap((n) => n.rules.map((r) => r.rule)), POLICY_ERROR_RULE];
  return {
    rules,
    loadFindings,
    policy,
    files,
    run: (resources) => (options.combine ? runner.runCombined(resources) : runner.runEach(resources)),
  };
}

/** True when some policy file mentions `conftest` (then data.conftest.file is set per file). */
function usesConftestData(files: string[]): boolean {
  return files.some((f) => {
    try {
      return /\bconftest\b/.test(readFileSync(f, 'utf8'));
    } catch {
      return false;
    }
  });
}
