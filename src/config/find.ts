import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

export const CONFIG_FILE_NAMES = ['.syncgate.yaml', '.syncgate.yml'] as const;

/**
 * The configuration file for a checked path: the nearest `.syncgate.yaml` (or `.yml`) in the
 * path's directory or an ancestor, stopping after the git root (a directory holding `.git`)
 * or the filesystem root, so that a file above the repository never applies to it.
 */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  if (existsSync(dir) && !statSync(dir).isDirectory()) dir = path.dirname(dir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (existsSync(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
