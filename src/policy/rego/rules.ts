import { isSeverity, type Rule, type Severity } from '../../model/index.js';
import { isArray, isObject, isString, toJSON, type CompiledPolicy, type Value } from '../../rego/index.js';

/** conftest's rule names (policy/engine.go): failures and warnings. */
const FAILURE = /^(deny|violation)(_[a-zA-Z0-9]+)*$/;
const WARNING = /^warn(_[a-zA-Z0-9]+)*$/;

export type RuleKind = 'failure' | 'warning';

export function conftestRuleKind(name: string): RuleKind | undefined {
  return FAILURE.test(name) ? 'failure' : WARNING.test(name) ? 'warning' : undefined;
}

/** The name an `exception` rule uses for a rule: `deny_foo` -> `foo`, `deny` -> ``. */
export function exceptionName(rule: string): string {
  const i = rule.indexOf('_');
  return i < 0 ? '' : rule.slice(i + 1);
}

/** `--namespace` patterns (conftest accepts globs such as `k8s.*`). */
export function namespaceMatcher(patterns: readonly string[]): (pkg: string) => boolean {
  const res = patterns.map((p) => new RegExp('^' + p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$'));
  return (pkg) => res.some((r) => r.test(pkg));
}

export interface ConftestRule {
  pkg: string;
  name: string;
  kind: RuleKind;
  rule: Rule;
  /** policy file and line of the rule's first definition */
  file: string;
  line: number;
}

function str(v: Value | undefined): string | undefined {
  return isString(v) ? v : undefined;
}

function field(v: Value | undefined, key: string): Value | undefined {
  return isObject(v) ? v.get(key) : undefined;
}

function stringList(v: Value | undefined): string[] {
  return isArray(v) ? v.filter(isString) : [];
}

/**
 * Rule metadata from `# METADATA` annotations (rule scope first, then document,
 * package and subpackage scopes): title, description, custom.severity,
 * related_resources (first ref -> helpUri), custom.{id, remediation, tags, helpUri}.
 */
export function ruleMetadata(policy: CompiledPolicy, pkg: string, name: string, kind: RuleKind, displayFile: string): Rule {
  const all = policy.annotations();
  const pkgPath = pkg.split('.');
  const samePath = (p: string[], q: string[]): boolean => p.length === q.length && p.every((s, i) => s === q[i]);
  const ruleAnn = all.find((a) => (a.scope === 'rule' || a.scope === 'document') && samePath(a.path, [...pkgPath, name]));
  const pkgAnn = all.find((a) => (a.scope === 'package' || a.scope === 'subpackages') && samePath(a.path, pkgPath));
  const pick = (key: string): Value | undefined => field(ruleAnn?.annotations, key) ?? field(pkgAnn?.annotations, key);
  const custom = (key: string): Value | undefined => field(field(ruleAnn?.annotations, 'custom'), key) ?? field(field(pkgAnn?.annotations, 'custom'), key);
  const severityValue = str(custom('severity'))?.toLowerCase();
  const severity: Severity = severityValue && isSeverity(severityValue) ? severityValue : kind === 'failure' ? 'high' : 'medium';
  const related = pick('related_resources');
  const firstRef = isArray(related) ? str(field(related[0], 'ref')) : undefined;
  const id = str(custom('id')) ?? `rego/${pkg}/${name}`;
  const tags = stringList(custom('tags'));
  return {
    id,
    title: str(pick('title')) ?? `Rego rule ${pkg}.${name}`,
    severity,
    description: str(pick('description')) ?? `The ${kind === 'failure' ? 'failure' : 'warning'} rule ${name} of package ${pkg} in ${displayFile}.`,
    remediation: str(custom('remediation')) ?? 'Fix the resource as the message says, or change the policy.',
    helpUri: str(custom('helpUri')) ?? firstRef ?? '',
    tags: tags.length ? tags : ['rego'],
  };
}

/** A Rego value as plain JSON (for properties). */
export function plainValue(v: Value): unknown {
  return toJSON(v);
}
