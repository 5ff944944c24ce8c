import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository root findings are reported against: `--root` when given, else the nearest
 * ancestor of the working directory that holds `.git`, else the working directory.
 */
export function resolveRoot(explicit: string | undefined, cwd = process.cwd()): string {
  if (explicit) return path.resolve(cwd, explicit);
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}
