import type { Finding } from './finding.js';
import type { Rule } from './rule.js';
import type { Severity } from './severity.js';

/** Something the run looked at and deliberately did not validate, with the reason. */
export interface SkippedItem {
  file: string;
  docIndex?: number;
  /** e.g. `kustomization`, `kustomize-patch`, `helm-chart`, `values-file`, `missing-schema`, `skipped-kind`, `excluded`. */
  kind: string;
  reason: string;
  resource?: { apiVersion: string; kind: string; name: string; namespace?: string };
}

export interface Report {
  tool: { name: string; version: string; informationUri: string };
  /** Absolute path of the repository root all `file`s are relative to. */
  root: string;
  /** Findings after waivers: waived ones carry `waiver` and do not count towards the verdict. */
  findings: Finding[];
  /** Every rule that ran, keyed by nothing: unique ids. */
  rules: Rule[];
  resourceCount: number;
  fileCount: number;
  skipped: SkippedItem[];
  /** Milliseconds per stage (load, schema, policies, report, total). */
  timings: Record<string, number>;
  /** The Kubernetes minor version validated against, e.g. `1.33`. */
  kubernetesVersion: string;
  /** Severity at or above which the run fails. */
  failOn: Severity;
  /** When a baseline file applied: how many findings it accepted, and how many of its entries are already fixed. */
  baseline?: { file: string; suppressed: number; stale: number };
}
