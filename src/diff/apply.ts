import type { Report } from '../model/index.js';
import { changedLines } from './changed.js';
import { filterToChanged } from './filter.js';

export interface ChangedSinceResult {
  /** The report with only the findings the change is responsible for. */
  report: Report;
  /** Findings left out because they are in unchanged code. */
  hidden: number;
  /** Files the diff counts as changed (for messages). */
  changedFiles: number;
}

/** One call for entry points: the report narrowed to what changed since `ref` (see changedLines for the semantics). */
export async function applyChangedSince(report: Report, ref: string): Promise<ChangedSinceResult> {
  const changed = await changedLines(report.root, ref);
  const { findings, hidden } = filterToChanged(report.findings, changed);
  return { report: { ...report, findings }, hidden, changedFiles: changed.size };
}
