#!/usr/bin/env node
// One benchmark case in its own process: prints {resources, files, seconds, peakMb} as JSON.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const [, , name, dir] = process.argv;

function listFiles(d) {
  const out = [];
  for (const entry of readdirSync(d).sort()) {
    const p = path.join(d, entry);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (/\.(ya?ml|json)$/.test(entry)) out.push(p);
  }
  return out;
}

async function measure() {
  const start = performance.now();
  if (name === 'parse') {
    // The reference: read and parse the same files with the `yaml` package, nothing else.
    const files = listFiles(dir);
    let resources = 0;
    for (const f of files) {
      for (const doc of parseAllDocuments(readFileSync(f, 'utf8'))) {
        const v = doc.toJS();
        if (v && typeof v === 'object' && v.kind) resources++;
      }
    }
    return { resources, files: files.length, seconds: (performance.now() - start) / 1000 };
  }
  const { run, defaultRunOptions } = await import('../dist/engine/index.js');
  const { FORMATTERS } = await import('../dist/report/index.js');
  // schema: what kubeconform does (no policies); library: every built-in rule (the strict preset);
  // rego: schema plus 20 conftest-style Rego policies of realistic size (test/fixtures/bench-policies).
  // render: the real tools render every Kustomize/Helm root first (microservices-demo corpus), recommended preset.
  const preset = name === 'library' ? 'strict' : name === 'recommended' || name === 'render' ? 'recommended' : 'none';
  const policyDirs = name === 'rego' ? [fileURLToPath(new URL('../test/fixtures/bench-policies', import.meta.url))] : [];
  const tools = fileURLToPath(new URL('../.tools/bin/', import.meta.url));
  const render = name === 'render' ? { render: true, kustomizeBin: `${tools}kubectl`, helmBin: `${tools}helm` } : { render: false };
  const options = defaultRunOptions({ root: dir, inputs: [dir], preset, policyDirs, ...render });
  const result = await run(options);
  // Include producing the report, as a user's run does.
  FORMATTERS.json(result.report, { readSource: (f) => result.store.read(f), color: false, verbose: false });
  const measured = { resources: result.report.resourceCount, files: result.report.fileCount, seconds: (performance.now() - start) / 1000, findings: result.report.findings.length, timings: result.report.timings };
  if (name === 'rego') {
    // Rego evaluation alone (every deny/warn rule of the 20 policies per resource, no findings built).
    const { benchRego } = await import('../dist/policy/rego/index.js');
    const r = await benchRego(result.resources, { root: dir, policyDirs });
    measured.evalOnlyRps = r.evalOnlyPerSecond;
    measured.policyFiles = r.policyFiles;
  }
  return measured;
}

const m = await measure();
m.peakMb = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify(m));
