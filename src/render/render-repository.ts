import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding, Range, Resource, Rule, SkippedItem } from '../model/index.js';
import { isInside, reportedPath, type DiscoveredFile, type SourceStore } from '../load/index.js';
import { discoverRoots, gitOpsObjectsInFiles, mayNameRoots } from './discover-roots.js';
import { mapWithLimit } from './exec.js';
import { renderFinding, uniqueFindings } from './findings.js';
import { scanGitOpsObjects, type RefProblem } from './gitops-refs.js';
import { KustomizationCache, walkKustomization, type KustomizeGraph } from './kustomize-graph.js';
import type { Outcome, RenderEnv } from './outcome.js';
import type { PatchHit } from './patch-locate.js';
import { realRootOf } from './path-guard.js';
import { renderHelmRequest, renderRemoteHelmRequest } from './render-helm.js';
import { renderKustomizeRequest } from './render-kustomize.js';
import type { MappingContext } from './rendered-resources.js';
import { requestKey, type GitOpsObject, type HelmRequest, type RenderRequest } from './requests.js';
import { RENDER_RULES, RULE_PATH_ESCAPE, RULE_REMOTE_NOT_RENDERED, RULE_RENDER_FAILED, RULE_TOOL_MISSING } from './rules.js';
import { SourceTexts } from './source-texts.js';
import { resolveTools, toolEnvironment, type RenderTools } from './tools.js';

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
  /**
   * How to render the chart in this directory when it is found as a root (the Argo CD plugin step
   * gives the application's release name, namespace and values files); other charts use defaults.
   */
  chartRelease?: ChartRelease;
}

export interface ChartRelease {
  chartDir: string;
  releaseName?: string;
  namespace?: string;
  /** Absolute values files, inside the repository. */
  valuesFiles: string[];
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
  const tools = resolveTools({ ...(options.kustomizeBin ? { kustomizeBin: options.kustomizeBin } : {}), ...(options.helmBin ? { helmBin: options.helmBin } : {}) });
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
    const initial = discoverRoots(inRoot, root, graphOf, ctx).map((r) => (r.type === 'helm' && options.chartRelease && path.resolve(options.chartRelease.chartDir) === r.chartDir ? withRelease(r, options.chartRelease) : r));
    const chartDirs = initial.filter((r): r is HelmRequest => r.type === 'helm').map((r) => r.chartDir);
    const processed = new Map<string, Promise<Outcome>>();
    const outcomes: Outcome[] = [];
    const requestOf = new Map<Outcome, RenderRequest>();
    const refProblems: RefProblem[] = [];
    const consumedAbs = new Set<string>();
    const renderEnv: RenderEnv = { root, realRoot, scratch, env, allowNetwork: options.allowNetwork, timeoutMs: options.timeoutMs, ctx };
    const renderOne = (request: RenderRequest): Promise<Outcome> =>
      request.type === 'kustomize'
        ? renderKustomizeRequest(request, [request.dir, ...(request.components ?? [])].map(graphOf), tools, renderEnv)
        : request.type === 'helm'
          ? renderHelmRequest(request, inRoot, tools, renderEnv)
          : renderRemoteHelmRequest(request, tools, renderEnv);

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
      // The first request for a render names its root (a discovered kustomization before a Flux
      // object naming it); the reconciler that builds it still decides how (Flux: no helmCharts).
      const unique = new Map<string, RenderRequest>();
      for (const r of fresh) {
        const key = requestKey(r);
        const seen = unique.get(key);
        if (!seen) unique.set(key, r);
        else if (seen.type === 'kustomize' && r.type === 'kustomize' && !seen.reconciler && r.reconciler) unique.set(key, { ...seen, reconciler: r.reconciler });
      }
      if (unique.size === 0) break;
      const results = await mapWithLimit([...unique.entries()], options.concurrency ?? os.availableParallelism(), async ([key, request]) => {
        const promise = renderOne(request).catch((err: unknown) => internalFailure(request, err));
        processed.set(key, promise);
        return promise;
      });
      const newObjects: GitOpsObject[] = [];
      const requests = [...unique.values()];
      for (const [i, outcome] of results.entries()) {
        requestOf.set(outcome, requests[i]!);
        outcomes.push(outcome);
        outcome.consumed.forEach((f) => consumedAbs.add(f));
        for (const r of outcome.resources) if (mayNameRoots(r.object)) newObjects.push({ object: r.object, file: r.source.file, docIndex: r.source.docIndex, locate: r.locate });
      }
      knownObjects.push(...newObjects);
      pending = [];
      scanFrom = newObjects;
    }

    const kept = withoutSupersededRenders(outcomes, requestOf);
    const findings: Finding[] = kept.flatMap((o) => o.findings);
    const skipped: SkippedItem[] = kept.flatMap((o) => o.skipped);
    for (const problem of refProblems) addRefProblem(problem, findings, skipped);
    findings.push(...missingToolFindings(outcomes, tools));
    const consumedFiles = new Set([...consumedAbs].filter((f) => isInside(root, f)).map((f) => reportedPath(root, f)));
    for (const file of consumedFiles) skipped.push({ file, kind: 'render-input', reason: 'read by a Kustomize or Helm render; its rendered resources are validated instead' });
    return {
      resources: kept.flatMap((o) => o.resources),
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

function withRelease(request: HelmRequest, release: ChartRelease): HelmRequest {
  return {
    ...request,
    ...(release.releaseName ? { releaseName: release.releaseName } : {}),
    ...(release.namespace ? { namespace: release.namespace } : {}),
    valuesFiles: [...request.valuesFiles, ...release.valuesFiles],
  };
}

/**
 * A folder a Flux Kustomization or Argo CD Application renders with its own options (patches,
 * substitutions, a namespace) is synced that way only: its plain render would report
 * `${VAR}` placeholders and other things the reconciler replaces.
 */
function withoutSupersededRenders(outcomes: Outcome[], requestOf: Map<Outcome, RenderRequest>): Outcome[] {
  const byReconciler = new Set<string>();
  for (const request of requestOf.values()) if (request.type === 'kustomize' && !request.discovered) byReconciler.add(request.dir);
  return outcomes.filter((o) => {
    const request = requestOf.get(o);
    return !(request?.type === 'kustomize' && request.discovered && byReconciler.has(request.dir));
  });
}

/** A render that threw (a bug, or the file system failing under it) is a failed render, never a crash. */
function internalFailure(request: RenderRequest, err: unknown): Outcome {
  const message = err instanceof Error ? err.message : String(err);
  return {
    resources: [],
    findings: [renderFinding(RULE_RENDER_FAILED, request.label.file, undefined, `rendering failed inside syncgate: ${message}`, `internal|${requestKey(request)}`)],
    skipped: [],
    consumed: new Set(),
    rendered: false,
  };
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
