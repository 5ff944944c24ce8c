import path from 'node:path';

/** The name a file is reported under: relative to the root, with forward slashes. */
export function reportedPath(root: string, absolutePath: string): string {
  const rel = path.relative(root, absolutePath);
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}

/** True when `child` is `parent` or lies below it (both absolute, already resolved). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;
