import { isSeverity, SEVERITIES, type Rule } from '../../model/index.js';

/**
 * Rule metadata checks for user policies. A user policy declares a full `Rule`; its id must be
 * namespaced kebab-case (`custom/require-team-label`, `acme/no-host-network`) and must not use a
 * namespace of syncgate's own rules, so that ids stay unique and `rules:` settings stay unambiguous.
 */

/** Namespaces of syncgate's own rules (DESIGN.md "Rule"), unavailable to user policies. */
export const RESERVED_NAMESPACES: readonly string[] = Object.freeze(['schema', 'pss', 'k8s', 'gitops', 'rego', 'policy', 'waiver', 'syncgate']);

const SEGMENT = '[a-z0-9]+(?:-[a-z0-9]+)*';
/** Two or more kebab-case segments separated by `/`. */
export const USER_RULE_ID = new RegExp(`^${SEGMENT}(?:/${SEGMENT})+$`);

export type RuleCheck = { ok: true; rule: Rule } | { ok: false; id?: string; problem: string };

/** Validates the rule of a user policy; on success returns a frozen plain copy (only the `Rule` fields). */
export function checkUserRule(value: unknown): RuleCheck {
  if (typeof value !== 'object' || value === null) return { ok: false, problem: 'the policy has no `rule` object' };
  const rule = value as Record<string, unknown>;
  const id = rule['id'];
  if (typeof id !== 'string' || id === '') return { ok: false, problem: '`rule.id` must be a non-empty string such as "custom/require-team-label"' };
  const fail = (problem: string): RuleCheck => ({ ok: false, id, problem });
  if (!USER_RULE_ID.test(id)) {
    return fail(
      `rule id ${JSON.stringify(id)} must be namespaced kebab-case: lower-case words joined by "-", a namespace and a name joined by "/", such as "custom/${kebab(id)}"`,
    );
  }
  const namespace = id.slice(0, id.indexOf('/'));
  if (RESERVED_NAMESPACES.includes(namespace)) {
    return fail(`rule id ${JSON.stringify(id)} uses the namespace "${namespace}/" of syncgate's own rules; use "custom/" or your organisation's prefix`);
  }
  if (!isSeverity(rule['severity'])) {
    return fail(`rule.severity of ${id} must be one of ${SEVERITIES.join(', ')}, got ${describe(rule['severity'])}`);
  }
  for (const field of ['title', 'description', 'remediation'] as const) {
    const v = rule[field];
    if (typeof v !== 'string' || v.trim() === '') return fail(`rule.${field} of ${id} must be a non-empty string, got ${describe(v)}`);
  }
  const helpUri = rule['helpUri'];
  if (typeof helpUri !== 'string' || !isAbsoluteUri(helpUri)) {
    return fail(`rule.helpUri of ${id} must be an absolute URI (for example a link to the policy file in your repository), got ${describe(helpUri)}`);
  }
  const tags = rule['tags'];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string' && t !== '')) {
    return fail(`rule.tags of ${id} must be a list of non-empty strings (it may be empty), got ${describe(tags)}`);
  }
  return {
    ok: true,
    rule: Object.freeze({
      id,
      title: rule['title'] as string,
      severity: rule['severity'] as Rule['severity'],
      description: rule['description'] as string,
      remediation: rule['remediation'] as string,
      helpUri,
      tags: Object.freeze([...(tags as string[])]) as string[],
    }),
  };
}

/** `kinds` of a policy: `'workloads'` or a list of non-empty kind names. */
export function checkKinds(kinds: unknown): string | undefined {
  if (kinds === 'workloads') return undefined;
  if (Array.isArray(kinds) && kinds.every((k) => typeof k === 'string' && k !== '')) return undefined;
  return `\`kinds\` must be 'workloads' or a list of kinds such as ['Deployment', 'StatefulSet'], got ${describe(kinds)}`;
}

/** Two rules are the same declaration when every field matches (several policies may share one rule). */
export function sameRule(a: Rule, b: Rule): boolean {
  return (
    a.id === b.id &&
    a.title === b.title &&
    a.severity === b.severity &&
    a.description === b.description &&
    a.remediation === b.remediation &&
    a.helpUri === b.helpUri &&
    a.tags.length === b.tags.length &&
    a.tags.every((t, i) => t === b.tags[i])
  );
}

function isAbsoluteUri(value: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function kebab(id: string): string {
  const name = id.slice(id.lastIndexOf('/') + 1);
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.length > 0 ? words.join('-') : 'my-rule';
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return `${typeof value} ${String(value)}`;
}
