import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule } from '../../../model/index.js';
import { isArray, isObject, isString, type CompiledPolicy, type Value } from '../../../rego/index.js';
import { compileIsolated, findRegoFiles, readMessages, ruleMetadata, type PolicyFileProblem } from '../../rego/index.js';
import { definePolicy, type Policy, type Violation } from '../../ts/index.js';

/**
 * Built-in rules written in Rego (policies/rego/**.rego, shipped in the package).
 * Each file is one package with a `deny` rule returning `{"msg", "path"}` objects and a
 * `# METADATA` block giving the rule (custom.id, custom.severity, custom.kinds, ...).
 * They are compiled once per process and exposed as ordinary policies, so presets,
 * rule settings, waivers and `policy/error` handling treat them like TypeScript ones.
 */

/** policies/rego, found upwards from this module (src/..., dist/... and dist/bundle/... alike). */
export function builtinRegoDir(from = path.dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'policies', 'rego');
    if (existsSync(candidate) && existsSync(path.join(dir, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export interface BuiltinRegoSet {
  policies: Policy[];
  rules: Rule[];
  /** problems compiling the built-in files (a bug in syncgate; tests keep this empty) */
  problems: PolicyFileProblem[];
}

let cached: BuiltinRegoSet | undefined;

function kindsOf(policy: CompiledPolicy, pkg: string): string[] {
  const ann = policy.annotations().find((a) => a.path.join('.') === `${pkg}.deny` || a.path.join('.') === pkg);
  const custom = ann && isObject(ann.annotations) ? ann.annotations.get('custom') : undefined;
  const kinds = isObject(custom) ? custom.get('kinds') : undefined;
  return isArray(kinds) ? kinds.filter(isString) : [];
}

function policyFor(compiled: CompiledPolicy, pkg: string, file: string): Policy | undefined {
  const rule = ruleMetadata(compiled, pkg, 'deny', 'failure', file);
  if (rule.id.startsWith('rego/')) return undefined; // not a built-in rule (no custom.id)
  const kinds = kindsOf(compiled, pkg);
  const denyPath = [...pkg.split('.'), 'deny'];
  return definePolicy({
    rule,
    kinds,
    source: file,
    check: ({ object }) => {
      const value = compiled.evaluateRef(denyPath, { input: object as unknown as Value, limits: { timeoutMs: 2000, maxSteps: 5_000_000 } });
      const out: Violation[] = [];
      for (const m of readMessages(value, object)) {
        if ('problem' in m) throw new Error(m.problem);
        const { severity, ...properties } = m.properties ?? {};
        const v: Violation = { message: m.message, ...(m.pointer !== undefined ? { pointer: m.pointer } : {}) };
        if (severity === 'critical' || severity === 'high' || severity === 'medium' || severity === 'low' || severity === 'info') v.severity = severity;
        if (Object.keys(properties).length) v.properties = properties;
        out.push(v);
      }
      return out;
    },
  });
}

/** Compile the built-in Rego rules once and return them as policies (cached for the process). */
export function loadBuiltinRego(dir = builtinRegoDir()): BuiltinRegoSet {
  if (cached && dir === builtinRegoDir()) return cached;
  const problems: PolicyFileProblem[] = [];
  if (!dir) return { policies: [], rules: [], problems: [{ file: 'policies/rego', line: 1, col: 1, code: 'load_error', message: 'the built-in Rego policies were not found beside the syncgate package' }] };
  const files = findRegoFiles([dir], false, []);
  const compiled = compileIsolated(files, { regoVersion: 'v1' });
  problems.push(...compiled.problems);
  const policies: Policy[] = [];
  if (compiled.policy) {
    for (const m of compiled.modules) {
      const pkg = m.packagePath.join('.');
      const p = policyFor(compiled.policy, pkg, m.file);
      if (p) policies.push(p);
    }
  }
  policies.sort((a, b) => (a.rule.id < b.rule.id ? -1 : 1));
  const set = { policies, rules: policies.map((p) => p.rule), problems };
  if (dir === builtinRegoDir()) cached = set;
  return set;
}

/** The built-in Rego rules as policies, for the presets. */
export function builtinRegoPolicies(): Policy[] {
  return loadBuiltinRego().policies;
}
