/**
 * Waivers and baselines: one waiver model for the CLI, CI and the admission gate.
 *
 *   const { waivers, findings: invalid } = collectWaivers(loadedConfig, resources, { root });
 *   const applied = applyWaivers([...checkFindings, ...invalid], waivers, { now: new Date(), reportUsage });
 *   const all = [...applied.findings, ...applied.waiverFindings];
 *   const { findings, suppressed } = settings.baseline ? applyBaseline(all, readBaseline(settings.baseline)) : { findings: all, suppressed: [] };
 */
export { collectWaivers, type CollectOptions, type CollectResult } from './collect.js';
export { applyWaivers, EXPIRING_WITHIN_DAYS, type ApplyOptions, type ApplyResult } from './apply.js';
export { waiverCovers } from './match.js';
export { WAIVE_ANNOTATION, WAIVE_ANNOTATION_PREFIX, parseShortForm, parseStructuredForm } from './annotation.js';
export { parseExpiry, daysUntil, utcDay } from './date.js';
export { waiverSource, type Waiver, type WaiverOrigin, type WaiverUsage } from './types.js';
export {
  WAIVER_RULES,
  RULE_WAIVER_INVALID,
  RULE_WAIVER_EXPIRED,
  RULE_WAIVER_EXPIRING,
  RULE_WAIVER_UNUSED,
  RULE_WAIVER_IGNORED,
} from './rules.js';
export {
  applyBaseline,
  baselineSummary,
  createBaseline,
  parseBaseline,
  serializeBaseline,
  BaselineError,
  BASELINE_VERSION,
  DEFAULT_BASELINE_FILE,
  type Baseline,
  type BaselineEntry,
  type BaselineResult,
} from './baseline.js';
export { readBaseline, writeBaseline } from './baseline-file.js';
export { runWaiverStage, type WaiverStageInput, type WaiverStageResult } from './stage.js';
