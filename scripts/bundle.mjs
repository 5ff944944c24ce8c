#!/usr/bin/env node
// Bundles the compiled CLI into one ES module. Node spends most of a one-file check resolving and
// compiling ~200 small modules; one bundle starts in about half the time. The bundle sits one folder
// below dist/ like every compiled module, so paths resolved from import.meta.url (schemas/, package.json)
// stay valid.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [path.join(root, 'dist/cli/main.js')],
  outfile: path.join(root, 'dist/bundle/syncgate.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // CommonJS dependencies (yaml, ajv) call require(); give the ES module bundle one.
  banner: { js: "import { createRequire as __syncgateCreateRequire } from 'node:module'; const require = __syncgateCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});
