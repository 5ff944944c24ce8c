import type { Report } from '../model/index.js';

export const FORMAT_NAMES = ['text', 'json', 'sarif', 'gitlab-codequality', 'gitlab-sast', 'junit', 'markdown', 'github'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export interface FormatOptions {
  /** Returns the text of a repository-relative file (for code frames and line hashes), or undefined. */
  readSource(file: string): string | undefined;
  /** text only: ANSI colours. */
  color: boolean;
  /** text: also list skipped items with reasons. */
  verbose: boolean;
  /** sarif: `automationDetails.id` (GitHub's category is everything before its last `/`). */
  sarifCategory?: string;
  /** markdown: base URL for blob links, e.g. https://github.com/o/r/blob/<sha>. */
  repoUrl?: string;
  /** markdown: budget for the comment body, default 60000 characters. */
  maxCommentChars?: number;
  /** gitlab-sast: the end of the scan (defaults to the current time); lets tests and callers fix timestamps. */
  now?: Date;
}

export type Formatter = (report: Report, options: FormatOptions) => string;

/** What a formatter produced plus what the CLI should print on stderr (e.g. SARIF results dropped to fit GitHub's limits). */
export interface FormatResult {
  text: string;
  warnings: string[];
}
