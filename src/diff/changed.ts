import { ChangedSinceError, git } from './git.js';
import { changedLinesFromPatch } from './patch.js';

/** Repository-relative file (forward slashes, relative to the root given) -> changed lines, or the whole file. */
export type ChangedLines = Map<string, Set<number> | 'all'>;

/**
 * What changed in the working tree of `root` since `ref`, the way a pull request sees it:
 *
 * - the diff runs from the merge base of `ref` and HEAD (what `git diff REF...` compares
 *   against) to the working tree, so a PR reports only its own changes even when the base
 *   branch moved on, and local runs include staged and unstaged edits;
 * - added, renamed and copied files count whole; deleted files count nothing; untracked files
 *   (not ignored) count whole, so pre-commit and local runs see new manifests;
 * - paths are relative to `root` (which may be a subdirectory of the repository); changes
 *   outside it are left out.
 *
 * Throws ChangedSinceError (a usage error) when `root` is not in a git work tree, `ref` is
 * unknown, or `ref` and HEAD share no history (a shallow clone).
 */
export async function changedLines(root: string, ref: string): Promise<ChangedLines> {
  if (ref.trim() === '' || ref.startsWith('-')) throw new ChangedSinceError(`--changed-since needs a git ref (branch, tag or commit), got ${JSON.stringify(ref)}`);
  const inside = await git(root, ['rev-parse', '--is-inside-work-tree']);
  if (inside.code !== 0 || inside.stdout.trim() !== 'true') {
    throw new ChangedSinceError(`--changed-since: ${root} is not inside a git work tree (${firstLine(inside.stderr) || 'git rev-parse failed'})`);
  }
  const commit = await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (commit.code !== 0 && ref === 'HEAD' && (await isUnborn(root))) return everyFile(root);
  if (commit.code !== 0) {
    throw new ChangedSinceError(
      `--changed-since: unknown git ref ${JSON.stringify(ref)} in ${root}. ` +
        'Fetch it first (in GitHub Actions: actions/checkout with fetch-depth: 0; in GitLab CI: GIT_DEPTH: 0), ' +
        'and name remote branches as origin/<branch>.',
    );
  }
  const base = await mergeBase(root, ref, commit.stdout.trim());
  const changed: ChangedLines = new Map();
  for (const [file, status] of await fileStatuses(root, base)) {
    if (status === 'whole') changed.set(file, 'all');
  }
  const patch = await git(root, ['diff', '--relative', '--unified=0', '--no-color', '--no-ext-diff', '--no-textconv', '-M', '--src-prefix=a/', '--dst-prefix=b/', base]);
  if (patch.code !== 0) throw new ChangedSinceError(`--changed-since: git diff failed: ${firstLine(patch.stderr)}`);
  for (const [file, lines] of changedLinesFromPatch(patch.stdout)) {
    if (!changed.has(file)) changed.set(file, lines);
  }
  const untracked = await git(root, ['ls-files', '--others', '--exclude-standard', '-z']);
  if (untracked.code === 0) for (const file of untracked.stdout.split('\0')) if (file) changed.set(file, 'all');
  return changed;
}

/** The merge base of `ref` and HEAD; in a repository without commits yet, HEAD does not exist and `ref` cannot either. */
async function mergeBase(root: string, ref: string, commit: string): Promise<string> {
  const result = await git(root, ['merge-base', commit, 'HEAD']);
  if (result.code === 0 && result.stdout.trim()) return result.stdout.trim();
  throw new ChangedSinceError(
    `--changed-since: ${JSON.stringify(ref)} and HEAD have no common history here, so there is no merge base to compare with. ` +
      'This happens in shallow clones: fetch full history (actions/checkout with fetch-depth: 0, GitLab GIT_DEPTH: 0).',
  );
}

/** A repository before its first commit: HEAD names a branch that does not exist yet. */
async function isUnborn(root: string): Promise<boolean> {
  const head = await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  const branch = await git(root, ['symbolic-ref', '--quiet', 'HEAD']);
  return head.code !== 0 && branch.code === 0;
}

/** Before the first commit, everything staged or untracked is new: `--changed-since HEAD` in the first commit's pre-commit hook. */
async function everyFile(root: string): Promise<ChangedLines> {
  const files = await git(root, ['ls-files', '--cached', '--others', '--exclude-standard', '-z']);
  if (files.code !== 0) throw new ChangedSinceError(`--changed-since: git ls-files failed: ${firstLine(files.stderr)}`);
  return new Map(files.stdout.split('\0').filter(Boolean).map((file) => [file, 'all' as const]));
}

type FileStatus = 'whole' | 'lines' | 'deleted';

/** `git diff --name-status -z`: added (A), copied (C) and renamed (R) files are new as a whole to the reader of the diff. */
async function fileStatuses(root: string, base: string): Promise<Map<string, FileStatus>> {
  const result = await git(root, ['diff', '--relative', '--name-status', '-z', '--no-ext-diff', '-M', base]);
  if (result.code !== 0) throw new ChangedSinceError(`--changed-since: git diff failed: ${firstLine(result.stderr)}`);
  const tokens = result.stdout.split('\0');
  const statuses = new Map<string, FileStatus>();
  for (let i = 0; i < tokens.length; ) {
    const status = tokens[i++] ?? '';
    if (!status) continue;
    const letter = status[0];
    if (letter === 'R' || letter === 'C') {
      i++; // the old path
      const to = tokens[i++];
      if (to) statuses.set(to, 'whole');
    } else {
      const file = tokens[i++];
      if (!file) continue;
      statuses.set(file, letter === 'A' ? 'whole' : letter === 'D' ? 'deleted' : 'lines');
    }
  }
  return statuses;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
