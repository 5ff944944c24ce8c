import type { Report } from '../model/index.js';
import { formatGithub } from './github.js';
import { formatGitlabCodeQuality } from './gitlab-codequality.js';
import { formatGitlabSast } from './gitlab-sast.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import type { FormatName, FormatOptions, FormatResult, Formatter } from './options.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export { FORMAT_NAMES, type FormatName, type FormatOptions, type FormatResult, type Formatter } from './options.js';
export { verdictOf, isWaived, type Verdict } from './verdict.js';
export { parseFormatSpec, isFormatName } from './spec.js';
export { formatSarif, SARIF_MAX_RESULTS, SARIF_MAX_GZIP_BYTES, type SarifLimits } from './sarif.js';
export { githubStepSummary, escapeData, escapeProperty } from './github.js';
export { COMMENT_MARKER, DEFAULT_MAX_COMMENT_CHARS } from './markdown.js';
export { toJsonReport, type JsonReport } from './json.js';
export { GITLAB_SAST_SCHEMA_VERSION } from './gitlab-sast.js';
export { summaryLine } from './summary.js';
export { lineHashes } from './line-hash.js';

/**
 * Every format, with the warnings the CLI should print on stderr (only SARIF has any so far:
 * results left out to fit GitHub's limits).
 */
export const RENDERERS: Record<FormatName, (report: Report, options: FormatOptions) => FormatResult> = {
  text: plain(formatText),
  json: plain(formatJson),
  sarif: (report, options) => formatSarif(report, options),
  'gitlab-codequality': plain(formatGitlabCodeQuality),
  'gitlab-sast': plain(formatGitlabSast),
  junit: plain(formatJunit),
  markdown: plain(formatMarkdown),
  github: plain(formatGithub),
};

/** Text-only view of RENDERERS. The CLI should prefer `render()` so that warnings reach stderr. */
export const FORMATTERS: Record<FormatName, Formatter> = Object.fromEntries(
  Object.entries(RENDERERS).map(([name, r]) => [name, (report: Report, options: FormatOptions) => r(report, options).text]),
) as Record<FormatName, Formatter>;

export function render(format: FormatName, report: Report, options: FormatOptions): FormatResult {
  return RENDERERS[format](report, options);
}

function plain(f: Formatter): (report: Report, options: FormatOptions) => FormatResult {
  return (report, options) => ({ text: f(report, options), warnings: [] });
}
