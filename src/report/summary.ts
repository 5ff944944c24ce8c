import { SEVERITIES, type Report } from '../model/index.js';
import { plural } from './common.js';
import type { Verdict } from './verdict.js';

/** `critical 1, high 2, medium 0, low 0, info 3` */
export function severityBreakdown(verdict: Verdict): string {
  return SEVERITIES.map((s) => `${s} ${verdict.counts[s]}`).join(', ');
}

/** `12 resources in 4 files: 5 findings (critical 1, ...), 1 waived, 2 skipped; FAILED (fail-on: high)` */
export function summaryLine(report: Report, verdict: Verdict): string {
  const waived = verdict.waived > 0 ? `, ${verdict.waived} waived` : '';
  return (
    `${plural(report.resourceCount, 'resource')} in ${plural(report.fileCount, 'file')}: ` +
    `${plural(verdict.total, 'finding')} (${severityBreakdown(verdict)})${waived}, ${report.skipped.length} skipped; ` +
    `${verdict.failed ? 'FAILED' : 'passed'} (fail-on: ${report.failOn})`
  );
}
