import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where the worker script and the public API module are, for the copy of syncgate that is running. */
export interface RuntimeFiles {
  /** The worker's entry module. */
  worker: URL;
  /** The module `import ... from 'syncgate'` resolves to in user policies. */
  api: URL;
  /**
   * When running from the TypeScript sources (tests, development): tsx's ESM API, which the
   * worker registers before importing worker.ts. Unset when running the compiled build.
   */
  tsxApi?: URL;
}

let cached: RuntimeFiles | undefined;

/**
 * The compiled build keeps `dist/policy/user/worker.js` and `dist/api.js` beside the CLI bundle
 * (`dist/bundle/`), so paths are found from the package root rather than from this module, which
 * may have been bundled into another folder.
 */
export function runtimeFiles(): RuntimeFiles {
  if (cached) return cached;
  const here = fileURLToPath(import.meta.url);
  const root = packageRoot(path.dirname(here));
  const fromSource = /\.[cm]?ts$/.test(here);
  const files: RuntimeFiles = fromSource
    ? {
        worker: pathToFileURL(path.join(root, 'src/policy/user/worker.ts')),
        api: pathToFileURL(path.join(root, 'src/api.ts')),
        tsxApi: tsxEsmApi(),
      }
    : {
        worker: pathToFileURL(path.join(root, 'dist/policy/user/worker.js')),
        api: pathToFileURL(path.join(root, 'dist/api.js')),
      };
  for (const url of [files.worker, files.api]) {
    if (!existsSync(fileURLToPath(url))) throw new Error(`syncgate is incomplete: ${fileURLToPath(url)} is missing (run \`npm run build\`)`);
  }
  cached = files;
  return files;
}

function packageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'syncgate') return dir;
      } catch {
        // not the package manifest: keep looking
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`syncgate: cannot find the package root above ${start}`);
  }
}

function tsxEsmApi(): URL {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(manifestPath), manifest.exports['./esm/api']!.import.default));
}
