import type { Finding } from '../model/index.js';
import type { ChangedLines } from './changed.js';

export interface ChangedFilterResult {
  /** Findings on changed lines, in changed files, or caused by a changed file elsewhere. */
  findings: Finding[];
  /** How many findings were left out. */
  hidden: number;
}

/** Findings without a repository file (standard input) are always kept: git cannot say whether they changed. */
const NOT_IN_GIT = new Set(['<stdin>', '-', '']);

/**
 * Keeps the findings a change is responsible for:
 * - its own range intersects a changed line (or its file is new, renamed or untracked);
 * - it points at other files (`properties.otherLocations` of duplicate definitions,
 *   `properties.relatedFiles` of cross-resource rules) and one of those files changed, so a
 *   finding in an unchanged file caused by a changed one is still shown.
 */
export function filterToChanged(findings: readonly Finding[], changed: ChangedLines): ChangedFilterResult {
  const kept: Finding[] = [];
  for (const finding of findings) {
    if (NOT_IN_GIT.has(finding.file) || touchesChangedLine(finding, changed) || relatedFileChanged(finding, changed)) kept.push(finding);
  }
  return { findings: kept, hidden: findings.length - kept.length };
}

function touchesChangedLine(finding: Finding, changed: ChangedLines): boolean {
  const lines = changed.get(finding.file);
  if (lines === undefined) return false;
  if (lines === 'all') return true;
  const start = Number.isFinite(finding.range?.startLine) ? finding.range.startLine : 1;
  const end = Number.isFinite(finding.range?.endLine) && finding.range.endLine >= start ? finding.range.endLine : start;
  // Walk whichever side is smaller: a finding can span a whole file, a diff can be huge.
  if (end - start + 1 <= lines.size) {
    for (let line = start; line <= end; line++) if (lines.has(line)) return true;
    return false;
  }
  for (const line of lines) if (line >= start && line <= end) return true;
  return false;
}

function relatedFileChanged(finding: Finding, changed: ChangedLines): boolean {
  const props = finding.properties;
  if (!props) return false;
  return [...filesIn(props['otherLocations']), ...filesIn(props['relatedFiles'])].some((file) => file !== finding.file && changed.has(file));
}

/** Accepts `["a.yaml"]` and `[{ file: "a.yaml", line: 3 }]`; anything else (policies attach what they like) is ignored. */
function filesIn(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const files: string[] = [];
  for (const item of value.slice(0, 1000)) {
    if (typeof item === 'string') files.push(item);
    else if (item && typeof item === 'object' && typeof (item as { file?: unknown }).file === 'string') files.push((item as { file: string }).file);
  }
  return files;
}
