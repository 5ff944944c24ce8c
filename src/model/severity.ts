/**
 * Severities and the one table that maps them to every output's vocabulary.
 * Formatters and the exit-code logic read this table; nobody else invents a mapping.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface SeverityMapping {
  /** Ordering rank: higher is more severe. */
  rank: number;
  /** SARIF result.level. */
  sarifLevel: 'error' | 'warning' | 'note';
  /** SARIF rule property `security-severity` (GitHub buckets: >=9 critical, >=7 high, >=4 medium, else low). */
  securitySeverity: string;
  /** GitLab Code Quality severity. */
  gitlabCodeQuality: 'blocker' | 'critical' | 'major' | 'minor' | 'info';
  /** GitLab security report severity. */
  gitlabSecurity: 'Critical' | 'High' | 'Medium' | 'Low' | 'Info';
  /** GitHub workflow command. */
  githubCommand: 'error' | 'warning' | 'notice';
}

export const SEVERITY_TABLE: Readonly<Record<Severity, SeverityMapping>> = {
  critical: { rank: 5, sarifLevel: 'error', securitySeverity: '9.5', gitlabCodeQuality: 'blocker', gitlabSecurity: 'Critical', githubCommand: 'error' },
  high: { rank: 4, sarifLevel: 'error', securitySeverity: '7.5', gitlabCodeQuality: 'critical', gitlabSecurity: 'High', githubCommand: 'error' },
  medium: { rank: 3, sarifLevel: 'warning', securitySeverity: '5.5', gitlabCodeQuality: 'major', gitlabSecurity: 'Medium', githubCommand: 'warning' },
  low: { rank: 2, sarifLevel: 'note', securitySeverity: '3.0', gitlabCodeQuality: 'minor', gitlabSecurity: 'Low', githubCommand: 'notice' },
  info: { rank: 1, sarifLevel: 'note', securitySeverity: '1.0', gitlabCodeQuality: 'info', gitlabSecurity: 'Info', githubCommand: 'notice' },
};

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

export function severityRank(severity: Severity): number {
  return SEVERITY_TABLE[severity].rank;
}

/** True when `severity` is at or above `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** Most severe first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(b) - severityRank(a);
}
