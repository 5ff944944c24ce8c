/**
 * Reports that code scanning, GitLab's MR widgets and test summaries compare as whole analyses
 * against the target branch: a finding missing from them reads as "fixed". Under
 * --changed-since they keep every finding; the platforms narrow to the diff themselves
 * (GitHub shows PR alerts only on changed lines, GitLab shows new and fixed findings).
 */
export const WHOLE_ANALYSIS_FORMATS: ReadonlySet<string> = new Set(['sarif', 'gitlab-codequality', 'gitlab-sast', 'junit']);

export function keepsEveryFinding(format: string): boolean {
  return WHOLE_ANALYSIS_FORMATS.has(format);
}
