import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { isInside } from '../load/index.js';

/**
 * The repository root findings are reported against (and that renders and policies may not
 * read outside of): `--root` when given; else the git repository that holds the first checked
 * path; else, for a checked directory outside any repository, that directory; else the git
 * repository of the working directory, or the working directory itself.
 */
export function resolveRoot(explicit: string | undefined, cwd = process.cwd(), firstInput?: string): string {
  if (explicit) return path.resolve(cwd, explicit);
  if (firstInput && firstInput !== '-' && !/[*?[\]{}]/.test(firstInput)) {
    const input = path.resolve(cwd, firstInput);
    const start = isDirectory(input) ? input : path.dirname(input);
    const repo = gitRepositoryOf(start);
    if (repo) return repo;
    if (isDirectory(input) && !isInside(gitRepositoryOf(cwd) ?? cwd, input)) return input;
  }
  return gitRepositoryOf(path.resolve(cwd)) ?? path.resolve(cwd);
}

/** The nearest directory at or above `start` that holds `.git`. */
export function gitRepositoryOf(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
