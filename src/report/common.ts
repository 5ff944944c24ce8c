import { compareFindings, compareSeverity, describeResource, type Finding, type Report, type Rule } from '../model/index.js';

/** Deterministic order: file, line, column, rule, then fingerprint and message as tie-breakers. */
export function compareFindingsStable(a: Finding, b: Finding): number {
  return compareFindings(a, b) || cmp(a.fingerprint, b.fingerprint) || cmp(a.message, b.message);
}

/** Most severe first, then the stable order. */
export function compareBySeverity(a: Finding, b: Finding): number {
  return compareSeverity(a.severity, b.severity) || compareFindingsStable(a, b);
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedFindings(report: Report): Finding[] {
  return [...report.findings].sort(compareFindingsStable);
}

/** Groups in first-seen order of the (already sorted) input. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Rules by id; a finding whose rule did not declare itself gets a minimal stand-in so no format has to special-case it. */
export function ruleLookup(report: Report): (finding: Finding) => Rule {
  const byId = new Map(report.rules.map((r) => [r.id, r]));
  return (finding) => byId.get(finding.ruleId) ?? standInRule(finding);
}

export function standInRule(finding: Finding): Rule {
  return {
    id: finding.ruleId,
    title: finding.ruleId,
    severity: finding.severity,
    description: finding.ruleId,
    remediation: '',
    helpUri: '',
    tags: [],
  };
}

/** `Deployment prod/web`, or undefined for findings about a file rather than a resource. */
export function resourceLabel(finding: Finding): string | undefined {
  return finding.resource ? describeResource(finding.resource) : undefined;
}

/** `word` or `words`. */
export function plural(n: number, word: string, pluralWord = word + 's'): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

/** A 1-based line number that is at least 1 even when a producer left 0 or NaN. */
export function safeLine(n: number): number {
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1;
}

export interface SafeRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** A range with 1-based positions and its end not before its start, whatever the producer handed over. */
export function safeRange(range: Finding['range']): SafeRange {
  const startLine = safeLine(range.startLine);
  const startColumn = safeLine(range.startColumn);
  let endLine = safeLine(range.endLine);
  let endColumn = safeLine(range.endColumn);
  if (endLine < startLine) endLine = startLine;
  if (endLine === startLine && endColumn < startColumn) endColumn = startColumn;
  return { startLine, startColumn, endLine, endColumn };
}

/** Splits source text into lines the way editors count them (LF, CRLF or lone CR). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** At most `max` characters, with an ellipsis when cut. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}
