#!/usr/bin/env node
// Evaluate a Rego query with the built engine, for debugging (like `opa eval`).
// Usage: node scripts/rego-eval.mjs [-i input.json] [-d data.json] [--v0] [--strict] 'data.main.deny' policy.rego...
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const rego = await import(join(root, 'dist', 'rego', 'index.js'));
const args = process.argv.slice(2);
let input;
let data;
let regoVersion = 'auto';
let strict = false;
const rest = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '-i') input = rego.parseJSON(readFileSync(args[++i], 'utf8'));
  else if (a === '-d') data = rego.parseJSON(readFileSync(args[++i], 'utf8'));
  else if (a === '--v0') regoVersion = 'v0';
  else if (a === '--strict') strict = true;
  else rest.push(a);
}
const [query, ...files] = rest;
if (!query) {
  console.error("usage: node scripts/rego-eval.mjs [-i input.json] [-d data.json] [--v0] [--strict] 'x = data.main.deny' policy.rego...");
  process.exit(2);
}
try {
  const policy = rego.compilePolicy(files.map((f) => ({ file: f, source: readFileSync(f, 'utf8') })), { regoVersion, strict });
  const q = /^data(\.|\[|$)/.test(query) && !/[=:]/.test(query) ? `x = ${query}` : query;
  const results = policy.evaluate(q, { input, data, print: (m) => console.error(m) });
  console.log(JSON.stringify(results.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, rego.toJSON(v)]))), null, 2));
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(e instanceof rego.RegoError || e instanceof rego.RegoCompileErrors ? 1 : 2);
}
