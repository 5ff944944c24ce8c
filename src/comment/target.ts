import { readFileSync, statSync } from 'node:fs';
import type { GithubTarget } from './github.js';
import type { GitlabTarget } from './gitlab.js';
import { CommentError } from './http.js';

export type Platform = 'github' | 'gitlab';

/** What the user said on the command line; the CI environment fills in the rest. */
export interface TargetFlags {
  platform?: Platform;
  /** GitHub owner/name. */
  repo?: string;
  pr?: number;
  /** GitLab project id or path. */
  project?: string;
  mr?: number;
  apiUrl?: string;
}

export type ResolvedTarget =
  | { platform: 'github'; target: GithubTarget }
  | { platform: 'gitlab'; target: GitlabTarget }
  /** A CI run that is not about a pull/merge request (a push, a schedule): nothing to comment on. */
  | { platform: Platform; skip: string };

/**
 * Works out where to comment. GitHub: GITHUB_REPOSITORY, the pull request number from the
 * event payload at GITHUB_EVENT_PATH, GITHUB_API_URL, GITHUB_TOKEN. GitLab: CI_PROJECT_ID,
 * CI_MERGE_REQUEST_IID, CI_API_V4_URL, GITLAB_TOKEN else CI_JOB_TOKEN. Flags win over both.
 */
export function resolveTarget(flags: TargetFlags, env: NodeJS.ProcessEnv): ResolvedTarget {
  const platform = flags.platform ?? detectPlatform(flags, env);
  return platform === 'github' ? githubTarget(flags, env) : gitlabTarget(flags, env);
}

function detectPlatform(flags: TargetFlags, env: NodeJS.ProcessEnv): Platform {
  if (flags.repo !== undefined || flags.pr !== undefined) return 'github';
  if (flags.project !== undefined || flags.mr !== undefined) return 'gitlab';
  if (env['GITHUB_ACTIONS'] === 'true') return 'github';
  if (env['GITLAB_CI'] === 'true') return 'gitlab';
  throw new CommentError('cannot tell where to comment: not in GitHub Actions or GitLab CI; pass --platform github --repo OWNER/NAME --pr N, or --platform gitlab --project ID --mr IID');
}

function githubTarget(flags: TargetFlags, env: NodeJS.ProcessEnv): ResolvedTarget {
  const repository = flags.repo ?? env['GITHUB_REPOSITORY'];
  if (!repository || !/^[^/\s]+\/[^/\s]+$/.test(repository)) {
    throw new CommentError(`GitHub repository must look like OWNER/NAME (--repo or GITHUB_REPOSITORY), got ${JSON.stringify(repository ?? '')}`);
  }
  const number = flags.pr ?? pullRequestFromEvent(env['GITHUB_EVENT_PATH']);
  if (number === undefined) {
    return { platform: 'github', skip: `this ${env['GITHUB_EVENT_NAME'] ?? 'run'} event is not about a pull request (pass --pr N to comment anyway)` };
  }
  const token = env['GITHUB_TOKEN'] || env['GH_TOKEN'];
  if (!token) throw new CommentError('no GitHub token: set GITHUB_TOKEN (in a workflow: env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}, with permissions pull-requests: write)');
  return { platform: 'github', target: { apiUrl: flags.apiUrl ?? env['GITHUB_API_URL'] ?? 'https://api.github.com', token, repository, number } };
}

function gitlabTarget(flags: TargetFlags, env: NodeJS.ProcessEnv): ResolvedTarget {
  const project = flags.project ?? env['CI_MERGE_REQUEST_PROJECT_ID'] ?? env['CI_PROJECT_ID'];
  if (!project) throw new CommentError('GitLab project unknown: pass --project ID (or run in GitLab CI, which sets CI_PROJECT_ID)');
  const iid = flags.mr ?? positiveInt(env['CI_MERGE_REQUEST_IID']);
  if (iid === undefined) return { platform: 'gitlab', skip: 'this pipeline is not a merge request pipeline (no CI_MERGE_REQUEST_IID; pass --mr IID to comment anyway)' };
  const token = env['GITLAB_TOKEN'] ? { kind: 'private' as const, value: env['GITLAB_TOKEN'] } : env['CI_JOB_TOKEN'] ? { kind: 'job' as const, value: env['CI_JOB_TOKEN'] } : undefined;
  if (!token) throw new CommentError('no GitLab token: set GITLAB_TOKEN to a project access token with the api scope (a masked CI/CD variable)');
  const projectUrl = env['CI_MERGE_REQUEST_PROJECT_URL'] ?? env['CI_PROJECT_URL'];
  return {
    platform: 'gitlab',
    target: { apiUrl: flags.apiUrl ?? env['CI_API_V4_URL'] ?? 'https://gitlab.com/api/v4', token, project, mergeRequest: iid, ...(projectUrl ? { projectUrl } : {}) },
  };
}

const MAX_EVENT_BYTES = 16 * 1024 * 1024;

/** pull_request / pull_request_target: `pull_request.number`; issue_comment on a PR: `issue.number`. */
export function pullRequestFromEvent(eventPath: string | undefined): number | undefined {
  if (!eventPath) return undefined;
  let event: unknown;
  try {
    if (statSync(eventPath).size > MAX_EVENT_BYTES) return undefined;
    event = JSON.parse(readFileSync(eventPath, 'utf8'));
  } catch (err) {
    throw new CommentError(`cannot read the GitHub event payload at GITHUB_EVENT_PATH (${eventPath}): ${(err as Error).message}`);
  }
  if (!event || typeof event !== 'object') return undefined;
  const e = event as Record<string, unknown>;
  const pr = e['pull_request'] as Record<string, unknown> | undefined;
  if (pr && typeof pr === 'object') return positiveInt(pr['number']);
  const issue = e['issue'] as Record<string, unknown> | undefined;
  if (issue && typeof issue === 'object' && issue['pull_request']) return positiveInt(issue['number']);
  return undefined;
}

function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
