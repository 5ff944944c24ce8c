import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { SkippedItem } from '../model/index.js';
import { isInside, MANIFEST_EXTENSIONS, reportedPath } from './paths.js';

export interface DiscoverOptions {
  /** Absolute repository root: files are reported relative to it. */
  root: string;
  /** Glob patterns (matched against root-relative paths; a pattern without `/` also matches base names). */
  exclude: string[];
  /** Honour `.gitignore` files in walked directories. */
  gitignore: boolean;
}

export interface DiscoveredFile {
  file: string;
  absolutePath: string;
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  /** `-` was among the inputs. */
  stdin: boolean;
  skipped: SkippedItem[];
  /** Inputs that could not be used at all (a path that does not exist): usage errors. */
  errors: string[];
}

const ALWAYS_SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);
const GLOB_CHARS = /[*?[\]{}!]/;

/**
 * Expands the command-line inputs (files, directories, globs, `-`) into the manifest files to
 * read, in a stable order, never following a symlink out of the directory being walked.
 */
export function discoverFiles(inputs: string[], options: DiscoverOptions): DiscoveryResult {
  const result: DiscoveryResult = { files: [], stdin: false, skipped: [], errors: [] };
  const seen = new Set<string>();
  const isExcluded = excludeMatcher(options.exclude);
  const add = (absolutePath: string): void => {
    if (seen.has(absolutePath)) return;
    seen.add(absolutePath);
    const file = reportedPath(options.root, absolutePath);
    if (isExcluded(file)) {
      result.skipped.push({ file, kind: 'excluded', reason: 'matches an --exclude pattern' });
      return;
    }
    result.files.push({ file, absolutePath });
  };

  for (const input of inputs) {
    if (input === '-') {
      result.stdin = true;
      continue;
    }
    const absolute = path.resolve(input);
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      if (GLOB_CHARS.test(input)) {
        const matches = expandGlob(input, options, result);
        if (matches.length === 0) result.errors.push(`no files match the pattern ${input}`);
        matches.forEach(add);
      } else {
        result.errors.push(`path does not exist: ${input}`);
      }
      continue;
    }
    if (stat.isDirectory()) {
      const boundary = isInside(options.root, absolute) ? options.root : absolute;
      walkDirectory(absolute, boundary, options, result, isExcluded).forEach(add);
    } else {
      add(absolute);
    }
  }
  return result;
}

function excludeMatcher(patterns: string[]): (file: string) => boolean {
  if (patterns.length === 0) return () => false;
  const matchers = patterns.map((p) => picomatch(p, { dot: true, basename: !p.includes('/') }));
  return (file) => matchers.some((m) => m(file));
}

function expandGlob(pattern: string, options: DiscoverOptions, result: DiscoveryResult): string[] {
  const scan = picomatch.scan(pattern);
  const base = path.resolve(scan.base || '.');
  const isMatch = picomatch(pattern, { dot: true });
  let baseStat;
  try {
    baseStat = statSync(base);
  } catch {
    return [];
  }
  if (!baseStat.isDirectory()) return [];
  const boundary = isInside(options.root, base) ? options.root : base;
  const cwd = process.cwd();
  return walkDirectory(base, boundary, options, result, () => false, true).filter((abs) => {
    const relToCwd = path.relative(cwd, abs).split(path.sep).join('/');
    return isMatch(relToCwd) || isMatch(abs.split(path.sep).join('/'));
  });
}

interface IgnoreScope {
  dir: string;
  rules: Ignore;
}

/** Depth-first walk with `.gitignore` scopes, symlink containment and loop detection. */
function walkDirectory(
  start: string,
  boundary: string,
  options: DiscoverOptions,
  result: DiscoveryResult,
  isExcluded: (file: string) => boolean,
  anyExtension = false,
): string[] {
  const found: string[] = [];
  const visitedRealDirs = new Set<string>();
  const realBoundary = safeRealpath(boundary) ?? boundary;

  const visit = (dir: string, scopes: IgnoreScope[]): void => {
    const real = safeRealpath(dir);
    if (!real) return;
    if (visitedRealDirs.has(real)) {
      result.skipped.push({ file: reportedPath(options.root, dir), kind: 'symlink-loop', reason: 'directory already visited through another path (symlink loop)' });
      return;
    }
    visitedRealDirs.add(real);
    const localScopes = options.gitignore ? withGitignore(dir, scopes) : scopes;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      result.skipped.push({ file: reportedPath(options.root, dir), kind: 'unreadable', reason: `cannot read directory: ${(err as Error).message}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = safeRealpath(abs);
        if (!target || !isInside(realBoundary, target)) {
          result.skipped.push({ file: reportedPath(options.root, abs), kind: 'outside-root', reason: 'symbolic link to a path outside the checked tree (not followed)' });
          continue;
        }
        const stat = safeStat(target);
        isDir = stat?.isDirectory() ?? false;
        isFile = stat?.isFile() ?? false;
      }
      if (isDir && ALWAYS_SKIPPED_DIRECTORIES.has(entry.name)) continue;
      if (isIgnored(abs, isDir, localScopes)) continue;
      const rel = reportedPath(options.root, abs);
      if (entry.name.startsWith('.') && (isDir || anyExtension || MANIFEST_EXTENSIONS.test(entry.name))) {
        // Hidden files and folders hold tool configuration (.github, .fluxschema.yml, .pre-commit-config.yaml),
        // not manifests a reconciler applies; naming one explicitly still checks it.
        result.skipped.push({ file: rel, kind: 'hidden', reason: `hidden ${isDir ? 'directory' : 'file'} (tool configuration); name it explicitly to check it` });
        continue;
      }
      if (isDir) {
        if (isExcluded(rel) || isExcluded(rel + '/')) {
          result.skipped.push({ file: rel, kind: 'excluded', reason: 'matches an --exclude pattern' });
          continue;
        }
        visit(abs, localScopes);
      } else if (isFile && (anyExtension || MANIFEST_EXTENSIONS.test(entry.name))) {
        found.push(abs);
      }
    }
  };
  visit(start, []);
  return found;
}

function withGitignore(dir: string, scopes: IgnoreScope[]): IgnoreScope[] {
  let text: string;
  try {
    text = readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return scopes;
  }
  return [...scopes, { dir, rules: ignore().add(text) }];
}

function isIgnored(abs: string, isDir: boolean, scopes: IgnoreScope[]): boolean {
  for (const scope of scopes) {
    const rel = path.relative(scope.dir, abs).split(path.sep).join('/');
    if (rel && scope.rules.ignores(isDir ? rel + '/' : rel)) return true;
  }
  return false;
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function safeStat(p: string) {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

