import type { Finding, Rule, Severity } from '../model/index.js';
import type { RuleConfig } from './merge.js';

/**
 * The `rules:` setting that applies to a rule id. The most specific key decides: an exact key
 * over globs, a longer glob over a shorter one, so `pss/*: low` with `pss/privileged: critical`
 * does what it says. A key that only gives `options` leaves the severity to the next key.
 */
export function ruleSettingFor(id: string, settings: Readonly<Record<string, RuleConfig>>): RuleConfig | undefined {
  const keys = Object.keys(settings)
    .filter((key) => key === id || (key.includes('*') && globToRegExp(key).test(id)))
    .sort((a, b) => (a === id ? -1 : b === id ? 1 : b.length - a.length));
  if (keys.length === 0) return undefined;
  const result: RuleConfig = {};
  const severity = keys.map((k) => settings[k]!.severity).find((s) => s !== undefined);
  const options = keys.map((k) => settings[k]!.options).find((o) => o !== undefined);
  if (severity !== undefined) result.severity = severity;
  if (options !== undefined) result.options = options;
  return result;
}

/** The rules of a run as configured: `off` ones removed, severities overridden. */
export function configuredRules(rules: readonly Rule[], settings: Readonly<Record<string, RuleConfig>>): Rule[] {
  const out: Rule[] = [];
  for (const rule of rules) {
    const severity = ruleSettingFor(rule.id, settings)?.severity;
    if (severity === 'off') continue;
    out.push(severity ? { ...rule, severity } : rule);
  }
  return out;
}

/** Findings as configured: findings of `off` rules dropped, severities overridden. Run before the waiver stage. */
export function applyRuleSettings(findings: readonly Finding[], settings: Readonly<Record<string, RuleConfig>>): Finding[] {
  if (Object.keys(settings).length === 0) return [...findings];
  const cache = new Map<string, 'off' | Severity | undefined>();
  const out: Finding[] = [];
  for (const f of findings) {
    if (!cache.has(f.ruleId)) cache.set(f.ruleId, ruleSettingFor(f.ruleId, settings)?.severity);
    const severity = cache.get(f.ruleId);
    if (severity === 'off') continue;
    out.push(severity && severity !== f.severity ? { ...f, severity } : f);
  }
  return out;
}

/** `ruleOptions` for the policy set: the `options` of each exact rule key. */
export function ruleOptionsOf(settings: Readonly<Record<string, RuleConfig>>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = Object.create(null) as Record<string, Record<string, unknown>>;
  for (const [id, setting] of Object.entries(settings)) if (setting.options && !id.includes('*')) out[id] = setting.options;
  return out;
}

export function globToRegExp(glob: string): RegExp {
  return new RegExp('^' + glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*') + '$');
}
