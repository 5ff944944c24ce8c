import { SEVERITY_TABLE, type Rule } from '../model/index.js';
import { clip } from './common.js';

/** GitHub: short/full descriptions at most 1024 characters, `name` at most 255, only 10 tags kept. */
const MAX_DESCRIPTION = 1024;
const MAX_NAME = 255;
const MAX_TAGS = 10;
/** Tags that make a rule a security rule for GitHub's filters. */
const SECURITY_TAGS = new Set(['pss-baseline', 'pss-restricted', 'nsa-cisa', 'cis-k8s', 'security']);

/** Markdown-cased rule name: `pss/privileged` -> `PssPrivileged` (SARIF suggests PascalCase names; GitHub filters on it). */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

export function sarifRule(rule: Rule): Record<string, unknown> {
  const mapping = SEVERITY_TABLE[rule.severity];
  const tags = [...new Set(rule.tags)];
  if (tags.some((t) => SECURITY_TAGS.has(t)) && !tags.includes('security')) tags.unshift('security');
  const helpText = [rule.description, rule.remediation ? `Remediation: ${rule.remediation}` : '', rule.helpUri ? `See ${rule.helpUri}` : '']
    .filter(Boolean)
    .join('\n\n');
  const helpMarkdown = [
    `**${rule.title}**`,
    rule.description,
    rule.remediation ? `**Remediation:** ${rule.remediation}` : '',
    rule.helpUri ? `[Documentation](${rule.helpUri})` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  const out: Record<string, unknown> = {
    id: rule.id,
    name: clip(ruleName(rule.id) || rule.id, MAX_NAME),
    shortDescription: { text: clip(rule.title || rule.id, MAX_DESCRIPTION) },
    fullDescription: { text: clip(rule.description || rule.title || rule.id, MAX_DESCRIPTION) },
    defaultConfiguration: { level: mapping.sarifLevel },
    help: { text: helpText || rule.id, markdown: helpMarkdown },
    properties: {
      tags: tags.slice(0, MAX_TAGS),
      precision: rule.id.startsWith('schema/') ? 'very-high' : 'high',
      'problem.severity': mapping.sarifLevel === 'note' ? 'recommendation' : mapping.sarifLevel,
      'security-severity': mapping.securitySeverity,
    },
  };
  if (isAbsoluteUri(rule.helpUri)) out['helpUri'] = rule.helpUri;
  return out;
}

function isAbsoluteUri(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s);
}
