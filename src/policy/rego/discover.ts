import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds files below policy or data directories, the way conftest's loader walks them:
 * recursively, skipping dot-directories and node_modules. Symbolic links are followed
 * only when their target stays inside the directory given, so a policy directory
 * cannot make syncgate read files elsewhere. Bounded so a huge tree cannot hang a run.
 */
export interface FoundFile {
  /** absolute path as the user names it (under the directory given) */
  path: string;
}

export interface WalkProblem {
  path: string;
  message: string;
}

const MAX_ENTRIES = 20_000;
const MAX_DEPTH = 32;

function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Files under `dir` (or `dir` itself when it is a file) whose name passes `accept`. Sorted. */
export function walkFiles(dir: string, accept: (name: string) => boolean, problems: WalkProblem[]): FoundFile[] {
  const out: FoundFile[] = [];
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    problems.push({ path: dir, message: `${dir} does not exist` });
    return out;
  }
  if (statSync(real).isFile()) {
    if (accept(path.basename(dir))) out.push({ path: dir });
    return out;
  }
  let entries = 0;
  const visit = (given: string, depth: number): void => {
    if (depth > MAX_DEPTH) {
      problems.push({ path: given, message: `${given}: directories nested more than ${MAX_DEPTH} deep are not read` });
      return;
    }
    let names: string[];
    try {
      names = readdirSync(given).sort();
    } catch (e) {
      problems.push({ path: given, message: `cannot read ${given}: ${(e as Error).message}` });
      return;
    }
    for (const name of names) {
      if (++entries > MAX_ENTRIES) {
        if (entries === MAX_ENTRIES + 1) problems.push({ path: dir, message: `${dir} holds more than ${MAX_ENTRIES} entries; the rest are not read` });
        return;
      }
      const p = path.join(given, name);
      let st = lstatSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(p);
        } catch {
          problems.push({ path: p, message: `${p} is a broken symbolic link` });
          continue;
        }
        if (!inside(real, target)) {
          problems.push({ path: p, message: `${p} links outside ${dir}; not read` });
          continue;
        }
        st = statSync(target);
      }
      if (st.isDirectory()) {
        if (name.startsWith('.') || name === 'node_modules') continue;
        visit(p, depth + 1);
      } else if (st.isFile() && accept(name)) out.push({ path: p });
    }
  };
  visit(dir, 0);
  return out;
}

export const isRegoFile = (name: string): boolean => name.endsWith('.rego');
export const isRegoTestFile = (name: string): boolean => name.endsWith('_test.rego');
export const isDataFile = (name: string): boolean => /\.(json|ya?ml)$/i.test(name);
