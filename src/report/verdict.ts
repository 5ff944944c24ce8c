import { SEVERITIES, atLeast, type Finding, type Report, type Severity } from '../model/index.js';

export interface Verdict {
  /** True when an unwaived finding has a severity at or above `report.failOn`. */
  failed: boolean;
  /** Unwaived findings per severity. */
  counts: Record<Severity, number>;
  /** Unwaived findings in all. */
  total: number;
  /** Waived findings (not counted above). */
  waived: number;
  /** Most severe unwaived finding, or undefined when there is none. */
  maxSeverity: Severity | undefined;
  failOn: Severity;
}

export function emptyCounts(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

export function isWaived(finding: Finding): boolean {
  return finding.waiver !== undefined;
}

export function verdictOf(report: Report): Verdict {
  const counts = emptyCounts();
  let waived = 0;
  let total = 0;
  for (const f of report.findings) {
    if (isWaived(f)) waived++;
    else {
      counts[f.severity]++;
      total++;
    }
  }
  const maxSeverity = SEVERITIES.find((s) => counts[s] > 0);
  const failed = maxSeverity !== undefined && atLeast(maxSeverity, report.failOn);
  return { failed, counts, total, waived, maxSeverity, failOn: report.failOn };
}
