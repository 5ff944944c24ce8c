import { readFileSync, statSync } from 'node:fs';
import { compilePolicy, parseModule, RegoCompileErrors, RegoError, type CompiledPolicy, type CompileOptions } from '../../rego/index.js';

type Module = ReturnType<typeof parseModule>;

/** A problem with one policy file: parse or compile error, with where it is. */
export interface PolicyFileProblem {
  file: string;
  line: number;
  col: number;
  code: string;
  message: string;
}

const MAX_POLICY_FILE_BYTES = 4 * 1024 * 1024;

function problemOf(e: unknown, file: string): PolicyFileProblem[] {
  const errs = e instanceof RegoCompileErrors ? e.errors : e instanceof RegoError ? [e] : [];
  if (errs.length === 0) return [{ file, line: 1, col: 1, code: 'rego_compile_error', message: e instanceof Error ? e.message : String(e) }];
  return errs.map((x) => ({ file: x.location?.file || file, line: x.location?.line ?? 1, col: x.location?.col ?? 1, code: x.code, message: x.detail }));
}

/**
 * Parse every file on its own, then compile the rest together; a file with an error
 * is left out (with its errors reported) and the others are compiled again, so one
 * broken policy does not stop the others. Files that depend on a dropped file fail
 * in the next round and are reported too.
 */
export function compileIsolated(files: readonly string[], options: CompileOptions & { customFunctions?: Record<string, number> }, transform?: (m: Module) => Module): {
  policy?: CompiledPolicy;
  modules: Module[];
  problems: PolicyFileProblem[];
} {
  const problems: PolicyFileProblem[] = [];
  let sources: { file: string; source: string }[] = [];
  for (const file of files) {
    try {
      if (statSync(file).size > MAX_POLICY_FILE_BYTES) throw new Error(`policy file larger than ${MAX_POLICY_FILE_BYTES} bytes`);
      const source = readFileSync(file, 'utf8');
      parseModule(source, file, options);
      sources.push({ file, source });
    } catch (e) {
      problems.push(...problemOf(e, file));
    }
  }
  // The compiler annotates the modules it is given, so every round parses afresh.
  const parse = (): Module[] => sources.map(({ file, source }) => {
    const m = parseModule(source, file, options);
    return transform ? transform(m) : m;
  });
  let modules: Module[] = [];
  for (let round = 0; sources.length > 0 && round <= files.length; round++) {
    modules = parse();
    try {
      return { policy: compilePolicy(modules, options), modules, problems };
    } catch (e) {
      const found = problemOf(e, '');
      const bad = new Set(found.map((p) => p.file));
      const known = modules.filter((m) => bad.has(m.file));
      // An error we cannot tie to a file: report it against every remaining file and stop.
      const dropped = known.length > 0 ? known : modules;
      for (const p of found) problems.push(p.file ? p : { ...p, file: dropped[0]!.file });
      const droppedFiles = new Set(dropped.map((m) => m.file));
      sources = sources.filter((m) => !droppedFiles.has(m.file));
      modules = [];
    }
  }
  return { modules, problems };
}
