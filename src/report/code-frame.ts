import { safeRange, splitLines, type SafeRange } from './common.js';
import { sanitizeForTerminal, type Style } from './ansi.js';
import type { Range } from '../model/index.js';

const CONTEXT = 2;
/** A multi-line span shows at most this many of its own lines. */
const MAX_SPAN_LINES = 6;

/**
 * The offending lines with CONTEXT lines around them, a gutter with line numbers,
 * and a caret line under the column range of the first line. Returns [] when the line is not in the text.
 */
export function codeFrame(lines: readonly string[], range: Range, style: Style): string[] {
  const r: SafeRange = safeRange(range);
  if (r.startLine > lines.length) return [];
  const first = Math.max(1, r.startLine - CONTEXT);
  const spanEnd = Math.min(r.endLine, r.startLine + MAX_SPAN_LINES - 1);
  const last = Math.min(lines.length, spanEnd + CONTEXT);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = sanitizeForTerminal(lines[n - 1] ?? '');
    const inSpan = n >= r.startLine && n <= spanEnd;
    const marker = inSpan ? style.red('>') : ' ';
    out.push(`  ${marker} ${style.dim(String(n).padStart(width) + ' |')} ${text}`.trimEnd());
    if (n === r.startLine) out.push(`    ${' '.repeat(width)} ${style.dim('|')} ${style.red(underline(lines[n - 1] ?? '', r))}`);
  }
  return out;
}

/** The lines of a source text for codeFrame (split once per file, not per finding). */
export function sourceLines(source: string): string[] {
  const lines = splitLines(source);
  // A final newline ends the last line; it does not start an empty one.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Carets under [startColumn, endColumn) of the start line (to its end when the span goes on), at least one. */
function underline(line: string, r: SafeRange): string {
  const startIdx = Math.min(r.startColumn - 1, line.length);
  const endIdx = r.endLine === r.startLine ? Math.min(r.endColumn - 1, line.length) : line.length;
  // Align under the sanitised text: measure the prefix as displayed, keep its tabs so the caret lines up.
  const prefix = sanitizeForTerminal(line.slice(0, startIdx)).replace(/[^\t]/g, ' ');
  const spanWidth = Math.max(1, sanitizeForTerminal(line.slice(startIdx, endIdx)).length);
  return prefix + '^'.repeat(spanWidth);
}
