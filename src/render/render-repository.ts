import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding, Range, Resource, Rule, SkippedItem } from '../model/index.js';
import { isInside, reportedPath, type DiscoveredFile, type SourceStore } from '../load/index.js';
import { cleanToolMessage, buildKustomization } from './kustomize-build.js';
import { mapWithLimit } from './exec.js';
import { renderFinding, uniqueFindings } from './findings.js';
import { GITOPS_KIND_PATTERN, scanGitOpsObjects, type RefProblem } from './gitops-refs.js';
import { checkChart } from './helm-chart.js';
import { helmTemplate, splitHelmOutput, templatePath } from './helm-template.js';
import { KUSTOMIZATION_NAMES } from './kustomization-file.js';
import { KustomizationCache, walkKustomization, type KustomizeGraph } from './kustomize-graph.js';
import type { PatchHit } from './patch-locate.js';
import { realRootOf } from './path-guard.js';
import { isRecord } from './pointer-translate.js';
import { kustomizeResources, parseRenderedOutput, remoteChartResource, templateResource, type MappingContext } from './rendered-resources.js';
import { requestKey, type GitOpsObject, type HelmRequest, type KustomizeRequest, type RemoteHelmRequest, type RenderRequest, type RootLabel } from './requests.js';
import { RENDER_RULES, RULE_PATH_ESCAPE, RULE_REMOTE_NOT_RENDERED, RULE_RENDER_FAILED, RULE_TOOL_MISSING } from './rules.js';
import { SourceTexts } from './source-texts.js';
import { markBroken, resolveTools, toolEnvironment, type RenderTools } from './tools.js';
import { YamlIndex } from './yaml-index.js';

export interface RenderOptions {
  /** Absolute repository root: nothing outside it is read. */
  root: string;
  kustomizeBin?: string;
  helmBin?: string;
  /** Render remote bases and charts (needs the network). */
  allowNetwork: boolean;
  /** Per render. */
  timeoutMs: number;
  /** Rendered resources' source files are registered here, for code frames. */
  store: SourceStore;
  /** Renders in parallel; default: the number of cores. */
  concurrency?: number;
}

export interface RenderResult {
  /** What the roots render to, positioned in their source files. */
  resources: Resource[];
  findings: Finding[];
  /** Repository-relative files read by a successful render: the loader must not validate them alone. */
  consumedFiles: Set<string>;
  skipped: SkippedItem[];
  rules: Rule[];
  /** Moves findings on fields a Kustomize patch set from the base file to the patch (file and range). */
  pointFindingsAtPatches: (findings: Finding[]) => Finding[];
  /** Milliseconds spent, and how many roots were rendered. */
  stats: { roots: number; rendered: number; milliseconds: number };
}

interface Outcome {
  resources: Resource[];
  findings: Finding[];
  skipped: SkippedItem[];
  consumed: Set<string>;
  /** Set when the root was rendered (so its files are consumed). */
  rendered: boolean;
  missingTool?: 'kustomize' | 'helm';
}

const MAX_ROUNDS = 4;

/**
 * Finds the render roots among the run's files (top-level kustomizations, Helm charts, and
 * what Flux and Argo CD objects point at), renders each with the real tools and returns the
 * rendered resources mapped back to their source lines.
 */
export async function renderRepository(files: DiscoveredFile[], options: RenderOptions): Promise<RenderResult> {
  const started = performance.now();
  const root = path.resolve(options.root);
  const realRoot = realRootOf(root);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'syncgate-render-'));
  const ctx: MappingContext = { root, store: options.store, texts: new SourceTexts(realRoot), kustomizations: new KustomizationCache(realRoot), patchHits: new WeakMap<Range, PatchHit>() };
  const env = toolEnvironment(scratch, options.allowNetwork);
  const inRoot = files.filter((f) => isInside(root, f.absolutePath));
  const resolved = resolveTools({ ...(options.kustomizeBin ? { kustomizeBin: options.kustomizeBin } : {}), ...(options.helmBin ? { helmBin: options.helmBin } : {}) });
  const tools = async () => resolved;
  const graphs = new Map<string, KustomizeGraph>();
  const graphOf = (dir: string) => {
    let g = graphs.get(dir);
    if (!g) {
      g = walkKustomization(dir, root, realRoot, ctx.kustomizations);
      graphs.set(dir, g);
    }
    return g;
  };

  try {
    const initial = discoverRoots(inRoot, root, graphOf, ctx);
    const chartDirs = initial.filter((r): r is HelmRequest => r.type === 'helm').map((r) => r.chartDir);
    const processed = new Map<string, Promise<Outcome>>();
    const outcomes: Outcome[] = [];
    const refProblems: RefProblem[] = [];
    const consumedAbs = new Set<string>();
    const renderOne = (request: RenderRequest): Promise<Outcome> =>
      request.type === 'kustomize'
        ? renderKustomizeRequest(request, graphOf(request.dir), tools, { root, scratch, env, options, ctx })
        : request.type === 'helm'
          ? renderHelmRequest(request, inRoot, tools, { root, realRoot, scratch, env, options, ctx })
          : renderRemoteHelmRequest(request, tools, { root, scratch, env, options, ctx });

    // Plain files that are not build inputs may hold Flux and Argo CD objects naming more roots.
    const allGraphFiles = new Set([...graphs.values()].flatMap((g) => [...g.files]));
    const plainObjects = gitOpsObjectsInFiles(inRoot.filter((f) => !allGraphFiles.has(f.absolutePath) && !chartDirs.some((d) => isInside(d, f.absolutePath))), root, ctx);
    const knownObjects: GitOpsObject[] = [...plainObjects];
    let pending: RenderRequest[] = initial;
    let scanFrom: GitOpsObject[] = plainObjects;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const scan = scanGitOpsObjects(scanFrom, root, realRoot, knownObjects, options.allowNetwork);
      refProblems.push(...scan.problems);
      const fresh = [...pending, ...scan.requests].filter((r) => !processed.has(requestKey(r)));
      const unique = new Map(fresh.map((r) => [requestKey(r), r] as const));
      if (unique.size === 0) break;
      const results = await mapWithLimit([...unique.entries()], options.concurrency ?? os.availableParallelism(), async ([key, request]) => {
        const promise = renderOne(request);
        processed.set(key, promise);
        return promise;
      });
      const newObjects: GitOpsObject[] = [];
      for (const outcome of results) {
        outcomes.push(outcome);
        outcome.consumed.forEach((f) => consumedAbs.add(f));
        for (const r of outcome.resources) if (mayNameRoots(r.object)) newObjects.push({ object: r.object, file: r.source.file, docIndex: r.source.docIndex, locate: r.locate });
      }
      knownObjects.push(...newObjects);
      pending = [];
      scanFrom = newObjects;
    }

    const findings: Finding[] = outcomes.flatMap((o) => o.findings);
    const skipped: SkippedItem[] = outcomes.flatMap((o) => o.skipped);
    for (const problem of refProblems) addRefProblem(problem, findings, skipped);
    findings.push(...missingToolFindings(outcomes, resolved));
    const consumedFiles = new Set([...consumedAbs].filter((f) => isInside(root, f)).map((f) => reportedPath(root, f)));
    for (const file of consumedFiles) skipped.push({ file, kind: 'render-input', reason: 'read by a Kustomize or Helm render; its rendered resources are validated instead' });
    return {
      resources: outcomes.flatMap((o) => o.resources),
      findings: uniqueFindings(findings),
      consumedFiles,
      skipped,
      rules: RENDER_RULES,
      pointFindingsAtPatches: (list) => pointAtPatches(list, ctx),
      stats: { roots: outcomes.length, rendered: outcomes.filter((o) => o.rendered).length, milliseconds: Math.round(performance.now() - started) },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Top-level kustomizations (included by no other in the run; components are never roots) and Helm charts. */
function discoverRoots(files: DiscoveredFile[], root: string, graphOf: (dir: string) => KustomizeGraph, ctx: MappingContext): RenderRequest[] {
  const kustomizationDirs = [...new Set(files.filter((f) => KUSTOMIZATION_NAMES.includes(path.basename(f.absolutePath))).map((f) => path.dirname(f.absolutePath)))].sort();
  const included = new Set<string>();
  for (const dir of kustomizationDirs) graphOf(dir).includedDirs.forEach((d) => included.add(d));
  const requests: RenderRequest[] = [];
  for (const dir of kustomizationDirs) {
    if (included.has(dir)) continue;
    const file = graphOf(dir).kustomizations[0];
    if (!file || ctx.kustomizations.get(file).kind === 'Component') continue;
    requests.push({ type: 'kustomize', dir, label: { file: reportedPath(root, file), line: 1 } });
  }
  const chartDirs = files.filter((f) => path.basename(f.absolutePath) === 'Chart.yaml').map((f) => path.dirname(f.absolutePath));
  for (const dir of chartDirs.sort()) {
    // Subcharts render as part of their parent.
    if (chartDirs.some((parent) => parent !== dir && isInside(path.join(parent, 'charts'), dir))) continue;
    if (!isDirectory(path.join(dir, 'templates'))) continue;
    requests.push({ type: 'helm', chartDir: dir, label: { file: reportedPath(root, path.join(dir, 'Chart.yaml')), line: 1 }, valuesFiles: [], inlineValues: [] });
  }
  return requests;
}

interface RenderEnv {
  root: string;
  scratch: string;
  env: NodeJS.ProcessEnv;
  options: RenderOptions;
  ctx: MappingContext;
}

function emptyOutcome(): Outcome {
  return { resources: [], findings: [], skipped: [], consumed: new Set(), rendered: false };
}

function rootRange(label: RootLabel): Range {
  const line = label.line ?? 1;
  return { startLine: line, startColumn: 1, endLine: line, endColumn: 1 };
}

async function renderKustomizeRequest(request: KustomizeRequest, graph: KustomizeGraph, tools: () => Promise<RenderTools>, e: RenderEnv): Promise<Outcome> {
  const out = emptyOutcome();
  const dirLabel = reportedPath(e.root, request.dir);
  for (const escape of graph.escapes) {
    const k = e.ctx.kustomizations.get(escape.kustomization);
    const file = reportedPath(e.root, escape.kustomization);
    out.findings.push(
      renderFinding(RULE_PATH_ESCAPE, file, k.index.locate(0, escape.entry.pointer)?.range, `${escape.reason}: syncgate does not read files outside the repository, so ${dirLabel} was not rendered`, `${escape.entry.pointer}|${escape.entry.value}`),
    );
  }
  if (graph.escapes.length > 0) return out;
  if (graph.remotes.length > 0 && !e.options.allowNetwork) {
    for (const remote of graph.remotes) {
      const k = e.ctx.kustomizations.get(remote.kustomization);
      out.findings.push(
        renderFinding(RULE_REMOTE_NOT_RENDERED, reportedPath(e.root, remote.kustomization), k.index.locate(0, remote.entry.pointer)?.range, `remote ${remote.entry.role} ${remote.entry.value} needs the network: ${dirLabel} was not rendered (pass --allow-network to render it)`, remote.entry.value),
      );
    }
    out.skipped.push({ file: request.label.file, kind: 'not-rendered', reason: `uses remote bases (${graph.remotes.map((r) => r.entry.value).join(', ')}); pass --allow-network to render it` });
    return out;
  }
  const t = await tools();
  if (!t.kustomize) {
    out.missingTool = 'kustomize';
    out.skipped.push({ file: request.label.file, kind: 'not-rendered', reason: `not rendered: ${t.problems.kustomize ?? 'kustomize is not available'}` });
    return out;
  }
  const build = await buildKustomization(t.kustomize, request.dir, e.scratch, e.env, e.options.timeoutMs, request.overlay);
  if (build.run.notRunnable) {
    markBroken(t, 'kustomize', build.run.failure ?? 'kustomize cannot run');
    return renderKustomizeRequest(request, graph, tools, e);
  }
  if (!build.run.ok) {
    const message = cleanToolMessage(build.run.failure ?? 'failed', e.root, e.scratch, build.originBase);
    out.findings.push(renderFinding(RULE_RENDER_FAILED, request.label.file, rootRange(request.label), `kustomize build ${dirLabel} failed: ${message}`, `kustomize|${dirLabel}`));
    return out;
  }
  const output = request.substitute ? substituteVariables(build.run.stdout, request.substitute) : build.run.stdout;
  const parsed = parseRenderedOutput(output, `${dirLabel} (rendered)`);
  const rootKustomization = graph.kustomizations[0] ?? path.join(request.dir, 'kustomization.yaml');
  out.resources = kustomizeResources(parsed.objects, build.originBase, rootKustomization, request.label, e.ctx);
  graph.files.forEach((f) => out.consumed.add(f));
  out.rendered = true;
  return out;
}

async function renderHelmRequest(request: HelmRequest, files: DiscoveredFile[], tools: () => Promise<RenderTools>, e: RenderEnv & { realRoot: string }): Promise<Outcome> {
  const out = emptyOutcome();
  const chartLabel = reportedPath(e.root, request.chartDir);
  const chartFile = reportedPath(e.root, path.join(request.chartDir, 'Chart.yaml'));
  const check = checkChart(request.chartDir, e.root, e.realRoot);
  for (const escape of check.escapes) {
    out.findings.push(renderFinding(RULE_PATH_ESCAPE, reportedPath(e.root, escape.file), undefined, `${escape.reason}: syncgate does not read files outside the repository, so the chart ${chartLabel} was not rendered`, escape.reason));
  }
  if (check.escapes.length > 0) return out;
  if (check.remotes.length > 0 && !e.options.allowNetwork) {
    const index = e.ctx.texts.file(path.join(request.chartDir, 'Chart.yaml'));
    out.findings.push(renderFinding(RULE_REMOTE_NOT_RENDERED, chartFile, index?.locate(0, '/dependencies')?.range, `chart ${chartLabel} needs dependencies that are not vendored in charts/: ${check.remotes.join(', ')}; it was not rendered (run helm dependency build, or pass --allow-network)`, check.remotes.join(',')));
    return out;
  }
  const t = await tools();
  if (!t.helm) {
    out.missingTool = 'helm';
    out.skipped.push({ file: request.label.file, kind: 'not-rendered', reason: `not rendered: ${t.problems.helm ?? 'helm is not available'}` });
    return out;
  }
  const run = await helmTemplate(t.helm, { ...request, chart: request.chartDir }, e.scratch, e.env, e.options.timeoutMs);
  if (run.notRunnable) {
    markBroken(t, 'helm', run.failure ?? 'helm cannot run');
    return renderHelmRequest(request, files, tools, e);
  }
  if (!run.ok) {
    const message = cleanToolMessage(run.failure ?? 'failed', e.root, e.scratch);
    out.findings.push(renderFinding(RULE_RENDER_FAILED, request.label.file, rootRange(request.label), `helm template ${chartLabel} failed: ${message}`, `helm|${chartLabel}|${request.releaseName ?? ''}`));
    return out;
  }
  const occurrences = new Map<string, number>();
  for (const chunk of splitHelmOutput(run.stdout)) {
    const template = chunk.source ? templatePath(request.chartDir, chunk.source) : undefined;
    const sourceAbs = template && isFile(template) ? template : path.join(request.chartDir, 'Chart.yaml');
    for (const object of parseRenderedOutput(chunk.text, `${chartLabel} (rendered)`).objects) {
      const key = `${sourceAbs}\0${String(object['kind'])}`;
      const n = occurrences.get(key) ?? 0;
      occurrences.set(key, n + 1);
      out.resources.push(templateResource(object, sourceAbs, n, request.label, e.ctx));
    }
  }
  for (const f of files) if (isInside(request.chartDir, f.absolutePath)) out.consumed.add(f.absolutePath);
  request.valuesFiles.forEach((f) => out.consumed.add(f));
  out.rendered = true;
  return out;
}

/**
 * Flux `postBuild.substitute`: `${VAR}`, `${VAR:=default}` and `${VAR:-default}` with the given
 * values; variables without a value or default are left as they are (as Flux does not know them either).
 */
export function substituteVariables(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[=-]([^}]*))?\}/g, (match, name: string, fallback: string | undefined) => {
    if (Object.prototype.hasOwnProperty.call(vars, name)) return vars[name]!;
    return fallback !== undefined ? fallback : match;
  });
}

async function renderRemoteHelmRequest(request: RemoteHelmRequest, tools: () => Promise<RenderTools>, e: RenderEnv): Promise<Outcome> {
  const out = emptyOutcome();
  const what = `${request.repo ? `${request.repo} ` : ''}${request.chart}${request.version ? ` ${request.version}` : ''}`;
  const t = await tools();
  if (!t.helm) {
    out.missingTool = 'helm';
    out.skipped.push({ file: request.label.file, kind: 'not-rendered', reason: `not rendered: ${t.problems.helm ?? 'helm is not available'}` });
    return out;
  }
  const run = await helmTemplate(t.helm, request, e.scratch, e.env, e.options.timeoutMs);
  if (run.notRunnable) {
    markBroken(t, 'helm', run.failure ?? 'helm cannot run');
    return renderRemoteHelmRequest(request, tools, e);
  }
  if (!run.ok) {
    const message = cleanToolMessage(run.failure ?? 'failed', e.root, e.scratch);
    out.findings.push(renderFinding(RULE_RENDER_FAILED, request.label.file, rootRange(request.label), `helm template ${what} failed: ${message}`, `helm|${what}|${request.releaseName ?? ''}`));
    return out;
  }
  for (const object of parseRenderedOutput(run.stdout, `${what} (rendered)`).objects) {
    out.resources.push(remoteChartResource(object, request.at, request.chartPointer, request.label, e.ctx));
  }
  out.rendered = true;
  return out;
}

function addRefProblem(problem: RefProblem, findings: Finding[], skipped: SkippedItem[]): void {
  const range = problem.at.locate(problem.pointer);
  if (problem.kind === 'escape') findings.push(renderFinding(RULE_PATH_ESCAPE, problem.at.file, range, `${problem.detail}: syncgate does not read files outside the repository`, `${problem.pointer}|${problem.detail}`));
  else if (problem.kind === 'remote') findings.push(renderFinding(RULE_REMOTE_NOT_RENDERED, problem.at.file, range, `${problem.detail} needs the network; not rendered (pass --allow-network to render it)`, `${problem.pointer}|${problem.detail}`));
  else skipped.push({ file: problem.at.file, kind: 'not-rendered', reason: problem.detail });
}

/** One finding per missing tool, naming every root it left unrendered. */
function missingToolFindings(outcomes: Outcome[], tools: RenderTools): Finding[] {
  const findings: Finding[] = [];
  for (const tool of ['kustomize', 'helm'] as const) {
    const roots = outcomes.filter((o) => o.missingTool === tool).map((o) => o.skipped[0]?.file ?? '?');
    if (roots.length === 0) continue;
    const unique = [...new Set(roots)];
    const shown = unique.slice(0, 20).join(', ') + (unique.length > 20 ? `, and ${unique.length - 20} more` : '');
    const why = tools.problems[tool] ?? `${tool} is not available`;
    findings.push(renderFinding(RULE_TOOL_MISSING, unique[0]!, undefined, `${why}; ${unique.length} root${unique.length === 1 ? ' was' : 's were'} not rendered (${shown}); their plain resource files are validated instead`, tool));
  }
  return findings;
}

function pointAtPatches(findings: Finding[], ctx: MappingContext): Finding[] {
  return findings.map((f) => {
    const hit = ctx.patchHits.get(f.range);
    if (!hit) return f;
    const file = reportedPath(ctx.root, hit.absolutePath);
    ctx.store.register(file, hit.absolutePath);
    return { ...f, file, range: hit.range };
  });
}

/** Flux and Argo CD objects (and the sources and ConfigMaps they name) in plain files. */
function gitOpsObjectsInFiles(files: DiscoveredFile[], root: string, ctx: MappingContext): GitOpsObject[] {
  const objects: GitOpsObject[] = [];
  for (const f of files) {
    if (!/\.ya?ml$/i.test(f.absolutePath)) continue;
    let text: string;
    try {
      if (statSync(f.absolutePath).size > 16 * 1024 * 1024) continue;
      text = readFileSync(f.absolutePath, 'utf8');
    } catch {
      continue;
    }
    if (!GITOPS_KIND_PATTERN.test(text)) continue;
    const index = new YamlIndex(text);
    const file = reportedPath(root, f.absolutePath);
    index.docs.forEach((_, docIndex) => {
      const value = index.value(docIndex);
      if (!isRecord(value) || !mayNameRoots(value)) return;
      ctx.store.register(file, f.absolutePath);
      objects.push({ object: value, file, docIndex, locate: (pointer) => index.locate(docIndex, pointer)?.range ?? { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } });
    });
  }
  return objects;
}

function mayNameRoots(object: Record<string, unknown>): boolean {
  const kind = object['kind'];
  return kind === 'Kustomization' || kind === 'HelmRelease' || kind === 'Application' || kind === 'HelmRepository' || kind === 'OCIRepository' || kind === 'ConfigMap' || kind === 'Secret';
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
