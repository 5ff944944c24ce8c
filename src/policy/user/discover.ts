import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Finds the policy modules of the `--policy` directories.
 *
 * A policy module is a `.ts`, `.mts`, `.js` or `.mjs` file anywhere below the directory, except
 * declaration files (`*.d.ts`), tests (`*.test.*`, `*.spec.*`), names starting with `.` or `_`
 * (helpers: `_lib/`, `_util.ts`) and `node_modules/`. Symbolic links are followed only when their
 * target lies inside the directory; a link that leads out is reported and not loaded.
 */

/** A `--policy` directory. */
export interface PolicyDirectory {
  /** Absolute path as given. */
  given: string;
  /** Real path (symbolic links resolved): nothing outside it is loaded. */
  real: string;
}

export interface PolicyFile {
  dir: PolicyDirectory;
  /** Absolute path under `dir.given` (how the user names it). */
  path: string;
  /** Real path under `dir.real`. */
  real: string;
}

export interface DiscoveryProblem {
  /** Absolute path (as given) of the file or directory concerned. */
  path: string;
  subject: 'Policy directory' | 'Policy file';
  /** Follows the subject and the path: `<subject> <path> <message>`. */
  message: string;
}

export interface Discovery {
  dirs: PolicyDirectory[];
  files: PolicyFile[];
  problems: DiscoveryProblem[];
}

const MODULE_FILE = /\.(?:m?ts|m?js)$/;
const NOT_A_POLICY = /(?:\.d\.m?ts|\.(?:test|spec)\.m?[jt]s)$/;
/** Bounds: a policy directory is source code, not a data dump. */
const MAX_ENTRIES = 20_000;
const MAX_DEPTH = 32;

export function isPolicyFileName(name: string): boolean {
  return MODULE_FILE.test(name) && !NOT_A_POLICY.test(name) && !isHiddenName(name);
}

function isHiddenName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_');
}

/** True when `child` is `parent` or below it (both absolute and normalised). */
export function isInsideDir(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}

export async function discoverPolicyFiles(dirs: readonly string[]): Promise<Discovery> {
  const result: Discovery = { dirs: [], files: [], problems: [] };
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  for (const given of dirs) {
    const dir = await openDirectory(given, result.problems);
    if (!dir || seenDirs.has(dir.real)) continue;
    seenDirs.add(dir.real);
    result.dirs.push(dir);
    const files: PolicyFile[] = [];
    await walk(dir, dir.given, dir.real, 0, { entries: 0 }, files, result.problems);
    for (const f of files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      if (seenFiles.has(f.real)) continue;
      seenFiles.add(f.real);
      result.files.push(f);
    }
  }
  return result;
}

async function openDirectory(given: string, problems: DiscoveryProblem[]): Promise<PolicyDirectory | undefined> {
  let real: string;
  try {
    real = await realpath(given);
  } catch {
    problems.push({ path: given, subject: 'Policy directory', message: 'does not exist; check --policy and the `policies:` list of the configuration' });
    return undefined;
  }
  if (!(await stat(real)).isDirectory()) {
    problems.push({ path: given, subject: 'Policy directory', message: 'is not a directory; --policy and `policies:` name directories of policy modules' });
    return undefined;
  }
  return { given, real };
}

async function walk(
  dir: PolicyDirectory,
  givenPath: string,
  realPath: string,
  depth: number,
  budget: { entries: number },
  out: PolicyFile[],
  problems: DiscoveryProblem[],
): Promise<void> {
  if (depth > MAX_DEPTH) {
    problems.push({ path: givenPath, subject: 'Policy directory', message: `is nested deeper than ${MAX_DEPTH} folders below the policy directory; not searched` });
    return;
  }
  const entries = await readdir(realPath, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (++budget.entries > MAX_ENTRIES) {
      problems.push({ path: dir.given, subject: 'Policy directory', message: `holds more than ${MAX_ENTRIES} files and folders; the rest was not searched` });
      return;
    }
    const name = entry.name;
    if (isHiddenName(name) || name === 'node_modules') continue;
    const givenChild = path.join(givenPath, name);
    const realChild = path.join(realPath, name);
    if (entry.isDirectory()) {
      await walk(dir, givenChild, realChild, depth + 1, budget, out, problems);
      continue;
    }
    if (!isPolicyFileName(name)) continue;
    if (entry.isFile()) {
      out.push({ dir, path: givenChild, real: realChild });
      continue;
    }
    if (!entry.isSymbolicLink()) continue;
    // A link to a file is loaded only when its target stays inside the directory. (Links to
    // folders are not walked: a folder inside is walked where it really is.)
    let target: string;
    try {
      target = await realpath(realChild);
    } catch {
      problems.push({ path: givenChild, subject: 'Policy file', message: 'is a symbolic link whose target does not exist; not loaded' });
      continue;
    }
    if (!isInsideDir(dir.real, target)) {
      problems.push({ path: givenChild, subject: 'Policy file', message: `is a symbolic link to ${target}, outside the policy directory; not loaded (policies are loaded only from inside their directory)` });
      continue;
    }
    if ((await lstat(target)).isFile()) out.push({ dir, path: givenChild, real: target });
  }
}
