import type { Finding, Report } from '../model/index.js';
import { makeStyle, sanitizeForTerminal, type Style } from './ansi.js';
import { codeFrame, sourceLines } from './code-frame.js';
import { groupBy, safeRange, sortedFindings } from './common.js';
import type { FormatOptions } from './options.js';
import { summaryLine } from './summary.js';
import { isWaived, verdictOf } from './verdict.js';

/**
 * Human output for terminals and pre-commit:
 *
 *   deploy/web.yaml
 *   deploy/web.yaml:12:9  high  pss/privileged  Container "app" runs privileged
 *       10 |   containers:
 *     > 12 |       privileged: true
 *          |       ^^^^^^^^^^
 *   ...
 *   3 resources in 1 file: 1 finding (critical 0, high 1, ...), 0 skipped; FAILED (fail-on: high)
 */
export function formatText(report: Report, options: FormatOptions): string {
  const style = makeStyle(options.color);
  const out: string[] = [];
  const byFile = groupBy(sortedFindings(report), (f) => f.file);
  for (const [file, findings] of byFile) {
    out.push(style.bold(style.cyan(sanitizeForTerminal(file))));
    const text = options.readSource(file);
    const lines = text === undefined ? undefined : sourceLines(text);
    for (const f of findings) {
      if (isWaived(f)) {
        out.push(waivedLine(f, style));
        continue;
      }
      out.push(...findingLines(f, style));
      if (lines !== undefined) out.push(...codeFrame(lines, f.range, style));
      if (f.help) out.push(`    ${style.dim('help:')} ${indentRest(f.help, 10)}`);
    }
    out.push('');
  }
  if (options.verbose && report.skipped.length > 0) {
    out.push(style.bold('Skipped:'));
    const skipped = [...report.skipped].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.docIndex ?? -1) - (b.docIndex ?? -1)));
    for (const s of skipped) {
      const doc = s.docIndex !== undefined ? `#${s.docIndex}` : '';
      const what = s.resource ? ` ${s.resource.kind} ${s.resource.namespace ? s.resource.namespace + '/' : ''}${s.resource.name}` : '';
      out.push(`  ${sanitizeForTerminal(s.file)}${doc}  ${s.kind}${sanitizeForTerminal(what)}: ${sanitizeForTerminal(s.reason)}`);
    }
    out.push('');
  }
  const verdict = verdictOf(report);
  const line = summaryLine(report, verdict);
  out.push(verdict.failed ? style.red(line) : style.green(line));
  return out.join('\n') + '\n';
}

function location(f: Finding): string {
  const r = safeRange(f.range);
  return `${sanitizeForTerminal(f.file)}:${r.startLine}:${r.startColumn}`;
}

function findingLines(f: Finding, style: Style): string[] {
  const head = `${location(f)}  ${style.severity(f.severity, f.severity)}  ${style.dim(f.ruleId)}  `;
  const resource = f.resource ? ` (${f.resource.kind} ${f.resource.namespace ? f.resource.namespace + '/' : ''}${f.resource.name || '<unnamed>'})` : '';
  return [head + indentRest(f.message + resource, 4)];
}

function waivedLine(f: Finding, style: Style): string {
  const reason = f.waiver ? f.waiver.reason : '';
  const firstLine = f.message.split(/\r\n|\r|\n/)[0] ?? '';
  return style.dim(`${location(f)}  waived  ${f.ruleId}  ${sanitizeForTerminal(firstLine)} (waived: ${sanitizeForTerminal(reason)})`);
}

/** Multi-line text, sanitised: continuation lines indented so they stay under their finding. */
function indentRest(s: string, spaces: number): string {
  return s
    .split(/\r\n|\r|\n/)
    .map(sanitizeForTerminal)
    .join('\n' + ' '.repeat(spaces));
}
