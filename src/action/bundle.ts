/**
 * Builds the GitHub Action's single-file bundle (`npm run build:action`). The bundle is checked
 * in, because the runner downloads the action repository and starts `runs.main` with node: no
 * npm install happens there.
 *
 * It sits two folders below the repository root, like src/<module>/ and dist/<module>/, so the
 * engine's `new URL('../../schemas/', import.meta.url)` and `../../package.json` lookups resolve
 * to the repository root from the bundle too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ACTION_BUNDLE = 'dist-action/action/index.js';

/** Modules the engine requires lazily through createRequire(import.meta.url) (to keep start-up fast). */
const LAZY_REQUIRES = ['ajv'];

/**
 * `createRequire(import.meta.url)('ajv')` would look for node_modules next to the bundle, which
 * the runner does not have. For files in src/, `node:module` is replaced by a module whose
 * createRequire answers those names from the bundle and everything else as node would.
 */
const bundledLazyRequires: Plugin = {
  name: 'bundled-lazy-requires',
  setup(b) {
    b.onResolve({ filter: /^node:module$/ }, (args) => {
      if (args.namespace === 'lazy-require' || !args.importer.includes(`${path.sep}src${path.sep}`)) return undefined;
      return { path: 'node:module', namespace: 'lazy-require' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-require' }, () => ({
      resolveDir: PROJECT_ROOT,
      loader: 'js',
      contents: [
        `import { createRequire as nodeCreateRequire } from 'node:module';`,
        `export * from 'node:module';`,
        `const bundled = { ${LAZY_REQUIRES.map((m) => `${JSON.stringify(m)}: () => require(${JSON.stringify(m)})`).join(', ')} };`,
        `export function createRequire(from) {`,
        `  const real = nodeCreateRequire(from);`,
        `  return (id) => (Object.prototype.hasOwnProperty.call(bundled, id) ? bundled[id]() : real(id));`,
        `}`,
      ].join('\n'),
    }));
  },
};

/** The bundle's text, built from the working tree. Deterministic: the same sources give the same bytes. */
export async function buildActionBundle(): Promise<string> {
  const result = await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: ['src/action/main.ts'],
    outfile: ACTION_BUNDLE,
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    charset: 'utf8',
    legalComments: 'eof',
    logLevel: 'silent',
    // Paths in the bundle's comments stay node_modules/..., even where node_modules is a symlink.
    preserveSymlinks: true,
    // CommonJS dependencies call require() for node built-ins; an ES module has no require of its own.
    banner: { js: `import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);` },
    plugins: [bundledLazyRequires],
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output');
  return file.text;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const text = await buildActionBundle();
  const out = path.join(PROJECT_ROOT, ACTION_BUNDLE);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, text);
  process.stdout.write(`wrote ${ACTION_BUNDLE} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB)\n`);
}
