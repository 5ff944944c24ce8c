import type { Finding, Report, Rule, Severity, SkippedItem } from '../model/index.js';
import { cmp, sortedFindings } from './common.js';
import type { FormatOptions } from './options.js';
import { verdictOf } from './verdict.js';

/**
 * The `--format json` document (documented in docs/json-output.md; bump `version` on any breaking change):
 *
 * ```
 * {
 *   version: 1,
 *   tool: { name, version, informationUri },
 *   root: string,                       // absolute repository root; every `file` is relative to it
 *   kubernetesVersion: string,          // e.g. "1.33"
 *   summary: {
 *     resources: number, files: number,
 *     findings: number,                 // unwaived findings
 *     waived: number,
 *     bySeverity: { critical, high, medium, low, info },   // unwaived
 *     maxSeverity: Severity | null,
 *     skipped: number,
 *     failed: boolean, failOn: Severity
 *   },
 *   findings: Array<{                   // sorted by file, line, column, ruleId, fingerprint
 *     ruleId, severity, message, file,
 *     range: { startLine, startColumn, endLine, endColumn },   // 1-based, end exclusive
 *     pointer?, resource?: { apiVersion, kind, name, namespace? },
 *     fingerprint, help?, properties?,
 *     waiver?: { reason, owner?, expires?, source }
 *   }>,
 *   skipped: Array<{ file, docIndex?, kind, reason, resource? }>,   // sorted by file, docIndex
 *   rules: Array<{ id, title, severity, description, remediation, helpUri, tags }>,   // sorted by id
 *   timings: Record<string, number>     // milliseconds per stage
 * }
 * ```
 */
export interface JsonReport {
  version: 1;
  tool: Report['tool'];
  root: string;
  kubernetesVersion: string;
  summary: {
    resources: number;
    files: number;
    findings: number;
    waived: number;
    bySeverity: Record<Severity, number>;
    maxSeverity: Severity | null;
    skipped: number;
    failed: boolean;
    failOn: Severity;
  };
  findings: Finding[];
  skipped: SkippedItem[];
  rules: Rule[];
  timings: Record<string, number>;
}

export function toJsonReport(report: Report): JsonReport {
  const verdict = verdictOf(report);
  return {
    version: 1,
    tool: { name: report.tool.name, version: report.tool.version, informationUri: report.tool.informationUri },
    root: report.root,
    kubernetesVersion: report.kubernetesVersion,
    summary: {
      resources: report.resourceCount,
      files: report.fileCount,
      findings: verdict.total,
      waived: verdict.waived,
      bySeverity: verdict.counts,
      maxSeverity: verdict.maxSeverity ?? null,
      skipped: report.skipped.length,
      failed: verdict.failed,
      failOn: report.failOn,
    },
    findings: sortedFindings(report).map(findingJson),
    skipped: [...report.skipped].sort((a, b) => cmp(a.file, b.file) || (a.docIndex ?? -1) - (b.docIndex ?? -1) || cmp(a.reason, b.reason)),
    rules: [...report.rules].sort((a, b) => cmp(a.id, b.id)),
    timings: { ...report.timings },
  };
}

/** A fixed key order so that diffs of two runs' output stay readable. */
function findingJson(f: Finding): Finding {
  const out: Finding = {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file,
    range: { startLine: f.range.startLine, startColumn: f.range.startColumn, endLine: f.range.endLine, endColumn: f.range.endColumn },
    fingerprint: f.fingerprint,
  };
  if (f.pointer !== undefined) out.pointer = f.pointer;
  if (f.resource !== undefined) out.resource = f.resource;
  if (f.help !== undefined) out.help = f.help;
  if (f.properties !== undefined) out.properties = f.properties;
  if (f.waiver !== undefined) out.waiver = f.waiver;
  return out;
}

export function formatJson(report: Report, _options: FormatOptions): string {
  return JSON.stringify(toJsonReport(report), null, 2) + '\n';
}
