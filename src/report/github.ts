import { SEVERITY_TABLE, type Finding, type Report } from '../model/index.js';
import { compareBySeverity, plural, resourceLabel, safeRange } from './common.js';
import { renderMarkdown } from './markdown.js';
import type { FormatOptions } from './options.js';
import { isWaived } from './verdict.js';

/** GitHub shows at most 10 annotations of each kind per step; the rest are dropped silently. */
export const ANNOTATIONS_PER_KIND = 10;
/** $GITHUB_STEP_SUMMARY takes 1 MiB per step; characters can take up to 3 bytes in UTF-8. */
export const STEP_SUMMARY_CHARS = 300_000;

type Command = 'error' | 'warning' | 'notice';

/**
 * Workflow-command annotations, most severe first: at most ANNOTATIONS_PER_KIND errors, warnings and
 * notices (the command comes from SEVERITY_TABLE), then one plain line counting the findings left out.
 * Waived findings are not annotated.
 */
export function formatGithub(report: Report, _options: FormatOptions): string {
  const used: Record<Command, number> = { error: 0, warning: 0, notice: 0 };
  const lines: string[] = [];
  let left = 0;
  for (const f of report.findings.filter((x) => !isWaived(x)).sort(compareBySeverity)) {
    const command = SEVERITY_TABLE[f.severity].githubCommand;
    if (used[command] >= ANNOTATIONS_PER_KIND) {
      left++;
      continue;
    }
    used[command]++;
    lines.push(annotation(command, f));
  }
  if (left > 0) {
    lines.push(
      `${report.tool.name}: ${plural(left, 'more finding')} not annotated (GitHub shows at most ${ANNOTATIONS_PER_KIND} annotations of each level per step); see the job summary for the full list.`,
    );
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

function annotation(command: Command, f: Finding): string {
  const r = safeRange(f.range);
  const props: Array<[string, string | number]> = [
    ['file', f.file],
    ['line', r.startLine],
    ['endLine', r.endLine],
  ];
  // GitHub ignores columns on multi-line annotations.
  if (r.endLine === r.startLine) props.push(['col', r.startColumn], ['endColumn', r.endColumn]);
  props.push(['title', `${f.severity}: ${f.ruleId}`]);
  const label = resourceLabel(f);
  const message = `${f.message}${label ? ` (${label})` : ''}${f.help ? `\n${f.help}` : ''}`;
  return `::${command} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(message)}`;
}

/** Workflow-command data: `%`, CR and LF are percent-encoded (as @actions/core does). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values: as data, plus `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Markdown for $GITHUB_STEP_SUMMARY: the comment layout without the sticky marker, with the step-summary budget. */
export function githubStepSummary(report: Report, options: FormatOptions): string {
  return renderMarkdown(report, options, { marker: false, limit: STEP_SUMMARY_CHARS });
}
