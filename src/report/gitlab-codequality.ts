import { createHash } from 'node:crypto';
import { SEVERITY_TABLE, type Report } from '../model/index.js';
import { resourceLabel, safeRange, sortedFindings } from './common.js';
import type { FormatOptions } from './options.js';
import { isWaived } from './verdict.js';

/**
 * GitLab Code Quality report (doc/ci/testing/code_quality.md): one JSON array, each issue with
 * description, check_name, fingerprint (unique in the report), severity (info|minor|major|critical|blocker,
 * from SEVERITY_TABLE) and location.path + location.lines.begin. Waived findings are left out: the MR
 * widget has no notion of an accepted finding.
 */
export function formatGitlabCodeQuality(report: Report, _options: FormatOptions): string {
  const seen = new Map<string, number>();
  const issues = sortedFindings(report)
    .filter((f) => !isWaived(f))
    .map((f) => {
      const r = safeRange(f.range);
      const label = resourceLabel(f);
      return {
        type: 'issue',
        check_name: f.ruleId,
        description: `${f.ruleId}: ${f.message}${label ? ` (${label})` : ''}`,
        fingerprint: unique(f.fingerprint, seen),
        severity: SEVERITY_TABLE[f.severity].gitlabCodeQuality,
        location: { path: f.file, lines: { begin: r.startLine, end: r.endLine } },
      };
    });
  return JSON.stringify(issues, null, 2) + '\n';
}

/** The fingerprint itself the first time; re-hashed with its occurrence number after that, so GitLab does not merge distinct issues. */
function unique(fingerprint: string, seen: Map<string, number>): string {
  const n = seen.get(fingerprint) ?? 0;
  seen.set(fingerprint, n + 1);
  if (n === 0) return fingerprint;
  return createHash('sha256').update(`${fingerprint}\0${n}`).digest('hex').slice(0, 32);
}
