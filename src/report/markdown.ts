import { SEVERITIES, compareSeverity, type Finding, type Report, type Severity } from '../model/index.js';
import { clip, compareBySeverity, groupBy, plural, resourceLabel, ruleLookup, safeRange } from './common.js';
import { encodePath, htmlEscape, mdCell, mdUrl } from './markdown-escape.js';
import type { FormatOptions } from './options.js';
import { isWaived, verdictOf, type Verdict } from './verdict.js';

export const COMMENT_MARKER = '<!-- syncgate-report -->';
export const DEFAULT_MAX_COMMENT_CHARS = 60_000;
/** Messages longer than this are clipped in tables so one finding cannot eat the budget. */
const MAX_CELL_CHARS = 600;
/** Up to this many findings, the per-file blocks start open. */
const OPEN_DETAILS_UP_TO = 20;

export interface MarkdownLayout {
  /** Put the sticky-comment marker first. */
  marker: boolean;
  /** Character budget for the whole text. */
  limit: number;
}

/** The merge-request / pull-request comment. */
export function formatMarkdown(report: Report, options: FormatOptions): string {
  return renderMarkdown(report, options, { marker: true, limit: options.maxCommentChars ?? DEFAULT_MAX_COMMENT_CHARS });
}

/**
 * Layout: marker, verdict line, counts table, one `<details>` block per file (files with the most severe
 * findings first, rows most severe first) holding a findings table, waived findings last, footer.
 * When the text would pass `limit`, only the N most severe findings are shown (N as large as fits,
 * found by bisection), still grouped by file, followed by a note saying how many are not shown: tables
 * and tags are generated whole, never cut.
 */
export function renderMarkdown(report: Report, options: FormatOptions, layout: MarkdownLayout): string {
  const verdict = verdictOf(report);
  const head = header(report, verdict, layout.marker);
  const footer = `\n<sub>${htmlEscape(report.tool.name)} ${htmlEscape(report.tool.version)} · Kubernetes ${htmlEscape(report.kubernetesVersion)}</sub>\n`;
  // Unwaived most severe first, then waived: the order in which findings are dropped from the end.
  const ordered = [
    ...report.findings.filter((f) => !isWaived(f)).sort(compareBySeverity),
    ...report.findings.filter(isWaived).sort(compareBySeverity),
  ];
  const ruleOf = ruleLookup(report);
  const build = (n: number) => {
    const hidden = ordered.length - n;
    const note =
      hidden > 0
        ? `\n> [!WARNING]\n> Report truncated to fit ${layout.limit} characters: ${plural(hidden, 'more finding')} not shown. ` +
          `The full list is in the job log and the JSON/SARIF reports.\n`
        : '';
    return head + sections(ordered.slice(0, n), ordered.length <= OPEN_DETAILS_UP_TO, ruleOf, options) + note + footer;
  };
  const full = build(ordered.length);
  if (full.length <= layout.limit) return full;
  let lo = 0;
  let hi = ordered.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (build(mid).length <= layout.limit) lo = mid;
    else hi = mid - 1;
  }
  return build(lo);
}

function header(report: Report, verdict: Verdict, marker: boolean): string {
  const lines: string[] = [];
  if (marker) lines.push(COMMENT_MARKER);
  const atOrAbove = SEVERITIES.filter((s) => compareSeverity(s, report.failOn) <= 0).reduce((n, s) => n + verdict.counts[s], 0);
  lines.push(
    verdict.failed
      ? `### :x: ${htmlEscape(report.tool.name)} failed: ${plural(atOrAbove, 'finding')} at or above \`${report.failOn}\``
      : `### :white_check_mark: ${htmlEscape(report.tool.name)} passed: no finding at or above \`${report.failOn}\``,
  );
  lines.push('');
  lines.push('| Severity | Findings |', '| --- | ---: |');
  for (const s of SEVERITIES) lines.push(`| ${s} | ${verdict.counts[s]} |`);
  if (verdict.waived > 0) lines.push(`| waived | ${verdict.waived} |`);
  lines.push('');
  lines.push(
    `${plural(report.resourceCount, 'resource')} in ${plural(report.fileCount, 'file')} checked, ` +
      `${plural(verdict.total, 'finding')}, ${report.skipped.length} skipped (fail-on: \`${report.failOn}\`).`,
  );
  lines.push('');
  return lines.join('\n') + '\n';
}

function sections(findings: Finding[], open: boolean, ruleOf: ReturnType<typeof ruleLookup>, options: FormatOptions): string {
  const active = findings.filter((f) => !isWaived(f));
  const waived = findings.filter(isWaived);
  const attr = open ? ' open' : '';
  let out = '';
  // `findings` comes most severe first, and groupBy keeps first-seen order: so do the files.
  for (const [file, group] of groupBy(active, (f) => f.file)) {
    out +=
      `<details${attr}><summary><code>${htmlEscape(file)}</code>: ${plural(group.length, 'finding')} (${severityCounts(group)})</summary>\n\n` +
      `| Severity | Rule | Line | Resource | Message |\n| --- | --- | --- | --- | --- |\n` +
      group.map((f) => `| ${f.severity} | ${ruleCell(f, ruleOf)} | ${lineCell(f, options)} | ${mdCell(resourceLabel(f) ?? '')} | ${messageCell(f)} |\n`).join('') +
      `\n</details>\n\n`;
  }
  if (waived.length > 0) {
    out +=
      `<details><summary>Waived: ${plural(waived.length, 'finding')}</summary>\n\n` +
      `| Severity | Rule | Location | Message | Waiver |\n| --- | --- | --- | --- | --- |\n` +
      waived
        .map((f) => `| ${f.severity} | ${ruleCell(f, ruleOf)} | ${lineCell(f, options, true)} | ${messageCell(f)} | ${mdCell(clip(waiverText(f), MAX_CELL_CHARS))} |\n`)
        .join('') +
      `\n</details>\n\n`;
  }
  return out;
}

function severityCounts(findings: Finding[]): string {
  const counts = new Map<Severity, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  return SEVERITIES.filter((s) => counts.has(s))
    .map((s) => `${s} ${counts.get(s)}`)
    .join(', ');
}

function ruleCell(f: Finding, ruleOf: ReturnType<typeof ruleLookup>): string {
  const rule = ruleOf(f);
  const code = '`' + f.ruleId.replace(/`/g, "'") + '`';
  return /^https?:\/\//.test(rule.helpUri) ? `[${code}](${mdUrl(rule.helpUri)})` : code;
}

/** `[L12](<repoUrl>/<file>#L12)` with a repository URL (GitHub and GitLab both read `#L12`), else plain text. */
function lineCell(f: Finding, options: FormatOptions, withFile = false): string {
  const line = safeRange(f.range).startLine;
  const label = withFile ? mdCell(`${f.file}:${line}`) : `L${line}`;
  if (!options.repoUrl) return label;
  const url = `${options.repoUrl.replace(/\/+$/, '')}/${encodePath(f.file)}#L${line}`;
  return `[${label}](${mdUrl(url)})`;
}

function messageCell(f: Finding): string {
  return mdCell(clip(f.message, MAX_CELL_CHARS));
}

function waiverText(f: Finding): string {
  const w = f.waiver;
  if (!w) return '';
  return [w.reason, w.owner ? `owner: ${w.owner}` : '', w.expires ? `expires: ${w.expires}` : ''].filter(Boolean).join('; ');
}
