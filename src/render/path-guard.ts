import { realpathSync } from 'node:fs';
import path from 'node:path';
import { isInside } from '../load/index.js';

export type GuardedPath =
  | { ok: true; absolutePath: string; exists: boolean }
  | { ok: false; reason: string };

/**
 * Decides whether a path named by a kustomization, chart or release may be read: it must be
 * relative and stay inside the repository root both lexically (no `..` out) and after
 * following symbolic links. Missing paths are allowed (the renderer reports them).
 */
export function guardPath(root: string, realRoot: string, baseDir: string, entry: string): GuardedPath {
  if (path.isAbsolute(entry) || /^[a-zA-Z]:[\\/]/.test(entry) || entry.startsWith('~')) {
    return { ok: false, reason: `${JSON.stringify(entry)} is an absolute path` };
  }
  const absolutePath = path.resolve(baseDir, entry);
  if (!isInside(root, absolutePath)) return { ok: false, reason: `${JSON.stringify(entry)} leaves the repository root through ".."` };
  let real: string;
  try {
    real = realpathSync(absolutePath);
  } catch {
    // A dangling symlink inside the root, or simply a missing file: only the first is an escape risk.
    return danglingLinkOutside(root, realRoot, absolutePath) ?? { ok: true, absolutePath, exists: false };
  }
  if (!isInside(realRoot, real)) return { ok: false, reason: `${JSON.stringify(entry)} is a symbolic link to a path outside the repository` };
  return { ok: true, absolutePath, exists: true };
}

/** The real path of the repository root (symlinked checkouts are common in CI). */
export function realRootOf(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
}

function danglingLinkOutside(root: string, realRoot: string, absolutePath: string): GuardedPath | undefined {
  // Walk up to the deepest existing ancestor: if it resolves outside, the path leads out.
  let dir = path.dirname(absolutePath);
  while (isInside(root, dir)) {
    try {
      const real = realpathSync(dir);
      return isInside(realRoot, real) ? undefined : { ok: false, reason: `${JSON.stringify(path.relative(root, absolutePath))} is under a symbolic link to a path outside the repository` };
    } catch {
      if (dir === root) return undefined;
      dir = path.dirname(dir);
    }
  }
  return undefined;
}
