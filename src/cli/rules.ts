import { Command, Option } from 'commander';
import { SEVERITIES, isSeverity, type Rule, type Severity } from '../model/index.js';
import { UsageError } from './errors.js';

/** Where the rule list comes from: the integrator passes every rule a run can report. */
export type RuleProvider = () => readonly Rule[] | Promise<readonly Rule[]>;

export interface RuleFilter {
  /** Any of these tags (exact, case-insensitive). */
  tags?: string[];
  severities?: Severity[];
}

export function filterRules(rules: readonly Rule[], filter: RuleFilter): Rule[] {
  const tags = (filter.tags ?? []).map((t) => t.toLowerCase());
  return rules
    .filter((r) => tags.length === 0 || r.tags.some((t) => tags.includes(t.toLowerCase())))
    .filter((r) => !filter.severities?.length || filter.severities.includes(r.severity))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** An aligned table: id, severity, tags, title. */
export function formatRuleTable(rules: readonly Rule[]): string {
  if (rules.length === 0) return 'No rules match.\n';
  const rows = rules.map((r) => [r.id, r.severity, r.tags.join(',') || '-', r.title]);
  const head = ['RULE', 'SEVERITY', 'TAGS', 'TITLE'];
  const widths = [0, 1, 2].map((i) => Math.max(head[i]!.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join('  ').trimEnd();
  const bySeverity = SEVERITIES.map((s) => [s, rules.filter((r) => r.severity === s).length] as const).filter(([, n]) => n > 0);
  return [line(head), ...rows.map(line), '', `${rules.length} rule${rules.length === 1 ? '' : 's'} (${bySeverity.map(([s, n]) => `${s} ${n}`).join(', ')})`].join('\n') + '\n';
}

export function formatRuleJson(rules: readonly Rule[]): string {
  return JSON.stringify(rules.map((r) => ({ id: r.id, title: r.title, severity: r.severity, tags: r.tags, description: r.description, remediation: r.remediation, helpUri: r.helpUri })), null, 2) + '\n';
}

const collect = (value: string, previous: string[]): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

/** `syncgate rules [--tag T] [--severity S] [--format text|json]` */
export function rulesCommand(provider: RuleProvider, write: (text: string) => void = (t) => process.stdout.write(t)): Command {
  return new Command('rules')
    .description('List the rules syncgate can report, with their default severity and tags.')
    .option('-t, --tag <tag>', 'only rules with this tag, e.g. pss-restricted (repeatable, comma-separated)', collect, [])
    .option('-s, --severity <severity>', `only rules with this default severity: ${SEVERITIES.join(', ')} (repeatable, comma-separated)`, collect, [])
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (flags: { tag: string[]; severity: string[]; format: 'text' | 'json' }) => {
      const bad = flags.severity.filter((s) => !isSeverity(s));
      if (bad.length) throw new UsageError(`--severity must be one of ${SEVERITIES.join(', ')}, got ${bad.join(', ')}`);
      const rules = filterRules(await provider(), { tags: flags.tag, severities: flags.severity as Severity[] });
      write(flags.format === 'json' ? formatRuleJson(rules) : formatRuleTable(rules));
    });
}
