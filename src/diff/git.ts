import { execFile } from 'node:child_process';

/** A --changed-since problem the user can fix (not a repository, unknown ref, shallow clone): the CLI exits 2. */
export class ChangedSinceError extends Error {}

/** Diffs of whole repositories can be large; past this, git's output is refused rather than buffered forever. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
const TIMEOUT_MS = 120_000;

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs git in `cwd` with settings that make its output parseable whatever the user's config says:
 * no pager, no colour, no external diff drivers, no prompts, paths not octal-quoted.
 */
export function git(cwd: string, args: string[]): Promise<GitResult> {
  const fullArgs = ['-c', 'core.quotePath=false', '-c', 'color.ui=false', '--no-pager', ...args];
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      fullArgs,
      {
        cwd,
        encoding: 'utf8',
        maxBuffer: MAX_OUTPUT_BYTES,
        timeout: TIMEOUT_MS,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        if (error && typeof (error as NodeJS.ErrnoException).code === 'string') {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') reject(new ChangedSinceError('--changed-since needs git, and git is not installed (or not on PATH)'));
          else if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') reject(new ChangedSinceError(`git ${args[0]} printed more than ${MAX_OUTPUT_BYTES >> 20} MiB; the diff is too large for --changed-since`));
          else reject(new ChangedSinceError(`git ${args[0]} failed: ${error.message}`));
          return;
        }
        if (error && error.killed) {
          reject(new ChangedSinceError(`git ${args[0]} did not finish within ${TIMEOUT_MS / 1000} s`));
          return;
        }
        const exit = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code: exit, stdout, stderr });
      },
    );
  });
}
