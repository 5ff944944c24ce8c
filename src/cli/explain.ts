import { Command, Option } from 'commander';
import { closest, editDistance } from '../config/index.js';
import type { Rule } from '../model/index.js';
import { UsageError } from './errors.js';
import type { RuleProvider } from './rules.js';

/** The full documentation of one rule, for a terminal. */
export function formatExplanation(rule: Rule): string {
  return [
    `${rule.id}: ${rule.title}`,
    '',
    `Severity: ${rule.severity}`,
    `Tags:     ${rule.tags.length ? rule.tags.join(', ') : '-'}`,
    '',
    rule.description,
    '',
    'How to fix:',
    rule.remediation,
    '',
    `More: ${rule.helpUri}`,
    '',
    `Change it in .syncgate.yaml:    rules: { ${rule.id}: off | <severity> }`,
    // Findings about waivers cannot themselves be waived.
    ...(rule.id.startsWith('waiver/') ? [] : [`Waive it on one resource:       syncgate.io/waive: "${rule.id}: <reason> (expires YYYY-MM-DD)"`]),
  ].join('\n') + '\n';
}

/**
 * Rule ids close to what was typed: edit distance on the whole id and on its last segment
 * (`privileged` finds `pss/privileged`), then ids that contain the text. At most five.
 */
export function suggestRules(input: string, rules: readonly Rule[]): string[] {
  const needle = input.toLowerCase();
  const scored = rules.map((r) => {
    const id = r.id.toLowerCase();
    const last = id.slice(id.lastIndexOf('/') + 1);
    const distance = Math.min(editDistance(needle, id), editDistance(needle, last));
    return { id: r.id, distance, contains: id.includes(needle) };
  });
  const limit = Math.max(2, Math.floor(needle.length / 3));
  return scored
    .filter((s) => s.distance <= limit || s.contains)
    .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1))
    .slice(0, 5)
    .map((s) => s.id);
}

/** Finds a rule by id (exact, then case-insensitive), or throws a UsageError with suggestions (exit 2). */
export function findRule(input: string, rules: readonly Rule[]): Rule {
  const exact = rules.find((r) => r.id === input) ?? rules.find((r) => r.id.toLowerCase() === input.toLowerCase());
  if (exact) return exact;
  const suggestions = suggestRules(input, rules);
  const fallback = suggestions.length ? suggestions : [closest(input, rules.map((r) => r.id))].filter((s): s is string => Boolean(s));
  const hint = fallback.length ? `; did you mean ${fallback.join(', ')}?` : '';
  throw new UsageError(`unknown rule "${input}"${hint} (\`syncgate rules\` lists every rule)`);
}

/** `syncgate explain RULE [--format text|json]` */
export function explainCommand(provider: RuleProvider, write: (text: string) => void = (t) => process.stdout.write(t)): Command {
  return new Command('explain')
    .description("Show a rule's documentation: what it checks, why, how to fix it.")
    .argument('<rule>', 'rule id, e.g. pss/privileged')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (input: string, flags: { format: 'text' | 'json' }) => {
      const rule = findRule(input, await provider());
      write(flags.format === 'json' ? JSON.stringify(rule, null, 2) + '\n' : formatExplanation(rule));
    });
}
