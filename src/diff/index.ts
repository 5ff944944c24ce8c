/**
 * Diff-aware reporting (`--changed-since REF`): validate everything, report what the change is
 * responsible for.
 *
 *   const changed = await changedLines(root, 'origin/main');   // ChangedSinceError on bad input
 *   const { findings, hidden } = filterToChanged(report.findings, changed);
 */
export { changedLines, type ChangedLines } from './changed.js';
export { filterToChanged, type ChangedFilterResult } from './filter.js';
export { ChangedSinceError } from './git.js';
export { applyChangedSince, type ChangedSinceResult } from './apply.js';
export { WHOLE_ANALYSIS_FORMATS, keepsEveryFinding } from './formats.js';
