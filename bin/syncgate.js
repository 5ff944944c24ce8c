#!/usr/bin/env node
// Entry point: runs the bundled CLI (or the compiled modules); npm ci builds both through `prepare`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const candidates = [new URL('../dist/bundle/syncgate.mjs', import.meta.url), new URL('../dist/cli/main.js', import.meta.url)];
const entry = candidates.find((url) => existsSync(fileURLToPath(url)));
if (!entry) {
  process.stderr.write('syncgate: the compiled CLI is missing; run `npm run build` (npm ci does it for you).\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
