import { readFile, realpath } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Esbuild from 'esbuild';
import { isInsideDir, type PolicyFile } from './discover.js';
import type { WireSourceMap } from './protocol.js';

/*
 * TypeScript at run time: each policy module is bundled with esbuild's `build` API into one
 * in-memory ES module (types stripped, never checked: that is the editor's job).
 *
 * Why esbuild's build (and not tsx's tsImport or Node's module.register hooks):
 * - one well-kept library, already in the tree (tsx is built on it), fast enough to compile every
 *   policy on every run (a few ms a file), with no cache and no temporary files;
 * - its errors are structured (file, line, column, line text): syntax errors and unresolvable
 *   imports become findings at the exact place, before any user code runs;
 * - the resolver is pluggable without loader hooks (still "release candidate" in Node 20 and run
 *   on an extra thread per worker): `syncgate` maps to the running copy of the public API, Node
 *   built-ins stay external, every other import must resolve (through symbolic links) to a file
 *   inside the policy directory. So a policy in a repository without node_modules imports
 *   `syncgate`, and nothing outside the directory is read or executed when policies load.
 * The worker imports the bundle from a data: URL and maps stack frames back through its source map.
 */

export interface CompiledModule {
  file: PolicyFile;
  /** The bundled ES module (imports only the API module and Node built-ins). */
  code: string;
  /** Source map with absolute real paths as `sources`. */
  sourceMap: WireSourceMap;
  /** Characters inserted at the start of line 1 of a source (by real path); see `importMetaPrefix`. */
  lineOnePrefix: Record<string, number>;
  /** Text of the entry file (to point at a rule id in messages). */
  entryText: string;
}

export interface CompileProblem {
  /** Real path of the file the problem is in (the entry, or a file it imports). */
  file: string;
  line: number;
  column: number;
  message: string;
}

export type CompileResult = { ok: true; module: CompiledModule } | { ok: false; problems: CompileProblem[] };

type EsbuildModule = typeof Esbuild;
let esbuildModule: Promise<EsbuildModule> | undefined;

/**
 * esbuild is imported on first use: runs without user policies never load it. The specifier is a
 * variable so that bundling the CLI leaves esbuild as a runtime dependency (its JavaScript API
 * starts a native binary and cannot be bundled).
 */
function loadEsbuild(): Promise<EsbuildModule> {
  const specifier = 'esbuild';
  esbuildModule ??= import(specifier) as Promise<EsbuildModule>;
  return esbuildModule;
}

/** `import.meta.url` (and Node's `filename`, `dirname`) of each file, not of the bundle. */
const META = { url: '__syncgate_import_meta_url', filename: '__syncgate_import_meta_filename', dirname: '__syncgate_import_meta_dirname' } as const;
const VIRTUAL_OUTPUT = '__syncgate_policy_bundle__.mjs';
const MAX_PROBLEMS = 5;

const LOADERS: Readonly<Record<string, Esbuild.Loader>> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.json': 'json',
};

/** Bundles one policy module. `apiUrl` is the module `import ... from 'syncgate'` resolves to. */
export async function compilePolicyFile(file: PolicyFile, apiUrl: string): Promise<CompileResult> {
  const esbuild = await loadEsbuild();
  const root = file.dir.real;
  const lineOnePrefix: Record<string, number> = {};
  let entryText = '';
  try {
    const result = await esbuild.build({
      entryPoints: [file.real],
      absWorkingDir: root,
      outfile: path.join(root, VIRTUAL_OUTPUT),
      write: false,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'external',
      sourcesContent: false,
      legalComments: 'none',
      logLevel: 'silent',
      // Settings of tsconfig.json files in the user's repository do not change how policies run.
      tsconfigRaw: '{}',
      define: { 'import.meta.url': META.url, 'import.meta.filename': META.filename, 'import.meta.dirname': META.dirname },
      plugins: [
        {
          name: 'syncgate-policy-confinement',
          setup(build) {
            build.onResolve({ filter: /.*/ }, async (args) => {
              if (args.kind === 'entry-point' || args.pluginData === INNER_RESOLVE) return undefined;
              if (args.path === 'syncgate') return { path: apiUrl, external: true };
              if (args.path.startsWith('syncgate/')) {
                return { errors: [{ text: `cannot import "${args.path}": policies import the syncgate API from "syncgate" itself` }] };
              }
              if (isBuiltin(args.path)) return { path: args.path, external: true };
              const resolved = await build.resolve(args.path, {
                kind: args.kind,
                importer: args.importer,
                resolveDir: args.resolveDir,
                pluginData: INNER_RESOLVE,
              });
              if (resolved.errors.length > 0 || resolved.path === '') {
                return { errors: [{ text: `cannot import "${args.path}": ${cannotResolve(args.path)}` }] };
              }
              if (resolved.external || resolved.namespace !== 'file') {
                return { errors: [{ text: `cannot import "${args.path}": only files inside the policy directory, "syncgate" and Node.js built-in modules can be imported` }] };
              }
              const real = await realpath(resolved.path).catch(() => resolved.path);
              if (!isInsideDir(root, real)) {
                return {
                  errors: [
                    {
                      text: `cannot import "${args.path}": it resolves to ${real}, outside the policy directory ${root}; policies can import files inside their directory, "syncgate" and Node.js built-in modules`,
                    },
                  ],
                };
              }
              return { path: real, sideEffects: resolved.sideEffects };
            });
            build.onLoad({ filter: /.*/, namespace: 'file' }, async (args) => {
              const real = await realpath(args.path);
              if (!isInsideDir(root, real)) {
                return { errors: [{ text: `${real} is outside the policy directory ${root}; not loaded` }] };
              }
              const loader = LOADERS[path.extname(real).toLowerCase()];
              if (!loader) {
                return { errors: [{ text: `cannot load ${path.basename(real)}: policies can import .ts, .mts, .js, .mjs and .json files` }] };
              }
              const text = await readFile(real, 'utf8');
              if (real === file.real) entryText = text;
              if (loader === 'json' || !text.includes('import.meta')) return { contents: text, loader, resolveDir: path.dirname(real) };
              const prefix = importMetaPrefix(real);
              lineOnePrefix[real] = prefix.length;
              // A hashbang must stay first; turned into a comment of the same length it keeps columns.
              const body = text.startsWith('#!') ? '//' + text.slice(2) : text;
              return { contents: prefix + body, loader, resolveDir: path.dirname(real) };
            });
          },
        },
      ],
    });
    const js = result.outputFiles.find((f) => f.path.endsWith('.mjs'));
    const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
    if (!js || !map) throw new Error(`esbuild returned no bundle for ${file.real}`);
    const sourceMap = JSON.parse(map.text) as WireSourceMap;
    sourceMap.sources = sourceMap.sources.map((s) => path.resolve(root, s));
    if (!entryText) entryText = await readFile(file.real, 'utf8');
    return { ok: true, module: { file, code: js.text, sourceMap, lineOnePrefix, entryText } };
  } catch (error) {
    const messages = (error as { errors?: Esbuild.Message[] }).errors;
    if (!Array.isArray(messages) || messages.length === 0) throw error;
    return { ok: false, problems: messages.slice(0, MAX_PROBLEMS).map((m) => toProblem(m, root, file, lineOnePrefix)) };
  }
}

const INNER_RESOLVE = Symbol('syncgate-inner-resolve');

function cannotResolve(specifier: string): string {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return 'no such file (write the extension, e.g. "./lib.ts", or check the path)';
  return `no such package inside the policy directory; policies can import files inside their directory, "syncgate" and Node.js built-in modules`;
}

/**
 * Declarations that give the file its own `import.meta.url`, `filename` and `dirname` (esbuild's
 * `define` points those at them). They go on line 1 so that no line moves; the host and the
 * worker subtract the prefix from line-1 columns.
 */
function importMetaPrefix(realPath: string): string {
  return (
    `var ${META.url} = ${JSON.stringify(pathToFileURL(realPath).href)}, ` +
    `${META.filename} = ${JSON.stringify(realPath)}, ${META.dirname} = ${JSON.stringify(path.dirname(realPath))};`
  );
}

function toProblem(message: Esbuild.Message, root: string, entry: PolicyFile, prefixes: Record<string, number>): CompileProblem {
  const location = message.location;
  const text = message.text + (message.notes.length > 0 && message.notes[0]!.text ? ` (${message.notes[0]!.text})` : '');
  if (!location) return { file: entry.real, line: 1, column: 1, message: text };
  const file = path.resolve(root, location.file);
  // esbuild columns are 0-based UTF-8 byte offsets into the line.
  let column = Buffer.from(location.lineText, 'utf8').subarray(0, location.column).toString('utf8').length + 1;
  if (location.line === 1 && prefixes[file]) column = Math.max(1, column - prefixes[file]!);
  return { file, line: location.line, column, message: text };
}
