import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * Appends `name` to $GITHUB_OUTPUT in the heredoc form (`name<<DELIMITER`), which is safe for
 * any value, multi-line included. The delimiter is random so that a value cannot end it early.
 */
export function setOutput(outputFile: string | undefined, name: string, value: string): void {
  if (!outputFile) {
    // Outside a runner (or a very old one): nothing to write to; the log still shows the value.
    process.stdout.write(`${name}=${value}${EOL}`);
    return;
  }
  let delimiter = `ghadelimiter_${randomUUID()}`;
  while (value.includes(delimiter) || name.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(outputFile, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

/** Appends Markdown to $GITHUB_STEP_SUMMARY; without one, the summary is skipped. */
export function appendSummary(summaryFile: string | undefined, markdown: string): boolean {
  if (!summaryFile) return false;
  appendFileSync(summaryFile, markdown.endsWith('\n') ? markdown : markdown + '\n', 'utf8');
  return true;
}
