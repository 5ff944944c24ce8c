import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { CommentError, postComment, type TargetFlags } from '../comment/index.js';
import { EXIT, UsageError } from './errors.js';

interface CommentFlags {
  from: string;
  platform?: 'github' | 'gitlab';
  repo?: string;
  pr?: string;
  project?: string;
  mr?: string;
  apiUrl?: string;
}

export interface CommentCommandDeps {
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  readStdin?: () => string;
  cwd?: () => string;
}

/**
 * `syncgate comment --from report.md`: posts the Markdown report written by
 * `check --format markdown=report.md` as the sticky pull/merge-request comment. It does not run
 * the check itself, so one run feeds every report and the check's exit code stays the job's.
 */
export function commentCommand(deps: CommentCommandDeps = {}): Command {
  return new Command('comment')
    .description('Post or update the sticky pull-request (GitHub) or merge-request (GitLab) comment with a Markdown report from check --format markdown=FILE.')
    .requiredOption('--from <file>', 'Markdown report written by check --format markdown=FILE (- for standard input)')
    .addOption(new Option('--platform <platform>', 'where to comment (default: detected from GITHUB_ACTIONS / GITLAB_CI)').choices(['github', 'gitlab']))
    .option('--repo <owner/name>', 'GitHub repository (default: GITHUB_REPOSITORY)')
    .option('--pr <number>', 'GitHub pull request number (default: from the event at GITHUB_EVENT_PATH)')
    .option('--project <id>', 'GitLab project id or path (default: CI_PROJECT_ID)')
    .option('--mr <iid>', 'GitLab merge request iid (default: CI_MERGE_REQUEST_IID)')
    .option('--api-url <url>', 'API base URL (default: GITHUB_API_URL or CI_API_V4_URL, else the public services)')
    .addHelpText(
      'after',
      '\nTokens come from the environment only: GITHUB_TOKEN (GitHub), GITLAB_TOKEN or CI_JOB_TOKEN (GitLab).\n' +
        'In a CI run that is not about a pull/merge request (a push), nothing is posted and the exit code is 0.',
    )
    .action(async (flags: CommentFlags) => {
      process.exitCode = await runComment(flags, deps);
    });
}

async function runComment(flags: CommentFlags, deps: CommentCommandDeps): Promise<number> {
  const env = deps.env ?? process.env;
  const markdown = readReport(flags.from, deps);
  try {
    const result = await postComment(markdown, targetFlags(flags), env, deps.fetch);
    if ('skipped' in result) {
      process.stdout.write(`syncgate: no comment posted: ${result.skipped}\n`);
    } else {
      const verb = result.action === 'unchanged' ? 'comment already up to date on' : `${result.action} comment on`;
      process.stdout.write(`syncgate: ${verb} ${result.where}${result.url ? ` (${result.url})` : ''}\n`);
    }
    return EXIT.pass;
  } catch (err) {
    if (err instanceof CommentError) {
      process.stderr.write(`syncgate: comment: ${err.message}\n`);
      return EXIT.error;
    }
    throw err;
  }
}

function readReport(from: string, deps: CommentCommandDeps): string {
  let text: string;
  try {
    text = from === '-' ? (deps.readStdin ?? (() => readFileSync(0, 'utf8')))() : readFileSync(path.resolve(deps.cwd?.() ?? process.cwd(), from), 'utf8');
  } catch (err) {
    throw new UsageError(`--from ${from}: cannot read the report (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); write it first with syncgate check --format markdown=${from === '-' ? 'FILE' : from}`);
  }
  if (text.trim() === '') throw new UsageError(`--from ${from}: the report is empty`);
  return text;
}

function targetFlags(flags: CommentFlags): TargetFlags {
  const out: TargetFlags = {};
  if (flags.platform) out.platform = flags.platform;
  if (flags.repo !== undefined) out.repo = flags.repo;
  if (flags.project !== undefined) out.project = flags.project;
  if (flags.apiUrl !== undefined) out.apiUrl = flags.apiUrl;
  if (flags.pr !== undefined) out.pr = number('--pr', flags.pr);
  if (flags.mr !== undefined) out.mr = number('--mr', flags.mr);
  return out;
}

function number(flag: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} must be a positive number, got ${JSON.stringify(value)}`);
  return Number(value);
}
