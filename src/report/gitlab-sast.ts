import { createHash } from 'node:crypto';
import { SEVERITY_TABLE, type Finding, type Report } from '../model/index.js';
import { clip, resourceLabel, ruleLookup, safeRange, sortedFindings } from './common.js';
import type { FormatOptions } from './options.js';
import { isWaived } from './verdict.js';

/** The schema version we write. GitLab rejects versions it does not know, so this stays conservative. */
export const GITLAB_SAST_SCHEMA_VERSION = '15.0.7';

/**
 * GitLab security report, type `sast`, schema 15.0.x (lib/gitlab/ci/parsers/security/validators/schemas/
 * 15.0.7/sast-report-format.json). Waived findings are left out. Vulnerability `id` is a UUID derived
 * from the finding's semantic fingerprint (stable across runs); the first identifier, the rule id, is
 * the primary identifier GitLab tracks with.
 */
export function formatGitlabSast(report: Report, options: FormatOptions): string {
  const end = options.now ?? new Date();
  const start = new Date(end.getTime() - Math.max(0, Math.round(report.timings['total'] ?? 0)));
  const ruleOf = ruleLookup(report);
  const tool = {
    id: report.tool.name,
    name: report.tool.name,
    version: report.tool.version,
    vendor: { name: report.tool.name },
  };
  const seen = new Set<string>();
  const vulnerabilities = sortedFindings(report)
    .filter((f) => !isWaived(f))
    .map((f) => vulnerability(f, ruleOf(f), seen));
  const doc = {
    version: GITLAB_SAST_SCHEMA_VERSION,
    scan: {
      analyzer: tool,
      scanner: { ...tool, url: report.tool.informationUri },
      type: 'sast',
      start_time: gitlabTime(start),
      end_time: gitlabTime(end),
      status: 'success',
    },
    vulnerabilities,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

function vulnerability(f: Finding, rule: ReturnType<ReturnType<typeof ruleLookup>>, seen: Set<string>) {
  const r = safeRange(f.range);
  const label = resourceLabel(f);
  const identifier: Record<string, string> = { type: 'syncgate_rule_id', name: clip(rule.title || f.ruleId, 255), value: f.ruleId };
  if (/^https?:\/\//.test(rule.helpUri)) identifier['url'] = rule.helpUri;
  const v: Record<string, unknown> = {
    id: uuidFrom(f.fingerprint, seen),
    name: clip(rule.title || f.ruleId, 255),
    description: [f.message, label ? `Resource: ${label}` : '', f.pointer ? `Field: ${f.pointer}` : '', rule.description]
      .filter(Boolean)
      .join('\n\n'),
    severity: SEVERITY_TABLE[f.severity].gitlabSecurity,
    identifiers: [identifier],
    location: { file: f.file, start_line: r.startLine, end_line: r.endLine },
  };
  const solution = [f.help, rule.remediation].filter(Boolean).join('\n\n');
  if (solution) v['solution'] = solution;
  if (/^https?:\/\//.test(rule.helpUri)) v['links'] = [{ url: rule.helpUri }];
  return v;
}

/** `yyyy-mm-ddThh:mm:ss` in UTC: the pattern GitLab's schema checks (no zone, no fraction). */
export function gitlabTime(d: Date): string {
  return d.toISOString().slice(0, 19);
}

/** A version-4-shaped UUID from a hash of the fingerprint; duplicates get their occurrence folded in. */
function uuidFrom(fingerprint: string, seen: Set<string>): string {
  let n = 0;
  let id: string;
  do {
    const h = createHash('sha256').update(`syncgate-sast\0${fingerprint}\0${n++}`).digest('hex');
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    id = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  } while (seen.has(id));
  seen.add(id);
  return id;
}
