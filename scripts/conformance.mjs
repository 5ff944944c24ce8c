#!/usr/bin/env node
// Runs OPA's conformance cases (../shared/corpus/opa-conformance/v1) against the
// built engine (dist/) and prints pass/fail per folder and per group.
// Usage: node scripts/conformance.mjs [folder] [-v]
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(root, '..', 'shared', 'corpus', 'opa-conformance', 'v1');
if (!existsSync(corpus)) {
  console.log(`conformance: skipped (no corpus at ${corpus})`);
  process.exit(0);
}
const { runAll } = await import(join(root, 'dist', 'rego', 'conformance', 'runner.js'));
const args = process.argv.slice(2);
const verbose = args.includes('-v');
const only = args.find((a) => !a.startsWith('-'));
const started = Date.now();
const stats = runAll(corpus, only);
const groups = { language: [0, 0], core: [0, 0], optional: [0, 0] };
const failures = [];
for (const group of ['language', 'core', 'optional']) {
  console.log(`\n== ${group}`);
  for (const s of stats.filter((x) => x.group === group)) {
    groups[group][0] += s.passed;
    groups[group][1] += s.total;
    const mark = s.passed === s.total ? 'ok  ' : 'FAIL';
    console.log(`${mark} ${s.folder.padEnd(40)} ${s.passed}/${s.total}`);
    for (const f of s.failures) {
      failures.push(`${f.note}\t${f.detail.replace(/\s+/g, ' ').slice(0, 400)}`);
      if (verbose) console.log(`     - ${f.note}: ${f.detail.slice(0, 300)}`);
    }
  }
}
if (!only) writeFileSync(join(root, '.conformance-failures.txt'), failures.join('\n') + '\n');
const passed = stats.reduce((a, s) => a + s.passed, 0);
const total = stats.reduce((a, s) => a + s.total, 0);
console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)}s)`);
const g = (k) => `${groups[k][0]}/${groups[k][1]}`;
console.log(`conformance: passed=${passed} total=${total} language=${g('language')} core=${g('core')} optional=${g('optional')}`);
