import path from 'node:path';
import type { LoadedConfig } from '../config/index.js';
import type { Finding, Resource, Rule } from '../model/index.js';
import { applyWaivers } from './apply.js';
import { applyBaseline, type Baseline } from './baseline.js';
import { readBaseline } from './baseline-file.js';
import { collectWaivers } from './collect.js';
import { WAIVER_RULES } from './rules.js';
import type { WaiverUsage } from './types.js';

export interface WaiverStageInput {
  /** The loaded config (its `waivers:` list), if any. */
  config?: LoadedConfig;
  resources: readonly Resource[];
  /** Findings of every check stage. */
  findings: readonly Finding[];
  /** Absolute repository root. */
  root: string;
  now?: Date;
  reportWaivers?: boolean;
  /** Set only by the admission gate, from `admission.ignoreResourceWaivers`. */
  ignoreResourceWaivers?: boolean;
  /** An absolute baseline file (read here; BaselineError when missing or invalid) or a parsed baseline. */
  baseline?: string | Baseline;
}

export interface WaiverStageResult {
  /** Checks' findings with `waiver` set where covered, plus findings about waivers; baseline-accepted ones removed. */
  findings: Finding[];
  /** Rules of the findings this stage adds (always all of WAIVER_RULES, so reports can name them). */
  rules: Rule[];
  usage: WaiverUsage[];
  /** When a baseline applied: how many findings it accepted and how many entries are fixed. */
  baseline?: { file: string; suppressed: number; stale: number };
}

/** The waiver stage of the pipeline in one call: collect, apply, report usage, then the baseline. */
export function runWaiverStage(input: WaiverStageInput): WaiverStageResult {
  const collected = collectWaivers(input.config, input.resources, {
    root: input.root,
    ...(input.ignoreResourceWaivers ? { ignoreResourceWaivers: true } : {}),
  });
  const applied = applyWaivers(input.findings, collected.waivers, { now: input.now ?? new Date(), reportUsage: input.reportWaivers ?? false });
  let findings = [...applied.findings, ...collected.findings, ...applied.waiverFindings];
  const result: WaiverStageResult = { findings, rules: WAIVER_RULES, usage: applied.usage };
  if (input.baseline !== undefined) {
    const baseline = typeof input.baseline === 'string' ? readBaseline(input.baseline) : input.baseline;
    const outcome = applyBaseline(findings, baseline);
    findings = outcome.findings;
    const file = typeof input.baseline === 'string' ? path.relative(input.root, input.baseline).split(path.sep).join('/') || input.baseline : '<baseline>';
    result.findings = findings;
    result.baseline = { file, suppressed: outcome.suppressed.length, stale: outcome.stale.length };
  }
  return result;
}
