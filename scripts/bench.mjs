#!/usr/bin/env node
// npm run bench: builds a synthetic repository of realistic manifests and measures syncgate on it.
// Each case runs in a fresh child process (scripts/bench-case.mjs) so peak memory is per case.
// Prints one line per case: `bench: case=NAME resources=N files=F seconds=S rps=R parse_ratio=X.XX peak_mb=M`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus/gitops/microservices-demo/kubernetes-manifests');
const FALLBACK = path.join(ROOT, 'examples/gitops/apps/base/web');
const TARGET_RESOURCES = Number(process.env.BENCH_RESOURCES ?? 10000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const OUT = path.join(ROOT, '.bench/repo');

function templates() {
  const dir = existsSync(CORPUS) ? CORPUS : FALLBACK;
  if (dir === FALLBACK) console.log(`bench: ../shared is absent; replicating ${path.relative(ROOT, FALLBACK)} instead of the microservices-demo corpus`);
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml')
    .map((f) => ({ name: f, text: readFileSync(path.join(dir, f), 'utf8') }));
}

/** Replicates the templates into namespaces copy-0..copy-N, so every object is distinct. */
function buildRepository() {
  rmSync(OUT, { recursive: true, force: true });
  const files = templates();
  const perCopy = files.reduce((n, f) => n + (f.text.match(/^kind:/gm) ?? []).length, 0);
  const copies = Math.ceil(TARGET_RESOURCES / perCopy);
  for (let i = 0; i < copies; i++) {
    const dir = path.join(OUT, `team-${String(i).padStart(4, '0')}`);
    mkdirSync(dir, { recursive: true });
    for (const f of files) {
      const text = f.text.replace(/^metadata:\n/gm, `metadata:\n  namespace: team-${i}\n`).replace(/^(\s+)namespace: (?!team-).*\n/gm, '');
      writeFileSync(path.join(dir, f.name), text);
    }
  }
  return { copies, perCopy };
}

function runCase(name, extraArgs = []) {
  const results = [];
  for (let r = 0; r < REPEATS; r++) {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts/bench-case.mjs'), name, OUT, ...extraArgs], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    results.push(JSON.parse(out.trim().split('\n').pop()));
  }
  // The median run by time, so one slow outlier on a shared machine does not decide the figure.
  results.sort((a, b) => a.seconds - b.seconds);
  return results[Math.floor(results.length / 2)];
}

function line(name, m, parseSeconds) {
  const rps = m.resources / m.seconds;
  return `bench: case=${name} resources=${m.resources} files=${m.files} seconds=${m.seconds.toFixed(3)} rps=${Math.round(rps)} parse_ratio=${(m.seconds / parseSeconds).toFixed(2)} peak_mb=${Math.round(m.peakMb)}`;
}

const { copies, perCopy } = buildRepository();
console.log(`bench: built ${path.relative(ROOT, OUT)} with ${copies} copies of ${perCopy} resources (median of ${REPEATS} runs per case)`);
const parse = runCase('parse');
console.log(line('parse', parse, parse.seconds));
const schema = runCase('schema');
console.log(line('schema', schema, parse.seconds));
const rego = runCase('rego');
console.log(line('rego', rego, parse.seconds));
console.log(
  `bench: rego: ${rego.policyFiles} policy files; evaluation alone ${rego.evalOnlyRps} resources/s; Rego stage ${(rego.timings.policies / 1000).toFixed(3)} s vs schema stage ${(schema.timings.schema / 1000).toFixed(3)} s (ratio ${(rego.timings.policies / schema.timings.schema).toFixed(2)}); ${rego.findings} findings`,
);
const library = runCase('library');
console.log(line('library', library, parse.seconds));
console.log(`bench: library/schema ratio ${(library.seconds / schema.seconds).toFixed(2)} (all built-in rules vs schema validation alone; ${library.findings} findings)`);

// Rendering: what the renderers cost on a real repository with Kustomize overlays and a Helm chart.
const DEMO = path.resolve(ROOT, '../shared/corpus/gitops/microservices-demo');
if (existsSync(DEMO)) {
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/unpack-render-tools.mjs')], { stdio: 'pipe' });
    const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts/bench-case.mjs'), 'render', DEMO], { encoding: 'utf8' });
    const m = JSON.parse(out.trim().split('\n').pop());
    const share = m.timings.render / 1000 / m.seconds;
    console.log(`bench: case=render resources=${m.resources} files=${m.files} seconds=${m.seconds.toFixed(3)} rps=${Math.round(m.resources / m.seconds)} parse_ratio=n/a peak_mb=${Math.round(m.peakMb)} render_share=${share.toFixed(2)}`);
  } catch (err) {
    console.log(`bench: render case skipped: ${String(err.message ?? err).split('\n')[0]}`);
  }
} else {
  console.log('bench: render case skipped: ../shared/corpus/gitops/microservices-demo is absent');
}

// A one-file check, end to end through the CLI as a user runs it (process start included).
const oneFile = path.join(ROOT, 'examples/gitops/apps/base/web/deployment.yaml');
const startupRuns = [];
for (let r = 0; r < 5; r++) {
  const t = process.hrtime.bigint();
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'bin/syncgate.js'), 'check', oneFile, '--format', 'json'], { stdio: 'pipe' });
  } catch (err) {
    if (err.status !== 1) throw err;
  }
  startupRuns.push(Number(process.hrtime.bigint() - t) / 1e9);
}
startupRuns.sort((a, b) => a - b);
console.log(`bench: case=one-file resources=1 files=1 seconds=${startupRuns[2].toFixed(3)} rps=${Math.round(1 / startupRuns[2])} parse_ratio=n/a peak_mb=n/a`);
