import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { RepositoryView } from './types.js';

/** Symlink hops followed before giving up (as the kernel's ELOOP limit). */
const MAX_LINKS = 40;

/**
 * A read-only view of the repository for policies: `exists(relPath)` answers whether a path
 * relative to the root exists inside it. It never looks outside the root: absolute paths, `..`
 * escapes, backslashes and symlinks that lead out of the root answer false, and the walk checks
 * every component with lstat before following it, so nothing outside the root is ever stat'ed.
 */
export function createRepositoryView(root: string): RepositoryView {
  const givenRoot = path.resolve(root);
  let realRoot: string;
  try {
    realRoot = realpathSync(givenRoot);
  } catch {
    realRoot = givenRoot;
  }
  const cache = new Map<string, boolean>();
  return Object.freeze({
    root: realRoot,
    exists(relPath: string): boolean {
      if (typeof relPath !== 'string') return false;
      let known = cache.get(relPath);
      if (known === undefined) {
        known = existsInside(realRoot, givenRoot, relPath);
        cache.set(relPath, known);
      }
      return known;
    },
  });
}

/**
 * Splits a repository-relative path into segments (`.` and empty ones dropped, `..` kept: the walk
 * applies it after resolving the symlinks before it, as the kernel does), or undefined when it is
 * absolute, has backslashes, or climbs above the root even lexically.
 */
export function repositorySegments(relPath: string): string[] | undefined {
  if (relPath.includes('\\') || relPath.includes('\0') || path.posix.isAbsolute(relPath) || /^[A-Za-z]:/.test(relPath)) return undefined;
  const segments: string[] = [];
  let depth = 0;
  for (const s of relPath.split('/')) {
    if (s === '' || s === '.') continue;
    depth += s === '..' ? -1 : 1;
    if (depth < 0) return undefined;
    segments.push(s);
  }
  return segments;
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function existsInside(root: string, givenRoot: string, relPath: string): boolean {
  const start = repositorySegments(relPath);
  if (!start) return false;
  const pending = [...start];
  let current = root;
  let hops = 0;
  while (pending.length > 0) {
    const segment = pending.shift()!;
    if (segment === '..') {
      // `current` is always a real directory inside the root (links are resolved before): its parent is too, unless it is the root.
      if (current === root) return false;
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, segment);
    if (!isInside(root, next)) return false;
    let stat;
    try {
      stat = lstatSync(next);
    } catch {
      return false;
    }
    if (!stat.isSymbolicLink()) {
      current = next;
      continue;
    }
    if (++hops > MAX_LINKS) return false;
    let target: string;
    try {
      target = readlinkSync(next);
    } catch {
      return false;
    }
    let resolved = path.resolve(current, target);
    // An absolute link may spell the root as it was given (e.g. through a symlinked /tmp).
    if (!isInside(root, resolved) && givenRoot !== root && isInside(givenRoot, resolved)) resolved = path.join(root, path.relative(givenRoot, resolved));
    if (!isInside(root, resolved)) return false;
    // Continue the walk from the root along the link target's segments, then the rest.
    const rest = repositorySegments(path.relative(root, resolved).split(path.sep).join('/'));
    if (!rest) return false;
    pending.unshift(...rest);
    current = root;
  }
  return true;
}
