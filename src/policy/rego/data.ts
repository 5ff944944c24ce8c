import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isDataFile, walkFiles, type WalkProblem } from './discover.js';

/**
 * `--data` files as conftest (OPA's loader) reads them: `.json`, `.yaml` and `.yml`
 * only; each file's top-level object is merged at the root of `data`, and a file
 * found in a subdirectory of a directory given lands under that subdirectory's
 * path (`dir/teams/x.yaml` -> `data.teams`).
 */
export interface DataProblem {
  /** file the problem is about */
  file: string;
  line?: number;
  message: string;
}

type Doc = Record<string, unknown>;

const MAX_DATA_FILE_BYTES = 16 * 1024 * 1024;

function emptyDoc(): Doc {
  return Object.create(null) as Doc;
}

function isDoc(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Copy into null-prototype objects so keys such as `__proto__` stay plain data. */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (!isDoc(v)) return v;
  const out = emptyDoc();
  for (const [k, x] of Object.entries(v)) out[k] = plain(x);
  return out;
}

/** Deep-merge `src` into `dst`; a key holding two different non-objects is a conflict. */
function merge(dst: Doc, src: Doc, where: string, conflicts: string[]): void {
  for (const [k, v] of Object.entries(src)) {
    const cur = dst[k];
    if (cur === undefined) dst[k] = v;
    else if (isDoc(cur) && isDoc(v)) merge(cur, v, `${where}.${k}`, conflicts);
    else conflicts.push(`${where}.${k}`);
  }
}

function readDataFile(file: string): unknown {
  const size = statSync(file).size;
  if (size > MAX_DATA_FILE_BYTES) throw new Error(`larger than ${MAX_DATA_FILE_BYTES} bytes`);
  const text = readFileSync(file, 'utf8');
  if (/\.json$/i.test(file)) return JSON.parse(text);
  return parseYaml(text, { maxAliasCount: 1000, uniqueKeys: false });
}

export function loadDataFiles(paths: readonly string[]): { data: Doc; files: string[]; problems: DataProblem[] } {
  const data = emptyDoc();
  const files: string[] = [];
  const problems: DataProblem[] = [];
  for (const given of paths) {
    const walkProblems: WalkProblem[] = [];
    const found = walkFiles(given, isDataFile, walkProblems);
    for (const p of walkProblems) problems.push({ file: p.path, message: p.message });
    for (const { path: file } of found) {
      files.push(file);
      let value: unknown;
      try {
        value = plain(readDataFile(file));
      } catch (e) {
        const m = /line (\d+)/.exec((e as Error).message);
        problems.push({ file, ...(m ? { line: Number(m[1]) } : {}), message: `cannot read data file ${file}: ${(e as Error).message}` });
        continue;
      }
      if (value === null || value === undefined) continue;
      if (!isDoc(value)) {
        problems.push({ file, message: `data file ${file} must hold an object at the top level (its keys become data.<key>)` });
        continue;
      }
      // Subdirectories of a directory given become path prefixes, as OPA's loader does.
      const rel = path.relative(given, path.dirname(file));
      const prefix = rel && !rel.startsWith('..') ? rel.split(path.sep).filter(Boolean) : [];
      let doc: Doc = value;
      for (const seg of [...prefix].reverse()) {
        const wrap = emptyDoc();
        wrap[seg] = doc;
        doc = wrap;
      }
      const conflicts: string[] = [];
      merge(data, doc, 'data', conflicts);
      for (const c of conflicts) problems.push({ file, message: `data file ${file} redefines ${c}, already set by an earlier data file; the earlier value is kept` });
    }
  }
  return { data, files, problems };
}
