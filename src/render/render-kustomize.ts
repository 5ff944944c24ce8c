import path from 'node:path';
import { reportedPath } from '../load/index.js';
import { renderFinding } from './findings.js';
import { checkChart } from './helm-chart.js';
import { helmCommandForKustomize } from './helm-shim.js';
import { buildKustomization, cleanToolMessage } from './kustomize-build.js';
import type { KustomizationFile } from './kustomization-file.js';
import type { KustomizeGraph } from './kustomize-graph.js';
import { emptyOutcome, rootRange, type Outcome, type RenderEnv } from './outcome.js';
import { kustomizeResources, parseRenderedOutput } from './rendered-resources.js';
import type { KustomizeRequest } from './requests.js';
import { RULE_PATH_ESCAPE, RULE_REMOTE_NOT_RENDERED, RULE_RENDER_FAILED } from './rules.js';
import { markBroken, type RenderTools } from './tools.js';

/** Renders one kustomization, unless it names paths outside the repository or remote bases (without --allow-network). */
export async function renderKustomizeRequest(request: KustomizeRequest, graphs: KustomizeGraph[], tools: RenderTools, e: RenderEnv): Promise<Outcome> {
  // The root's graph first, then those of the components the reconciler adds.
  const graph = mergeGraphs(graphs);
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
  if (graph.remotes.length > 0 && !e.allowNetwork) {
    for (const remote of graph.remotes) {
      const k = e.ctx.kustomizations.get(remote.kustomization);
      out.findings.push(
        renderFinding(RULE_REMOTE_NOT_RENDERED, reportedPath(e.root, remote.kustomization), k.index.locate(0, remote.entry.pointer)?.range, `remote ${remote.entry.role} ${remote.entry.value} needs the network: ${dirLabel} was not rendered (pass --allow-network to render it)`, remote.entry.value),
      );
    }
    out.skipped.push({ file: request.label.file, kind: 'not-rendered', reason: `uses remote bases (${graph.remotes.map((r) => r.entry.value).join(', ')}); pass --allow-network to render it` });
    return out;
  }
  // Flux's kustomize-controller builds without --enable-helm: the reconciler itself would fail.
  if (request.reconciler === 'flux' && graph.helmCharts.length > 0) {
    const { kustomization, chart } = graph.helmCharts[0]!;
    const k = e.ctx.kustomizations.get(kustomization);
    out.findings.push(
      renderFinding(
        RULE_RENDER_FAILED,
        reportedPath(e.root, kustomization),
        k.index.locate(0, chart.pointer)?.range,
        `Flux builds ${dirLabel} without Kustomize's --enable-helm, so its helmCharts (${graph.helmCharts.map((c) => c.chart.name).join(', ')}) fail the sync: use a HelmRelease for the chart`,
        `flux-helmCharts|${dirLabel}`,
      ),
    );
    return out;
  }
  // Kustomize would pull a chart that is not vendored into chartHome, inside the repository:
  // syncgate never writes there, so such a root is reported, not rendered (with or without network).
  const pulled = graph.helmCharts.filter((c) => !c.vendoredDir);
  if (pulled.length > 0) {
    for (const { kustomization, chart } of pulled) {
      const k = e.ctx.kustomizations.get(kustomization);
      const where = chart.version && chart.repo ? `${k.chartHome}/${chart.name}-${chart.version}/${chart.name}` : `${k.chartHome}/${chart.name}`;
      out.findings.push(
        renderFinding(
          RULE_REMOTE_NOT_RENDERED,
          reportedPath(e.root, kustomization),
          k.index.locate(0, chart.pointer)?.range,
          `helm chart ${chart.name}${chart.version ? ` ${chart.version}` : ''}${chart.repo ? ` from ${chart.repo}` : ''} is not vendored: Kustomize would download it into ${where} in the repository, so ${dirLabel} was not rendered (vendor the chart there to have it checked)`,
          `helmChart|${chart.name}|${chart.repo ?? ''}`,
        ),
      );
    }
    out.skipped.push({ file: request.label.file, kind: 'not-rendered', reason: `inflates Helm charts that are not vendored (${pulled.map((c) => c.chart.name).join(', ')})` });
    return out;
  }
  // Helm follows symbolic links inside a chart: a vendored chart gets the checks a chart root gets.
  for (const { kustomization, chart, vendoredDir } of graph.helmCharts) {
    const check = checkChart(vendoredDir!, e.root, e.realRoot);
    for (const escape of check.escapes) {
      out.findings.push(renderFinding(RULE_PATH_ESCAPE, reportedPath(e.root, escape.file), undefined, `${escape.reason}: syncgate does not read files outside the repository, so ${dirLabel} was not rendered`, escape.reason));
    }
    if (check.remotes.length > 0) {
      const k = e.ctx.kustomizations.get(kustomization);
      out.findings.push(
        renderFinding(RULE_REMOTE_NOT_RENDERED, reportedPath(e.root, kustomization), k.index.locate(0, chart.pointer)?.range, `helm chart ${chart.name} needs dependencies that are not vendored in its charts/: ${check.remotes.join(', ')}; ${dirLabel} was not rendered (run helm dependency build)`, check.remotes.join(',')),
      );
    }
    if (check.escapes.length > 0 || check.remotes.length > 0) return out;
  }
  const t = tools;
  if (!t.kustomize) {
    out.missingTool = 'kustomize';
    out.skipped.push({ file: request.label.file, kind: 'not-rendered', reason: `not rendered: ${t.problems.kustomize ?? 'kustomize is not available'}` });
    return out;
  }
  const inflatesCharts = graph.helmCharts.length > 0;
  if (inflatesCharts && !t.helm) {
    out.missingTool = 'helm';
    out.skipped.push({ file: request.label.file, kind: 'not-rendered', reason: `not rendered: its helmCharts need helm (${t.problems.helm ?? 'helm is not available'})` });
    return out;
  }
  const helmArgs = inflatesCharts ? ['--enable-helm', '--helm-command', helmCommandForKustomize(t.helm!, e.scratch)] : [];
  const build = await buildKustomization(t.kustomize, request.dir, e.scratch, e.env, e.timeoutMs, request.overlay, request.components, helmArgs);
  if (build.run.notRunnable) {
    markBroken(t, 'kustomize', build.run.failure ?? 'kustomize cannot run');
    return renderKustomizeRequest(request, graphs, tools, e);
  }
  if (!build.run.ok) {
    const message = cleanToolMessage(build.run.failure ?? 'failed', e.root, e.scratch, build.originBase);
    out.findings.push(renderFinding(RULE_RENDER_FAILED, request.label.file, rootRange(request.label), `kustomize build ${dirLabel} failed: ${message}`, `kustomize|${dirLabel}`));
    return out;
  }
  const output = request.substitute ? substituteVariables(build.run.stdout, request.substitute) : build.run.stdout;
  const parsed = parseRenderedOutput(output, `${dirLabel} (rendered)`);
  const rootKustomization = graph.kustomizations[0] ?? path.join(request.dir, 'kustomization.yaml');
  out.resources = kustomizeResources(parsed.objects, build.originBase, rootKustomization, request.label, e.ctx, overlayKustomization(request, e));
  graph.files.forEach((f) => out.consumed.add(f));
  out.rendered = true;
  return out;
}

function mergeGraphs(graphs: KustomizeGraph[]): KustomizeGraph {
  const [first, ...rest] = graphs;
  if (!first) throw new Error('no kustomization graph');
  if (rest.length === 0) return first;
  return {
    rootDir: first.rootDir,
    kustomizations: graphs.flatMap((g) => g.kustomizations),
    files: new Set(graphs.flatMap((g) => [...g.files])),
    includedDirs: new Set(graphs.flatMap((g) => [...g.includedDirs])),
    escapes: graphs.flatMap((g) => g.escapes),
    remotes: graphs.flatMap((g) => g.remotes),
    helmCharts: graphs.flatMap((g) => g.helmCharts),
  };
}

/** The reconciler's inline patches, read from the object that holds them, as if they were a kustomization's. */
function overlayKustomization(request: KustomizeRequest, e: RenderEnv): KustomizationFile | undefined {
  const source = request.overlayPatches;
  if (!source) return undefined;
  const absolutePath = path.join(e.root, source.file);
  const index = e.ctx.texts.file(absolutePath);
  if (!index) return undefined;
  return {
    absolutePath,
    docIndex: source.docIndex,
    kind: 'Kustomization',
    entries: [],
    patches: source.patches.map((p) => ({ inline: { text: p.text, pointer: p.pointer, ...(p.target ? { target: p.target } : {}) }, ...(p.target ? { target: p.target } : {}) })),
    index,
    helmCharts: [],
    chartHome: 'charts',
  };
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

